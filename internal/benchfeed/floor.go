package benchfeed

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mmcdole/gofeed"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FloorResult is what the floor measurement did and what it cost.
type FloorResult struct {
	Feeds   int
	Entries int
	Bytes   int64         // body bytes parsed
	Wall    time.Duration // elapsed time of parse and insert
	User    time.Duration // user CPU of the whole process over that span
	Sys     time.Duration // system CPU of the whole process over that span
	MaxRSS  int64         // peak resident set of the process so far, bytes
}

// CPU returns user plus system time.
func (r FloorResult) CPU() time.Duration { return r.User + r.Sys }

// String formats the result on one line for logs and scripts.
func (r FloorResult) String() string {
	return fmt.Sprintf("floor: feeds=%d entries=%d bytes=%d wall=%.2fs user=%.2fs sys=%.2fs cpu=%.2fs maxrss=%dMB",
		r.Feeds, r.Entries, r.Bytes, r.Wall.Seconds(), r.User.Seconds(), r.Sys.Seconds(), r.CPU().Seconds(), r.MaxRSS>>20)
}

// FloorOptions configures Floor.
type FloorOptions struct {
	// DB is the SQLite file to create (or reuse); it must be on disk, since
	// WAL needs a file.
	DB string
	// Workers parse in parallel, as a real run's fetchers would; one
	// goroutine writes. Zero means GOMAXPROCS.
	Workers int
}

// floorSchema is the one table of the floor: roughly the columns a feed
// aggregator must keep per entry, keyed like Tributary's entries table.
const floorSchema = `CREATE TABLE IF NOT EXISTS entries (
	feed       INTEGER NOT NULL,
	guid       TEXT NOT NULL,
	link       TEXT NOT NULL,
	title      TEXT NOT NULL,
	authors    TEXT NOT NULL,
	categories TEXT NOT NULL,
	published  INTEGER,
	updated    INTEGER,
	content    TEXT NOT NULL,
	summary    TEXT NOT NULL,
	PRIMARY KEY (feed, guid)
)`

const floorInsert = `INSERT INTO entries (feed, guid, link, title, authors, categories, published, updated, content, summary)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (feed, guid) DO UPDATE SET link = excluded.link, title = excluded.title, authors = excluded.authors,
	categories = excluded.categories, published = excluded.published, updated = excluded.updated,
	content = excluded.content, summary = excluded.summary`

// Floor parses feeds first..last with gofeed and inserts their entries into
// one SQLite table, one transaction per feed, in WAL mode: the least work any
// aggregator must do with the same bodies. body returns feed i's bytes; it
// runs inside the measured span, so it should be cheap (a cached file read),
// not a generation. CPU is taken with getrusage(RUSAGE_SELF) at both ends, so
// the figure covers the whole process, like /usr/bin/time would.
func Floor(ctx context.Context, opts FloorOptions, first, last int, body func(i int) ([]byte, error)) (FloorResult, error) {
	// The same pragmas as Tributary's store, so the comparison is fair.
	q := url.Values{"_pragma": {"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)"}}
	db, err := sql.Open("sqlite", "file:"+opts.DB+"?"+q.Encode())
	if err != nil {
		return FloorResult{}, fmt.Errorf("floor: open %s: %w", opts.DB, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, floorSchema); err != nil {
		return FloorResult{}, fmt.Errorf("floor: create table: %w", err)
	}

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type parsed struct {
		i     int
		size  int
		items []*gofeed.Item
		err   error
	}
	var res FloorResult
	before, err := rusage()
	if err != nil {
		return res, err
	}
	start := time.Now()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	out := make(chan parsed, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			p := gofeed.NewParser()
			for i := range next {
				b, err := body(i)
				var f *gofeed.Feed
				if err == nil {
					f, err = p.Parse(bytes.NewReader(b))
				}
				pr := parsed{i: i, size: len(b), err: err}
				if err == nil {
					pr.items = f.Items
				}
				select {
				case out <- pr:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		defer close(next)
		for i := first; i <= last; i++ {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(out)
	}()

	var werr error
	for pr := range out {
		if werr != nil {
			continue
		}
		if pr.err != nil {
			werr = fmt.Errorf("floor: feed %d: %w", pr.i, pr.err)
			cancel()
			continue
		}
		if err := insertFeed(ctx, db, pr.i, pr.items); err != nil {
			werr = fmt.Errorf("floor: feed %d: %w", pr.i, err)
			cancel()
			continue
		}
		res.Feeds++
		res.Entries += len(pr.items)
		res.Bytes += int64(pr.size)
	}
	if werr != nil {
		return res, werr
	}
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("floor: %w", err)
	}

	res.Wall = time.Since(start)
	after, err := rusage()
	if err != nil {
		return res, err
	}
	res.User = tv(after.Utime) - tv(before.Utime)
	res.Sys = tv(after.Stime) - tv(before.Stime)
	res.MaxRSS = after.Maxrss << 10 // Linux reports kilobytes
	return res, nil
}

func insertFeed(ctx context.Context, db *sql.DB, feed int, items []*gofeed.Item) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, floorInsert)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, it := range items {
		guid := it.GUID
		if guid == "" {
			guid = it.Link
		}
		var authors []string
		for _, a := range it.Authors {
			if a != nil {
				authors = append(authors, a.Name)
			}
		}
		content := it.Content
		if content == "" {
			content = it.Description
		}
		if _, err := stmt.ExecContext(ctx, feed, guid, it.Link, it.Title, strings.Join(authors, "\n"),
			strings.Join(it.Categories, "\n"), unix(it.PublishedParsed), unix(it.UpdatedParsed),
			content, it.Description); err != nil {
			return fmt.Errorf("insert %q: %w", guid, err)
		}
	}
	return tx.Commit()
}

func unix(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Unix()
}

func rusage() (syscall.Rusage, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return ru, fmt.Errorf("getrusage: %w", err)
	}
	return ru, nil
}

func tv(t syscall.Timeval) time.Duration {
	return time.Duration(t.Sec)*time.Second + time.Duration(t.Usec)*time.Microsecond
}
