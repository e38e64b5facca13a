package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/tributary/tributary/internal/benchfeed"
)

// runFloor fills the body cache (not measured), then parses and inserts
// every body (measured) and prints one line of key=value figures.
func runFloor(ctx context.Context, o options, stdout io.Writer) error {
	g := benchfeed.New(o.seed)
	cacheDir, cleanCache, err := orTemp(o.cache, "feedfarm-cache-")
	if err != nil {
		return err
	}
	defer cleanCache()
	dbDir, cleanDB, err := orTemp(o.dir, "feedfarm-floor-")
	if err != nil {
		return err
	}
	defer cleanDB()
	c := benchfeed.Cache{Dir: cacheDir, Gen: g}
	start := time.Now()
	if err := c.Fill(ctx, 1, o.n, false, runtime.GOMAXPROCS(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "feedfarm: %d bodies ready in %s (%.1fs, not measured)\n", o.n, cacheDir, time.Since(start).Seconds())

	db := filepath.Join(dbDir, fmt.Sprintf("floor-%d.db", time.Now().UnixNano()))
	defer func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suffix)
		}
	}()
	body := func(i int) ([]byte, error) { return os.ReadFile(c.Path(i, false)) }
	res, err := benchfeed.Floor(ctx, benchfeed.FloorOptions{DB: db, Workers: o.workers}, 1, o.n, body)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, res)
	return nil
}
