package aggregate

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// rangeRSS serves posts lo to hi, post i dated i days into 2025, each
// with a body of its own.
func rangeRSS(lo, hi int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://t.example/</link>`)
	day0 := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := hi; i >= lo; i-- {
		fmt.Fprintf(&b, `<item><title>Post %d</title><link>https://t.example/%d</link><guid>https://t.example/%d</guid>`+
			`<pubDate>%s</pubDate><description>Post number %d says %s</description></item>`,
			i, i, i, day0.AddDate(0, 0, i).Format(time.RFC1123Z), i, strings.Repeat(fmt.Sprintf("thing %d and ", i), 40))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// rangeServer serves rangeRSS over the current bounds.
func rangeServer(t *testing.T) (url string, set func(lo, hi int)) {
	var bounds atomic.Pointer[[2]int]
	set = func(lo, hi int) { bounds.Store(&[2]int{lo, hi}) }
	set(1, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := bounds.Load()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rangeRSS(b[0], b[1]))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, set
}

// outputs reads every file the last publish wrote, archive pages included.
func outputs(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRetentionGenerations(t *testing.T) {
	url, serve := rangeServer(t)
	app, db, clk := newTestApp(t, url)
	app.cfg.Retain.MaxPerSource = 12
	app.cfg.Output.MaxEntries, app.cfg.Output.ArchivePages = 3, 2
	app.cfg.Feed.URL = "https://planet.example/atom.xml"
	clk.set(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC))
	ctx := context.Background()
	var last map[string]string
	for gen := 1; gen <= 5; gen++ {
		serve(gen*10-9, gen*10)
		clk.set(clk.now().Add(time.Hour))
		sum, err := app.Cycle(ctx, RunOptions{All: true, Publish: true})
		if err != nil || sum.Inserted != 10 {
			t.Fatalf("generation %d: %+v, %v; want 10 new", gen, sum, err)
		}
		counts, _ := db.EntryCounts(ctx)
		if want := min(gen*10, 12); counts["s0"] != want {
			t.Errorf("generation %d: %d entries stored, want %d", gen, counts["s0"], want)
		}
		// Pruning took only what no output shows: publishing again now
		// gives the same files, and the archive pages kept their numbers.
		last = outputs(t, app.cfg.Output.Dir)
		if _, err := app.Publish(ctx); err != nil {
			t.Fatal(err)
		}
		again := outputs(t, app.cfg.Output.Dir)
		for name, body := range last {
			if again[name] != body {
				t.Errorf("generation %d: %s changed when published again after pruning", gen, name)
			}
		}
		if len(again) != len(last) {
			t.Errorf("generation %d: %d output files, then %d", gen, len(last), len(again))
		}
	}
	// 50 posts, 3 in atom.xml, 47 beyond: archive pages 15 (posts 45-47)
	// and 16 (48-49... numbered from the oldest post ever archived).
	for name, want := range map[string][]string{
		"atom.xml":       {"Post 50", "Post 49", "Post 48"},
		"archive/16.xml": {"Post 47", "Post 46"},
		"archive/15.xml": {"Post 45", "Post 44", "Post 43"},
	} {
		if got := titlesOf(t, filepath.Join(app.cfg.Output.Dir, name)); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}

	// Every generation served again, without validators: the pruned posts
	// do not come back, and nothing is published anew.
	serve(1, 50)
	clk.set(clk.now().Add(time.Hour))
	sum, err := app.Cycle(ctx, RunOptions{All: true, Publish: true})
	if err != nil || sum.Inserted != 0 || sum.Wrote {
		t.Fatalf("all generations again: %+v, %v; want nothing new and nothing rewritten", sum, err)
	}
	if got := outputs(t, app.cfg.Output.Dir); got["atom.xml"] != last["atom.xml"] {
		t.Error("atom.xml changed when pruned posts were served again")
	}
	if gone, _ := db.TombstoneCounts(ctx); gone["s0"] != 38 {
		t.Errorf("%d tombstones, want 38", gone["s0"])
	}
}

func TestRetentionByAgeRunsDaily(t *testing.T) {
	url, serve := rangeServer(t)
	app, db, clk := newTestApp(t, url)
	app.cfg.Output.MaxEntries, app.cfg.Output.ArchivePages = 2, 0
	app.cfg.Retain.MaxAge = 53 * 24 * time.Hour
	// Posts 1-20 are dated January 2-21, 2025.
	serve(1, 20)
	ctx := context.Background()
	count := func() int {
		counts, _ := db.EntryCounts(ctx)
		return counts["s0"]
	}
	for _, later := range []time.Duration{0, 23 * time.Hour} {
		clk.set(time.Date(2025, 3, 12, 0, 0, 0, 0, time.UTC).Add(later))
		if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
			t.Fatal(err)
		}
		// The first cycle only starts the clock: a cold start pays only
		// for what it stores. The next day's pass has not come yet.
		if got := count(); got != 20 {
			t.Errorf("cycle at +%s: %d entries, want all 20", later, got)
		}
	}
	// 53 days before March 12, 23:00 is January 18, 23:00: posts 1-17 are
	// older; 19 and 20 are in atom.xml.
	dry, err := app.Prune(ctx, true)
	if err != nil || !dry.DryRun || dry.Entries != 17 || dry.BySource["s0"] != 17 || count() != 20 {
		t.Errorf("dry run: %+v, %v, %d stored; want 17 to go from s0 and nothing gone", dry, err, count())
	}
	clk.set(clk.now().Add(2 * time.Hour))
	if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	// 53 days before March 13, 01:00 is January 19: posts 18-20 stay.
	if got := count(); got != 3 {
		t.Errorf("after the next day's pass: %d entries, want 3", got)
	}
	// The two posts atom.xml shows are never pruned, however old.
	app.cfg.Retain.MaxAge = time.Hour
	rep, err := app.Prune(ctx, false)
	if err != nil || rep.Entries != 1 || count() != 2 {
		t.Errorf("prune now: %+v, %v, %d stored; want 1 pruned and the 2 published kept", rep, err, count())
	}
}

// TestRetentionSparesWhatTheCyclePublishes: with a cap smaller than what
// the outputs show, a cycle's trim (which runs while the outputs are
// written) keeps every post the feed and its archive pages show, and
// nothing else; publishing again gives the same files.
func TestRetentionSparesWhatTheCyclePublishes(t *testing.T) {
	url, serve := rangeServer(t)
	app, db, clk := newTestApp(t, url)
	app.cfg.Retain.MaxPerSource = 2
	app.cfg.Output.MaxEntries, app.cfg.Output.ArchivePages = 3, 2
	clk.set(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC))
	ctx := context.Background()
	for _, gen := range []struct {
		lo, hi int
		kept   int // posts shown: 3 in atom.xml, the rest on the two newest archive pages
	}{
		{1, 10, 7},  // 10-8, then pages of posts 7 and 6-4
		{11, 20, 8}, // 20-18, then pages of 17-16 and 15-13 (posts 1-3 count as pruned)
	} {
		serve(gen.lo, gen.hi)
		clk.set(clk.now().Add(time.Hour))
		if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
			t.Fatal(err)
		}
		if counts, _ := db.EntryCounts(ctx); counts["s0"] != gen.kept {
			t.Errorf("posts %d-%d: %d entries stored, want the %d shown", gen.lo, gen.hi, counts["s0"], gen.kept)
		}
		before := outputs(t, app.cfg.Output.Dir)
		if _, err := app.Publish(ctx); err != nil {
			t.Fatal(err)
		}
		after := outputs(t, app.cfg.Output.Dir)
		for name, body := range before {
			if after[name] != body {
				t.Errorf("posts %d-%d: %s changed when published again after the trim", gen.lo, gen.hi, name)
			}
		}
	}
}

// TestTrimLooksAtTheSourcesThatGrew: between daily passes a cycle trims
// the sources its new entries took over the cap. A source left above it
// by posts the outputs showed until then waits for the daily pass. (A
// third source, which serves nothing, keeps the trim's scope below half
// the sources, past which it ranks them all.)
func TestTrimLooksAtTheSourcesThatGrew(t *testing.T) {
	url0, serve0 := rangeServer(t)
	url1, serve1 := rangeServer(t)
	url2, serve2 := rangeServer(t)
	serve2(1, 0)
	app, db, clk := newTestApp(t, url0, url1, url2)
	app.cfg.Retain.MaxPerSource = 2
	app.cfg.Output.MaxEntries, app.cfg.Output.ArchivePages = 3, 0
	clk.set(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC))
	ctx := context.Background()
	for _, step := range []struct {
		name   string
		later  time.Duration
		s0, s1 [2]int // the posts each source serves
		want0  int
		want1  int
	}{
		// s1's posts 1-5 alone: the three atom.xml shows stay.
		{"s1 grows", time.Hour, [2]int{1, 0}, [2]int{1, 5}, 0, 3},
		// s0's newer posts push s1's out of atom.xml; only s0 grew.
		{"s0 grows", time.Hour, [2]int{6, 8}, [2]int{1, 5}, 3, 3},
		// The next day's pass brings s1 down to the cap.
		{"daily pass", 25 * time.Hour, [2]int{6, 8}, [2]int{1, 5}, 3, 2},
	} {
		serve0(step.s0[0], step.s0[1])
		serve1(step.s1[0], step.s1[1])
		clk.set(clk.now().Add(step.later))
		if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if counts, _ := db.EntryCounts(ctx); counts["s0"] != step.want0 || counts["s1"] != step.want1 {
			t.Errorf("%s: s0 keeps %d and s1 %d, want %d and %d", step.name, counts["s0"], counts["s1"], step.want0, step.want1)
		}
	}
}
