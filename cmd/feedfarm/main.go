// Command feedfarm serves N synthetic feeds on loopback for benchmarking
// Tributary, and writes a Tributary config that lists them.
//
//	feedfarm -n 1000 -seed 1 -addr 127.0.0.1:0 -config out.yaml
//
// starts the farm, writes out.yaml (sources feed-0001 ... feed-1000 at
// http://127.0.0.1:PORT/feeds/i), prints the address and serves until
// SIGINT/SIGTERM or -duration elapses. Bodies are generated once into a
// cache directory before the config appears, so the farm spends almost no
// CPU while the program under test runs.
//
//	feedfarm -floor -n 1000 -seed 1 [-cache DIR]
//
// measures the floor instead: the CPU it takes merely to parse the same
// bodies with gofeed and insert their entries into SQLite.
//
// See .ci/bench for the whole benchmark.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "feedfarm:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError marks a bad command line (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if opts.floor {
		return runFloor(ctx, opts, stdout)
	}
	return serve(ctx, opts, stdout)
}
