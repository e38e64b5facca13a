package aggregate

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

func TestSourcesHealth(t *testing.T) {
	now := time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC)
	// Four remote sources fetched hourly (one every 6h) and a local one.
	failingFor := func(d time.Duration) feed.SourceState {
		return feed.SourceState{Failures: 3, FailingSince: now.Add(-d)}
	}
	ok := feed.SourceState{LastSuccess: now}
	tests := []struct {
		name          string
		states        [4]feed.SourceState
		degradedAbove float64
		failingAfter  float64
		want          string
		failing, down int
	}{
		{"all well", [4]feed.SourceState{ok, ok, ok, ok}, 0.5, 2, HealthOK, 0, 0},
		{"half failing is not more than half", [4]feed.SourceState{failingFor(time.Hour), failingFor(time.Hour), ok, ok}, 0.5, 2, HealthOK, 2, 0},
		{"three of four failing", [4]feed.SourceState{failingFor(time.Hour), failingFor(time.Hour), failingFor(time.Hour), ok}, 0.5, 2, HealthDegraded, 3, 0},
		{"a lower threshold", [4]feed.SourceState{failingFor(time.Hour), ok, ok, ok}, 0.2, 2, HealthDegraded, 1, 0},
		{"all failing, not yet for two intervals", [4]feed.SourceState{failingFor(3 * time.Hour), failingFor(3 * time.Hour), failingFor(3 * time.Hour), failingFor(3 * time.Hour)}, 0.5, 2, HealthDegraded, 4, 3},
		{"all down for two of their intervals", [4]feed.SourceState{failingFor(3 * time.Hour), failingFor(3 * time.Hour), failingFor(3 * time.Hour), failingFor(13 * time.Hour)}, 0.5, 2, HealthFailing, 4, 4},
		{"failing_after stretched", [4]feed.SourceState{failingFor(3 * time.Hour), failingFor(3 * time.Hour), failingFor(3 * time.Hour), failingFor(13 * time.Hour)}, 0.5, 4, HealthDegraded, 4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, _, _ := newTestApp(t)
			app.now = func() time.Time { return now }
			app.cfg.Health.DegradedAbove, app.cfg.Health.FailingAfter = tt.degradedAbove, tt.failingAfter
			states := map[string]feed.SourceState{"notes": failingFor(100 * time.Hour)}
			for i, st := range tt.states {
				src := feed.Source{Name: fmt.Sprintf("r%d", i), URL: "https://r.example/feed", Enabled: true}
				if i == 3 {
					src.Interval = 6 * time.Hour
				}
				app.cfg.Sources = append(app.cfg.Sources, src)
				states[src.Name] = st
			}
			app.cfg.Sources = append(app.cfg.Sources,
				feed.Source{Name: "notes", Path: "notes/*.md", Enabled: true},
				feed.Source{Name: "off", URL: "https://off.example/feed", Enabled: false})
			states["off"] = failingFor(100 * time.Hour)
			h := app.SourcesHealth(states)
			if h.State != tt.want || h.Remote != 4 || h.Failing != tt.failing || h.Down != tt.down {
				t.Errorf("got %+v, want %s with 4 remote, %d failing, %d down", h, tt.want, tt.failing, tt.down)
			}
			if want := float64(tt.failing) / 4; h.Ratio() != want {
				t.Errorf("ratio %v, want %v", h.Ratio(), want)
			}
		})
	}
	app, _, _ := newTestApp(t)
	if h := app.SourcesHealth(nil); h.State != HealthOK || h.Ratio() != 0 {
		t.Errorf("no remote sources: %+v, want ok with ratio 0", h)
	}
}

func TestFailingNoticeOnceADay(t *testing.T) {
	app, db, clk := newTestApp(t, "https://a.example/feed", "https://b.example/feed", "https://c.example/feed",
		"https://d.example/feed", "https://e.example/feed")
	app.cfg.Sources[4].Enabled = false
	ctx := context.Background()
	now := clk.now()
	for _, st := range []feed.SourceState{
		{Name: "s0", Failures: 40, FailingSince: now.Add(-8 * 24 * time.Hour)},
		{Name: "s1", Failures: 2, FailingSince: now.Add(-2 * 24 * time.Hour)},
		{Name: "s2", LastSuccess: now},
		{Name: "s3", Failures: 30, FailingSince: now.Add(-7 * 24 * time.Hour)},  // 7 days, not more
		{Name: "s4", Failures: 90, FailingSince: now.Add(-30 * 24 * time.Hour)}, // disabled
	} {
		if err := db.SaveSourceState(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	line, err := app.FailingNotice(ctx)
	if err != nil || !strings.Contains(line, "1 source has been failing for more than 7 days: s0;") || !strings.Contains(line, "tributary remove") {
		t.Errorf("first notice %q, %v; want s0 named with the hint to remove it", line, err)
	}
	clk.set(now.Add(23 * time.Hour))
	if line, err := app.FailingNotice(ctx); err != nil || line != "" {
		t.Errorf("within the day: %q, %v; want nothing", line, err)
	}
	clk.set(now.Add(6 * 24 * time.Hour))
	line, err = app.FailingNotice(ctx)
	if err != nil || !strings.Contains(line, "3 sources have been failing for more than 7 days: s0, s1, s3;") {
		t.Errorf("six days later: %q, %v; want s0, s1 and s3", line, err)
	}
}
