package server

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the daemon's Prometheus series.
type Metrics struct {
	fetches     *prometheus.CounterVec
	entries     prometheus.Gauge
	cycleTime   prometheus.Histogram
	cycles      *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec
	failures    *prometheus.GaugeVec
}

// NewMetrics registers Tributary's series with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tributary_fetches_total", Help: "Source fetches by outcome (ok, not modified, failed).",
		}, []string{"outcome"}),
		entries: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tributary_entries", Help: "Entries in the merged feed after the last publish.",
		}),
		cycleTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "tributary_cycle_duration_seconds", Help: "Duration of one fetch-store-publish cycle.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 14),
		}),
		cycles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tributary_cycles_total", Help: "Cycles by result (ok, failed).",
		}, []string{"result"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tributary_source_last_success_timestamp_seconds", Help: "Unix time of each source's last successful fetch.",
		}, []string{"source"}),
		failures: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tributary_source_failures", Help: "Consecutive failed fetches of each source.",
		}, []string{"source"}),
	}
	reg.MustRegister(m.fetches, m.entries, m.cycleTime, m.cycles, m.lastSuccess, m.failures)
	return m
}

// ObserveFetch counts one source's outcome.
func (m *Metrics) ObserveFetch(outcome string) { m.fetches.WithLabelValues(outcome).Inc() }

// ObserveCycle records a finished cycle.
func (m *Metrics) ObserveCycle(d time.Duration, ok bool, entries int) {
	m.cycleTime.Observe(d.Seconds())
	if ok {
		m.cycles.WithLabelValues("ok").Inc()
		m.entries.Set(float64(entries))
		return
	}
	m.cycles.WithLabelValues("failed").Inc()
}

// SetSource records one source's health.
func (m *Metrics) SetSource(name string, lastSuccess time.Time, failures int) {
	if !lastSuccess.IsZero() {
		m.lastSuccess.WithLabelValues(name).Set(float64(lastSuccess.Unix()))
	}
	m.failures.WithLabelValues(name).Set(float64(failures))
}

// ForgetSource drops a source removed from the config, so /metrics does
// not report it forever.
func (m *Metrics) ForgetSource(name string) {
	m.lastSuccess.DeleteLabelValues(name)
	m.failures.DeleteLabelValues(name)
}
