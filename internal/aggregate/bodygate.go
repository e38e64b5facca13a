package aggregate

import (
	"context"
	"fmt"
)

// bigBody is the body size from which parsing takes turns. Parsing and
// normalising a feed allocates several times its size, so a few bodies
// near fetch.max_body handled at once by the fetch workers would outgrow
// any memory bound, while bodies under this size (nearly every real feed)
// cost too little for concurrency × size to matter.
const bigBody = 1 << 20

// holdBigBody waits, when a body of n bytes is big, until no other big body
// is being parsed, and returns the function that lets the next one go.
// Workers with small bodies never wait.
func (a *App) holdBigBody(ctx context.Context, n int) (release func(), err error) {
	if n < bigBody {
		return func() {}, nil
	}
	select {
	case a.bigBodies <- struct{}{}:
		return func() { <-a.bigBodies }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting to parse a body of %d bytes: %w", n, context.Cause(ctx))
	}
}
