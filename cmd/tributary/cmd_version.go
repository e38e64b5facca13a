package main

import (
	"context"
	"fmt"
	"runtime"
)

func cmdVersion(_ context.Context, e *env, _ []string) error {
	fmt.Fprintf(e.stdout, "tributary %s (%s)\n", version, runtime.Version())
	return nil
}
