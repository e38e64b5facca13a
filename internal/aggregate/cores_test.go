package aggregate

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"testing"
)

// waiting returns how many writers and workers wait at g.
func (g *coreGate) waiting() (writers, workers int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.writers), len(g.workers)
}

// waitFor yields until g has exactly that many waiters: the test follows
// the gate's state, not the clock.
func waitFor(t *testing.T, g *coreGate, writers, workers int) {
	t.Helper()
	for {
		w, k := g.waiting()
		if w == writers && k == workers {
			return
		}
		if w > writers || k > workers {
			t.Fatalf("waiting: %d writers, %d workers; want %d, %d", w, k, writers, workers)
		}
		runtime.Gosched()
	}
}

// TestCoreGateWriterFirst holds the gate's two tokens with workers, queues
// two more workers and then the writer, and checks the order in which
// freed tokens are handed on: the writer first, then the workers in the
// order they asked.
func TestCoreGateWriterFirst(t *testing.T) {
	ctx := context.Background()
	g := newCoreGate(2)
	var held []func()
	for range 2 {
		release, err := g.hold(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, release)
	}
	order := make(chan string, 3)
	done := make(chan struct{}) // closed: the served give their tokens back
	queue := func(name string, first bool, writers, workers int) {
		go func() {
			release, err := g.hold(ctx, first)
			if err != nil {
				t.Error(err)
				return
			}
			order <- name
			<-done
			release()
		}()
		waitFor(t, g, writers, workers)
	}
	queue("worker 1", false, 0, 1)
	queue("worker 2", false, 0, 2)
	queue("writer", true, 1, 2)

	var got []string
	for _, release := range held {
		release()
		got = append(got, <-order)
	}
	// Both tokens are now held by the two served, and worker 2 waits
	// until one of them is done.
	waitFor(t, g, 0, 1)
	close(done)
	got = append(got, <-order)
	want := []string{"writer", "worker 1", "worker 2"}
	if !slices.Equal(got, want) {
		t.Fatalf("served %v, want %v", got, want)
	}
}

// TestCoreGateCancel checks that a waiter whose context ends gets an error
// wrapping the cause, leaves the queue, and takes no token with it.
func TestCoreGateCancel(t *testing.T) {
	for _, first := range []bool{false, true} {
		g := newCoreGate(1)
		release, err := g.hold(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := g.hold(ctx, first)
			errc <- err
		}()
		if first {
			waitFor(t, g, 1, 0)
		} else {
			waitFor(t, g, 0, 1)
		}
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("first=%v: got %v, want context.Canceled", first, err)
		}
		waitFor(t, g, 0, 0)
		release()
		// The one token is back: it can be held again at once.
		again, err := g.hold(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		again()
		if g.free != 1 {
			t.Fatalf("first=%v: %d tokens free, want 1", first, g.free)
		}
	}
}

// TestCoreGateAtLeastOne checks that a gate asked for no cores still has
// one, so that a cycle can never stall on it.
func TestCoreGateAtLeastOne(t *testing.T) {
	for _, n := range []int{-1, 0, 1} {
		g := newCoreGate(n)
		release, err := g.hold(context.Background(), false)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		release()
	}
}
