package benchfeed

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// Cache keeps generated bodies as files, so a farm can serve a cold run from
// the page cache instead of spending CPU on generation while the program
// being measured shares the same cores. File names carry Version and the
// seed, so one directory can never hand out bodies of another generator.
type Cache struct {
	Dir string
	Gen *Generator
}

// Path returns where feed i's body is kept; gz selects the gzip copy.
func (c Cache) Path(i int, gz bool) string {
	name := "v" + strconv.Itoa(Version) + "-s" + strconv.FormatUint(c.Gen.Seed(), 10) + "-" +
		fmt.Sprintf("%06d", i) + c.Gen.Meta(i).Format.Ext()
	if gz {
		name += ".gz"
	}
	return filepath.Join(c.Dir, name)
}

// Ensure writes feed i's body (and its gzip copy when gz is set) unless the
// files already exist. Files appear atomically, so a reader never sees half a
// body.
func (c Cache) Ensure(i int, gz bool) error {
	if err := c.ensure(c.Path(i, false), func(w io.Writer) error {
		_, err := c.Gen.WriteFeed(w, i)
		return err
	}); err != nil {
		return err
	}
	if !gz {
		return nil
	}
	return c.ensure(c.Path(i, true), func(w io.Writer) error {
		zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
		if err != nil {
			return err
		}
		if _, err := c.Gen.WriteFeed(zw, i); err != nil {
			return err
		}
		return zw.Close()
	})
}

func (c Cache) ensure(path string, write func(io.Writer) error) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cache %s: %w", path, err)
	}
	f, err := os.CreateTemp(c.Dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("cache %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("cache %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cache %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("cache %s: %w", path, err)
	}
	return nil
}

// Fill ensures feeds first..last (inclusive) using workers goroutines. It
// stops at the first error or when ctx is cancelled.
func (c Cache) Fill(ctx context.Context, first, last int, gz bool, workers int) error {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	workers = max(workers, 1)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				if err := c.Ensure(i, gz); err != nil {
					cancel(err)
				}
			}
		})
	}
feed:
	for i := first; i <= last; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return fmt.Errorf("fill cache %s: %w", c.Dir, err)
	}
	return nil
}

// Open returns feed i's cached body, writing it first if it is missing.
func (c Cache) Open(i int, gz bool) (*os.File, error) {
	if err := c.Ensure(i, gz); err != nil {
		return nil, err
	}
	f, err := os.Open(c.Path(i, gz))
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	return f, nil
}
