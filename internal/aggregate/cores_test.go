package aggregate

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"testing"
)

// waiting returns how many workers wait at g.
func (g *coreGate) waiting() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.workers)
}

// waitFor yields until exactly n workers wait at g: the test follows the
// gate's state, not the clock.
func waitFor(t *testing.T, g *coreGate, n int) {
	t.Helper()
	for {
		k := g.waiting()
		if k == n {
			return
		}
		if k > n {
			t.Fatalf("%d workers wait, want %d", k, n)
		}
		runtime.Gosched()
	}
}

// TestCoreGateWriterOnCredit holds both of a gate's tokens with workers,
// queues two more workers, and lets the writer in: it must not wait, and
// the first token a worker gives back must pay for the writer's instead of
// letting a waiting worker in. After that, tokens go to the waiting
// workers in the order they asked.
func TestCoreGateWriterOnCredit(t *testing.T) {
	ctx := context.Background()
	g := newCoreGate(2)
	var held []func()
	for range 2 {
		release, err := g.hold(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, release)
	}
	served := make(chan string, 2)
	done := make(chan struct{}) // closed: the served give their tokens back
	for i, name := range []string{"worker 1", "worker 2"} {
		go func() {
			release, err := g.hold(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			served <- name
			<-done
			release()
		}()
		waitFor(t, g, i+1)
	}

	releaseWriter := g.holdWriter() // must return at once with no token free
	held[0]()
	if n := g.waiting(); n != 2 {
		t.Fatalf("after a worker's token paid the writer's: %d workers wait, want 2", n)
	}
	releaseWriter()
	got := []string{<-served}
	held[1]()
	got = append(got, <-served)
	if want := []string{"worker 1", "worker 2"}; !slices.Equal(got, want) {
		t.Fatalf("served %v, want %v", got, want)
	}
	close(done)
	waitFor(t, g, 0)
}

// TestCoreGateCancel checks that a waiting worker whose context ends gets
// an error wrapping the cause, leaves the queue, and takes no token with
// it.
func TestCoreGateCancel(t *testing.T) {
	g := newCoreGate(1)
	release, err := g.hold(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := g.hold(ctx)
		errc <- err
	}()
	waitFor(t, g, 1)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	waitFor(t, g, 0)
	release()
	again, err := g.hold(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	again()
	if g.free != 1 {
		t.Fatalf("%d tokens free, want 1", g.free)
	}
}

// TestCoreGateAtLeastOne checks that a gate asked for no cores still has
// one, so that a cycle can never stall on it.
func TestCoreGateAtLeastOne(t *testing.T) {
	for _, n := range []int{-1, 0, 1} {
		g := newCoreGate(n)
		release, err := g.hold(context.Background())
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		release()
	}
}
