package aggregate

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/benchfeed"
	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/store"
)

// benchRivers are ten rivers as people cut them: by sources, by tag, by
// words, and by tag less some words.
func benchRivers(sources int) []config.River {
	var rivers []config.River
	for i := range 4 {
		r := config.River{Name: fmt.Sprintf("sources-%d", i), MaxEntries: 100}
		for s := i; s < sources; s += 10 {
			r.Sources = append(r.Sources, fmt.Sprintf("s%d", s))
		}
		rivers = append(rivers, r)
	}
	for i := range 3 {
		rivers = append(rivers, config.River{Name: fmt.Sprintf("tag-%d", i), Tags: []string{fmt.Sprintf("t%d", i)}, MaxEntries: 100})
	}
	rivers = append(rivers,
		config.River{Name: "words", Include: []string{"/\\b(delta|ember)\\b/i"}, MaxEntries: 100},
		config.River{Name: "people", Include: []string{"garcia", "Okafor"}, MaxEntries: 100},
		config.River{Name: "tag-less", Tags: []string{"t0", "t1"}, Exclude: []string{"/archive|commons/i"}, MaxEntries: 100},
	)
	for i := range rivers {
		rivers[i].URL = "https://planet.example/" + rivers[i].Name + "/atom.xml"
		rivers[i].ID = rivers[i].URL
	}
	return rivers
}

// bySourceAndTag are ten rivers that read no text: by sources and by tag.
func bySourceAndTag(sources int) []config.River {
	rivers := benchRivers(sources)[:7]
	for i := range 3 {
		r := config.River{Name: fmt.Sprintf("sources-%d", 4+i), MaxEntries: 100, Sources: []string{fmt.Sprintf("s%d", i), fmt.Sprintf("s%d", 30+i)}}
		r.URL = "https://planet.example/" + r.Name + "/atom.xml"
		rivers = append(rivers, r)
	}
	return rivers
}

// BenchmarkPublishRivers publishes the outputs of one database (60 feeds
// of the benchmark farm, about 2,000 posts) with the main feed alone and
// with ten rivers beside it, and with ten that read no text; the ratio of
// each to the first is what rivers cost.
func BenchmarkPublishRivers(b *testing.B) {
	const feeds = 60
	srv := httptest.NewServer(benchfeed.NewHandler(benchfeed.New(1), feeds, benchfeed.HandlerOptions{}))
	defer srv.Close()
	dir := b.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	base := config.Default()
	base.Database = filepath.Join(dir, "bench.db")
	base.Fetch.AllowPrivate = true
	for i := range feeds {
		base.Sources = append(base.Sources, feed.Source{Name: fmt.Sprintf("s%d", i), URL: fmt.Sprintf("%s/feeds/%d", srv.URL, i+1),
			Enabled: true, Order: i, Tags: []string{fmt.Sprintf("t%d", i%3)}})
	}
	clk := newClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	app := func(rivers []config.River, out string) *App {
		cfg := *base
		cfg.Rivers = rivers
		cfg.Output.Dir = filepath.Join(dir, out)
		return New(Options{Config: &cfg, DB: db, Now: clk.now,
			Fetcher: fetch.New(fetch.Options{Timeout: 10 * time.Second, AllowPrivate: true}.WithDefaults())})
	}
	if _, err := app(nil, "fill").Cycle(ctx, RunOptions{All: true}); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		rivers []config.River
	}{{"main", nil}, {"main+10rivers", benchRivers(feeds)}, {"main+10rivers-by-source-and-tag", bySourceAndTag(feeds)}} {
		b.Run(tc.name, func(b *testing.B) {
			a := app(tc.rivers, tc.name)
			n, err := a.Publish(ctx)
			if err != nil || n == 0 {
				b.Fatalf("publish: %d entries, %v", n, err)
			}
			// CPU time, beside the wall time, since the machine may be
			// shared: the process's user and system time per publish.
			before := cpuTime(b)
			for b.Loop() {
				if _, err := a.Publish(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime(b)-before)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the user and system time the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
