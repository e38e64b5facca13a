package server

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func newRegistry() *prometheus.Registry { return prometheus.NewRegistry() }

// scrape GETs /metrics through the handler and parses the exposition.
func scrape(t *testing.T, s *Server) map[string]*dto.MetricFamily {
	t.Helper()
	rec := do(s.Handler(), "GET", "/metrics")
	if rec.Code != 200 {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Body.String())
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatalf("parse /metrics: %v\n%s", err, rec.Body.String())
	}
	return fams
}

// value finds the sample of family name whose labels include want.
func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	fam, ok := fams[name]
	if !ok {
		return 0, false
	}
next:
	for _, m := range fam.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if labels[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

func TestMetricsExposition(t *testing.T) {
	reg := newRegistry()
	m := NewMetrics(reg)
	s := New(Options{Registry: reg})

	// Registered names are exposed before any observation.
	fams := scrape(t, s)
	for _, name := range []string{"tributary_fetches_total", "tributary_entries", "tributary_cycle_duration_seconds", "tributary_cycles_total"} {
		if _, ok := fams[name]; !ok {
			t.Errorf("/metrics lacks %s before any observation", name)
		}
	}

	m.ObserveFetch(FetchOK)
	m.ObserveFetch(FetchOK)
	m.ObserveFetch(FetchNotModified)
	m.ObserveFetch(FetchFailed)
	m.ObserveFetch("")
	m.ObserveCycle(1500*time.Millisecond, true, 42)
	m.ObserveCycle(90*time.Second, false, 0)
	m.SetSource("blog", time.Unix(1767225600, 0), 0)
	m.SetSource("flaky", time.Time{}, 3)
	m.SetFailingRatio(0.75)

	fams = scrape(t, s)
	tests := []struct {
		name   string
		metric string
		labels map[string]string
		want   float64
	}{
		{"ok fetches", "tributary_fetches_total", map[string]string{"outcome": "ok"}, 2},
		{"not modified fetches", "tributary_fetches_total", map[string]string{"outcome": "not_modified"}, 1},
		{"failed fetches", "tributary_fetches_total", map[string]string{"outcome": "failed"}, 1},
		{"empty outcome", "tributary_fetches_total", map[string]string{"outcome": "unknown"}, 1},
		{"entries from the ok cycle only", "tributary_entries", nil, 42},
		{"cycle durations", "tributary_cycle_duration_seconds", nil, 2},
		{"ok cycles", "tributary_cycles_total", map[string]string{"result": "ok"}, 1},
		{"failed cycles", "tributary_cycles_total", map[string]string{"result": "failed"}, 1},
		{"last success", "tributary_source_last_success_timestamp_seconds", map[string]string{"source": "blog"}, 1767225600},
		{"never succeeded", "tributary_source_last_success_timestamp_seconds", map[string]string{"source": "flaky"}, 0},
		{"no failures", "tributary_source_failures", map[string]string{"source": "blog"}, 0},
		{"consecutive failures", "tributary_source_failures", map[string]string{"source": "flaky"}, 3},
		{"failing ratio", "tributary_sources_failing_ratio", nil, 0.75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := value(fams, tt.metric, tt.labels)
			if !ok {
				t.Fatalf("no %s%v in /metrics", tt.metric, tt.labels)
			}
			if got != tt.want {
				t.Errorf("%s%v = %v, want %v", tt.metric, tt.labels, got, tt.want)
			}
		})
	}
	if h := fams["tributary_cycle_duration_seconds"].GetMetric()[0].GetHistogram(); h.GetSampleSum() != 91.5 {
		t.Errorf("cycle duration sum = %v, want 91.5", h.GetSampleSum())
	}

	m.ForgetSource("flaky")
	fams = scrape(t, s)
	for _, name := range []string{"tributary_source_last_success_timestamp_seconds", "tributary_source_failures"} {
		if _, ok := value(fams, name, map[string]string{"source": "flaky"}); ok {
			t.Errorf("%s still reports a forgotten source", name)
		}
		if _, ok := value(fams, name, map[string]string{"source": "blog"}); !ok {
			t.Errorf("%s lost the remaining source", name)
		}
	}
}

func TestMetricsLint(t *testing.T) {
	reg := newRegistry()
	m := NewMetrics(reg)
	m.SetSource("blog", time.Unix(1767225600, 0), 1)
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	problems, err := promlint.NewWithMetricFamilies(fams).Lint()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", p.Metric, p.Text)
	}
}

func TestMetricsNil(t *testing.T) {
	var m *Metrics
	// A nil *Metrics is how the scheduler runs without metrics.
	m.ObserveFetch(FetchOK)
	m.ObserveCycle(time.Second, true, 1)
	m.SetSource("a", time.Now(), 0)
	m.ForgetSource("a")
	m.SetFailingRatio(1)

	unregistered := NewMetrics(nil)
	unregistered.ObserveFetch(FetchFailed)
	var got dto.Metric
	if err := unregistered.fetches.WithLabelValues(FetchFailed).Write(&got); err != nil {
		t.Fatal(err)
	}
	if v := got.GetCounter().GetValue(); v != 1 {
		t.Errorf("unregistered fetches = %v, want 1", v)
	}
}

func TestMetricsDoubleRegistrationPanics(t *testing.T) {
	reg := newRegistry()
	NewMetrics(reg)
	defer func() {
		if recover() == nil {
			t.Error("registering the series twice did not panic")
		}
	}()
	NewMetrics(reg)
}

func TestNoMetricsRouteWithoutRegistry(t *testing.T) {
	s, _ := newServer(t, Options{})
	if rec := do(s.Handler(), "GET", "/metrics"); rec.Code != 404 {
		t.Errorf("GET /metrics without a registry: %d, want 404", rec.Code)
	}
}

// TestMetricsFleet: the claims and the leader lease reach /metrics.
func TestMetricsFleet(t *testing.T) {
	reg := newRegistry()
	m := NewMetrics(reg)
	s := New(Options{Registry: reg})
	m.SetFleet(Fleet{Held: 7, Expired: 2, Mine: 3, Leader: true, Token: 41})
	fams := scrape(t, s)
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"tributary_claims", map[string]string{"state": ClaimsHeld}, 7},
		{"tributary_claims", map[string]string{"state": ClaimsExpired}, 2},
		{"tributary_claims_held_here", nil, 3},
		{"tributary_is_leader", nil, 1},
		{"tributary_leader_fencing_token", nil, 41},
	} {
		if got, ok := value(fams, c.name, c.labels); !ok || got != c.want {
			t.Errorf("%s%v = %v (present %v), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	m.SetFleet(Fleet{Token: 42})
	if got, _ := value(scrape(t, s), "tributary_is_leader", nil); got != 0 {
		t.Errorf("tributary_is_leader = %v after another led, want 0", got)
	}
}
