package server

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Fetch outcomes for Metrics.ObserveFetch. Other values are accepted, but
// each distinct value is a new series, so keep to a small fixed set.
const (
	FetchOK          = "ok"
	FetchNotModified = "not_modified"
	FetchFailed      = "failed"
)

// Claim states, the values of tributary_claims's state label.
const (
	ClaimsHeld    = "held"
	ClaimsExpired = "expired"
)

// Cycle results, the values of tributary_cycles_total's result label.
const (
	CycleOK     = "ok"
	CycleFailed = "failed"
)

// Metrics holds the daemon's Prometheus series. Its methods are safe for
// concurrent use, and are no-ops on a nil *Metrics so the scheduler can run
// without metrics and without checks.
type Metrics struct {
	fetches       *prometheus.CounterVec
	entries       prometheus.Gauge
	cycleDuration prometheus.Histogram
	cycles        *prometheus.CounterVec
	lastSuccess   *prometheus.GaugeVec
	failures      *prometheus.GaugeVec
	failingRatio  prometheus.Gauge
	claims        *prometheus.GaugeVec
	claimsMine    prometheus.Gauge
	leader        prometheus.Gauge
	leaderToken   prometheus.Gauge
}

// NewMetrics creates the series and registers them with reg (skipped when
// reg is nil). It panics if they are already registered there, as
// prometheus.MustRegister does: that is a wiring bug, not a runtime state.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tributary_fetches_total",
			Help: "Source fetches by outcome (ok, not_modified, failed).",
		}, []string{"outcome"}),
		entries: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tributary_entries",
			Help: "Entries in the merged feed after the last successful cycle.",
		}),
		cycleDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "tributary_cycle_duration_seconds",
			Help: "Duration of one fetch, store and publish cycle.",
			// A cycle of local files takes milliseconds; one waiting on
			// slow hosts can take minutes.
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300},
		}),
		cycles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tributary_cycles_total",
			Help: "Finished cycles by result (ok, failed).",
		}, []string{"result"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tributary_source_last_success_timestamp_seconds",
			Help: "Unix time of each source's last successful fetch; 0 if it never succeeded.",
		}, []string{"source"}),
		failures: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tributary_source_failures",
			Help: "Consecutive failed fetches of each source.",
		}, []string{"source"}),
		failingRatio: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tributary_sources_failing_ratio",
			Help: "Share of the enabled remote sources whose last fetch failed, from 0 to 1.",
		}),
		claims: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tributary_claims",
			Help: "Sources claimed by any worker of the database: held (live) or expired (lapsed unfinished: a worker stalled or died).",
		}, []string{"state"}),
		claimsMine: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tributary_claims_held_here",
			Help: "Sources this instance holds a live claim on.",
		}),
		leader: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tributary_is_leader",
			Help: "1 when this instance led its last cycle (merged duplicates and published), 0 when another did.",
		}),
		leaderToken: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tributary_leader_fencing_token",
			Help: "The leader lease's fencing token: it grows by one at every change of leader.",
		}),
	}
	// Series that exist from the start make rate() and absent() alerts
	// work before the first failure ever happens.
	for _, o := range []string{FetchOK, FetchNotModified, FetchFailed} {
		m.fetches.WithLabelValues(o)
	}
	for _, r := range []string{CycleOK, CycleFailed} {
		m.cycles.WithLabelValues(r)
	}
	for _, st := range []string{ClaimsHeld, ClaimsExpired} {
		m.claims.WithLabelValues(st)
	}
	if reg != nil {
		reg.MustRegister(m.fetches, m.entries, m.cycleDuration, m.cycles, m.lastSuccess, m.failures, m.failingRatio,
			m.claims, m.claimsMine, m.leader, m.leaderToken)
	}
	return m
}

// ObserveFetch counts one fetch of one source by outcome (FetchOK,
// FetchNotModified, FetchFailed...). An empty outcome counts as "unknown".
func (m *Metrics) ObserveFetch(outcome string) {
	if m == nil {
		return
	}
	if outcome == "" {
		outcome = "unknown"
	}
	m.fetches.WithLabelValues(outcome).Inc()
}

// ObserveCycle records a finished cycle: its duration, its result, and on
// success the number of entries in the merged feed. A failed cycle leaves
// the entries gauge alone, since the published feed did not change.
func (m *Metrics) ObserveCycle(d time.Duration, ok bool, entries int) {
	if m == nil {
		return
	}
	m.cycleDuration.Observe(d.Seconds())
	if !ok {
		m.cycles.WithLabelValues(CycleFailed).Inc()
		return
	}
	m.cycles.WithLabelValues(CycleOK).Inc()
	m.entries.Set(float64(entries))
}

// SetSource records one source's state: when it last fetched successfully
// (zero for never, exported as 0 so "time() - x" alerts fire for it) and
// how many fetches in a row have failed.
func (m *Metrics) SetSource(name string, lastSuccess time.Time, failures int) {
	if m == nil {
		return
	}
	var ts float64
	if !lastSuccess.IsZero() {
		ts = float64(lastSuccess.UnixNano()) / 1e9
	}
	m.lastSuccess.WithLabelValues(name).Set(ts)
	m.failures.WithLabelValues(name).Set(float64(failures))
}

// ForgetSource deletes a source's series, for a source removed from the
// config on reload: otherwise /metrics would report it forever.
func (m *Metrics) ForgetSource(name string) {
	if m == nil {
		return
	}
	m.lastSuccess.DeleteLabelValues(name)
	m.failures.DeleteLabelValues(name)
}

// SetFailingRatio records the share of enabled remote sources failing
// (0 to 1), what /healthz's degraded state is judged on.
func (m *Metrics) SetFailingRatio(r float64) {
	if m == nil {
		return
	}
	m.failingRatio.Set(r)
}

// Fleet is what /metrics shows of the workers sharing the database.
type Fleet struct {
	Held, Expired int   // claims of every worker, live and lapsed
	Mine          int   // live claims of this instance
	Leader        bool  // this instance led its last cycle
	Token         int64 // the leader lease's fencing token
}

// SetFleet records the state of the claims and of the leader lease.
func (m *Metrics) SetFleet(f Fleet) {
	if m == nil {
		return
	}
	m.claims.WithLabelValues(ClaimsHeld).Set(float64(f.Held))
	m.claims.WithLabelValues(ClaimsExpired).Set(float64(f.Expired))
	m.claimsMine.Set(float64(f.Mine))
	m.leader.Set(float64(boolGauge(f.Leader)))
	m.leaderToken.Set(float64(f.Token))
}

func boolGauge(b bool) int {
	if b {
		return 1
	}
	return 0
}
