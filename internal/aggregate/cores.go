package aggregate

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// coreGate hands out one token per core to the CPU-bound steps of a
// cycle: the workers' parsing and preparing, and the writer's storing.
//
// Why: one writer stores every result, and a cold cycle spends most of
// its time waiting on it. Left to the Go scheduler, a busy writer shares
// the cores evenly with the eight workers; the workers, having outrun it,
// then block with their results while it finishes alone on one core and
// the other idles. Gated, the writer stores at the speed of a whole core
// and the workers use what is left, so both cores stay busy.
//
// The writer never waits: it takes a token even when none is free, and
// the next token a worker gives back pays for it instead of going to the
// next worker. Workers are served in the order they asked.
type coreGate struct {
	mu      sync.Mutex
	free    int             // tokens free; below zero while the writer runs on credit
	workers []chan struct{} // workers waiting, first first
}

// newCoreGate returns a gate with n tokens (at least one).
func newCoreGate(n int) *coreGate {
	return &coreGate{free: max(1, n)}
}

// holdWriter takes a token for the writer, at once, and returns the
// function that gives it back.
func (g *coreGate) holdWriter() (release func()) {
	g.mu.Lock()
	g.free--
	g.mu.Unlock()
	return g.release
}

// hold waits for a token for a worker and returns the function that gives
// it back. It gives up when ctx ends.
func (g *coreGate) hold(ctx context.Context) (release func(), err error) {
	g.mu.Lock()
	if g.free > 0 && len(g.workers) == 0 {
		g.free--
		g.mu.Unlock()
		return g.release, nil
	}
	ch := make(chan struct{})
	g.workers = append(g.workers, ch)
	g.mu.Unlock()
	select {
	case <-ch:
		return g.release, nil
	case <-ctx.Done():
		g.mu.Lock()
		i := slices.Index(g.workers, ch)
		if i >= 0 {
			g.workers = slices.Delete(g.workers, i, i+1)
		}
		g.mu.Unlock()
		if i < 0 {
			g.release() // handed over just as ctx ended: pass it on
		}
		return nil, fmt.Errorf("waiting for a core: %w", context.Cause(ctx))
	}
}

// release gives a token back: it pays off what the writer took on credit,
// else goes to the first worker waiting, else to the pool.
func (g *coreGate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.free++
	if g.free > 0 && len(g.workers) > 0 {
		g.free--
		close(g.workers[0])
		g.workers = g.workers[1:]
	}
}
