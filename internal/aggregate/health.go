package aggregate

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

// Health states of the sources as a whole, for /healthz.
const (
	HealthOK       = "ok"
	HealthDegraded = "degraded" // more than health.degraded_above of the remote sources failing
	HealthFailing  = "failing"  // every remote source down for health.failing_after of its intervals
)

// SourcesHealth is how the enabled remote sources are doing: local
// sources are read from disk and never stop the river, so they do not
// count.
type SourcesHealth struct {
	Remote  int    // enabled remote sources
	Failing int    // of those, whose last attempt failed
	Down    int    // of those, failing for longer than health.failing_after of their own intervals
	State   string // one of the Health* constants
	Message string // the state in a few words, for /healthz
}

// Ratio is the share of enabled remote sources failing, 0 when there are
// none.
func (h SourcesHealth) Ratio() float64 {
	if h.Remote == 0 {
		return 0
	}
	return float64(h.Failing) / float64(h.Remote)
}

// SourcesHealth judges the enabled remote sources' states at now by the
// config's health thresholds.
func (a *App) SourcesHealth(states map[string]feed.SourceState) SourcesHealth {
	var h SourcesHealth
	now := a.now()
	for _, src := range a.cfg.Sources {
		if !src.Enabled || src.Local() {
			continue
		}
		h.Remote++
		st := states[src.Name]
		if st.Failures == 0 {
			continue
		}
		h.Failing++
		limit := time.Duration(a.cfg.Health.FailingAfter * float64(a.interval(src, st)))
		if !st.FailingSince.IsZero() && now.Sub(st.FailingSince) > limit {
			h.Down++
		}
	}
	switch {
	case h.Remote > 0 && h.Down == h.Remote:
		h.State = HealthFailing
		h.Message = fmt.Sprintf("all %d remote sources failing for more than %g of their fetch intervals; nothing new can arrive",
			h.Remote, a.cfg.Health.FailingAfter)
	case h.Ratio() > a.cfg.Health.DegradedAbove:
		h.State = HealthDegraded
		h.Message = fmt.Sprintf("%d of %d remote sources failing (see tributary sources)", h.Failing, h.Remote)
	default:
		h.State = HealthOK
		if h.Failing > 0 {
			h.Message = fmt.Sprintf("%d sources failing (see tributary sources)", h.Failing)
		}
	}
	return h
}

// failingNoticeKey is where the time of the last notice about long-failing
// sources is kept.
const failingNoticeKey = "failing_notice"

// FailingNotice is the line `run` prints under cron, at most once a day,
// naming the enabled sources that have been failing for longer than
// health.report_after; "" when there is none or one was given within the
// day. Giving it records the time.
func (a *App) FailingNotice(ctx context.Context) (string, error) {
	after := a.cfg.Health.ReportAfter
	if after <= 0 {
		return "", nil
	}
	due, err := a.due(ctx, failingNoticeKey, 24*time.Hour)
	if err != nil || !due {
		return "", err
	}
	now := a.now()
	failing, err := a.db.FailingBefore(ctx, now.Add(-after))
	if err != nil {
		return "", err
	}
	var names []string
	for _, name := range failing {
		if src, ok := a.cfg.Source(name); ok && src.Enabled {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "", nil
	}
	slices.Sort(names) // in Go's order, whatever the database's collation
	if err := a.db.SetMeta(ctx, failingNoticeKey, now.UTC().Format(time.RFC3339)); err != nil {
		return "", err
	}
	noun := "sources have"
	if len(names) == 1 {
		noun = "source has"
	}
	return fmt.Sprintf("%d %s been failing for more than %s: %s; fix their url, or stop fetching them with 'tributary remove NAME'",
		len(names), noun, days(after), strings.Join(names, ", ")), nil
}

// days writes a duration in whole days when it is one ("7 days"), else as
// Go does.
func days(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == day:
		return "1 day"
	case d%day == 0:
		return fmt.Sprintf("%d days", d/day)
	}
	return d.String()
}
