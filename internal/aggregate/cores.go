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
// The writer goes first: it takes the next token that comes free, ahead
// of any worker waiting. Each queue is served in the order it asked.
type coreGate struct {
	mu      sync.Mutex
	free    int
	writers []chan struct{} // writers waiting, served before workers
	workers []chan struct{} // workers waiting
}

// newCoreGate returns a gate with n tokens (at least one).
func newCoreGate(n int) *coreGate {
	return &coreGate{free: max(1, n)}
}

// hold waits for a token, ahead of every worker when first is set, and
// returns the function that gives it back. It gives up when ctx ends.
func (g *coreGate) hold(ctx context.Context, first bool) (release func(), err error) {
	g.mu.Lock()
	if g.free > 0 && (first || len(g.writers) == 0) {
		g.free--
		g.mu.Unlock()
		return g.release, nil
	}
	ch := make(chan struct{})
	if first {
		g.writers = append(g.writers, ch)
	} else {
		g.workers = append(g.workers, ch)
	}
	g.mu.Unlock()
	select {
	case <-ch:
		return g.release, nil
	case <-ctx.Done():
		g.mu.Lock()
		granted := !g.forget(ch)
		g.mu.Unlock()
		if granted {
			g.release() // handed over just as ctx ended: pass it on
		}
		return nil, fmt.Errorf("waiting for a core: %w", context.Cause(ctx))
	}
}

// release gives a token back: to the first writer waiting, else to the
// first worker waiting, else to the pool.
func (g *coreGate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case len(g.writers) > 0:
		close(g.writers[0])
		g.writers = g.writers[1:]
	case len(g.workers) > 0:
		close(g.workers[0])
		g.workers = g.workers[1:]
	default:
		g.free++
	}
}

// forget removes a waiter that gave up, reporting whether it was still
// waiting (false: a token was already handed to it). The caller holds mu.
func (g *coreGate) forget(ch chan struct{}) bool {
	for _, q := range []*[]chan struct{}{&g.writers, &g.workers} {
		if i := slices.Index(*q, ch); i >= 0 {
			*q = slices.Delete(*q, i, i+1)
			return true
		}
	}
	return false
}
