package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Health statuses for Health.Status.
const (
	StatusOK       = "ok"
	StatusDegraded = "degraded" // still 200: many sources failing, but the river still flows
	StatusStale    = "stale"    // cycles run, but the last success is too old
	StatusFailing  = "failing"  // the last cycle failed
	StatusStarting = "starting" // no cycle has finished yet
)

// Health is the daemon's state as /healthz reports it. The scheduler owns
// the policy (what counts as stale); the server only renders it.
type Health struct {
	OK             bool      // 200 when true, 503 otherwise
	Status         string    // one of the Status* constants; "" means ok or failing by OK
	LastCycle      time.Time // end of the last cycle, zero if none yet
	LastSuccess    time.Time // end of the last successful cycle, zero if none yet
	SourcesFailing int       // sources whose last fetch failed
	Message        string    // short human-readable detail, optional
}

// healthBody is Health's wire form. Every key is always present, zero times
// as null, so a probe can parse it with a fixed schema.
type healthBody struct {
	Status         string  `json:"status"`
	LastCycle      *string `json:"last_cycle"`
	LastSuccess    *string `json:"last_success"`
	SourcesFailing int     `json:"sources_failing"`
	Message        string  `json:"message"`
}

func rfc3339(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Truncate(time.Second).Format(time.RFC3339)
	return &s
}

// health returns the state to report: Options.Health, or without it, ok
// once outputs are loaded.
func (s *Server) health() Health {
	if s.opts.Health != nil {
		return s.opts.Health()
	}
	if s.snap.Load() == nil {
		return Health{Status: StatusStarting, Message: "outputs not loaded yet"}
	}
	return Health{OK: true, Status: StatusOK}
}

func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	hl := s.health()
	status := hl.Status
	if status == "" {
		status = StatusFailing
		if hl.OK {
			status = StatusOK
		}
	}
	body, err := json.Marshal(healthBody{
		Status:         status,
		LastCycle:      rfc3339(hl.LastCycle),
		LastSuccess:    rfc3339(hl.LastSuccess),
		SourcesFailing: hl.SourcesFailing,
		Message:        hl.Message,
	})
	if err != nil {
		// Only strings, ints and nils go in, so this is a bug; serveHTTP
		// recovers and answers 500, which a probe reads as unhealthy.
		panic(fmt.Sprintf("marshal health: %v", err))
	}
	body = append(body, '\n')
	code := http.StatusOK
	if !hl.OK {
		code = http.StatusServiceUnavailable
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h["Cache-Control"] = hdrNoStore
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
