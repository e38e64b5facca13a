package main

import (
	"errors"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/server"
)

func TestDaemonHealthStates(t *testing.T) {
	recent := time.Now()
	tests := []struct {
		name      string
		lastCycle time.Time
		lastOK    time.Time
		lastErr   error
		sources   aggregate.SourcesHealth
		status    string
		ok        bool
	}{
		{"starting", time.Time{}, time.Time{}, nil, aggregate.SourcesHealth{}, server.StatusStarting, false},
		{"ok", recent, recent, nil, aggregate.SourcesHealth{State: aggregate.HealthOK, Remote: 4, Failing: 1}, server.StatusOK, true},
		{"degraded serves on", recent, recent, nil, aggregate.SourcesHealth{State: aggregate.HealthDegraded, Remote: 4, Failing: 3, Message: "3 of 4"}, server.StatusDegraded, true},
		{"every source down", recent, recent, nil, aggregate.SourcesHealth{State: aggregate.HealthFailing, Remote: 4, Failing: 4, Down: 4, Message: "all 4"}, server.StatusFailing, false},
		{"cycle failed", recent, recent.Add(-time.Minute), errors.New("disk full"), aggregate.SourcesHealth{State: aggregate.HealthOK}, server.StatusFailing, false},
		{"stale", recent, recent.Add(-3 * time.Hour), nil, aggregate.SourcesHealth{State: aggregate.HealthDegraded}, server.StatusStale, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &daemon{cfg: config.Default(), lastCycle: tt.lastCycle, lastSuccess: tt.lastOK, lastErr: tt.lastErr, sources: tt.sources}
			h := d.health()
			if h.Status != tt.status || h.OK != tt.ok {
				t.Errorf("health %+v, want status %s, ok %v", h, tt.status, tt.ok)
			}
			if tt.sources.Message != "" && h.Message != tt.sources.Message {
				t.Errorf("message %q, want the sources' %q", h.Message, tt.sources.Message)
			}
		})
	}
}
