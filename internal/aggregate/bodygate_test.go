package aggregate

import (
	"context"
	"errors"
	"testing"
)

// TestHoldBigBody checks that big bodies take turns, small ones never
// wait, and a waiter gives up when its context ends.
func TestHoldBigBody(t *testing.T) {
	a := &App{bigBodies: make(chan struct{}, 1)}
	ctx := context.Background()
	release, err := a.holdBigBody(ctx, bigBody)
	if err != nil {
		t.Fatal(err)
	}
	// A small body goes ahead while a big one is held.
	small, err := a.holdBigBody(ctx, bigBody-1)
	if err != nil {
		t.Fatalf("small body: %v", err)
	}
	small()

	waitCtx, cancel := context.WithCancel(ctx)
	got := make(chan error)
	go func() {
		_, err := a.holdBigBody(waitCtx, 10*bigBody)
		got <- err
	}()
	cancel()
	if err := <-got; !errors.Is(err, context.Canceled) {
		t.Fatalf("second big body while one is held: err = %v, want context.Canceled", err)
	}

	// Once released, the next big body goes ahead, and holds the others
	// back in turn.
	release()
	next, err := a.holdBigBody(ctx, bigBody)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	defer next()
	if _, err := a.holdBigBody(waitCtx, bigBody); !errors.Is(err, context.Canceled) {
		t.Fatalf("big body while the next one is held: err = %v, want context.Canceled", err)
	}
}
