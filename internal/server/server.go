package server

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options configure a Server.
type Options struct {
	Dir         string               // the output directory (informational; Reload names it)
	CacheMaxAge time.Duration        // Cache-Control max-age of the outputs
	Health      func() Health        // /healthz; nil answers 503 "starting"
	Registry    *prometheus.Registry // /metrics; nil for none
	Logger      *slog.Logger         // access log at Debug
	Now         func() time.Time     // injectable clock
}

// Health is what /healthz reports.
type Health struct {
	OK             bool      `json:"-"`
	Status         string    `json:"status"` // ok, stale, failing or starting
	LastCycle      time.Time `json:"last_cycle,omitzero"`
	LastSuccess    time.Time `json:"last_success,omitzero"`
	SourcesFailing int       `json:"sources_failing"`
	Message        string    `json:"message,omitempty"`
}

// Server serves the current snapshot of the outputs.
type Server struct {
	opts Options
	snap atomic.Pointer[Snapshot]
	mux  *http.ServeMux
}

// New builds a Server with nothing to serve yet; Reload fills it.
func New(o Options) *Server {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Server{opts: o, mux: http.NewServeMux()}
	s.mux.HandleFunc("/healthz", s.serveHealth)
	if o.Registry != nil {
		s.mux.Handle("/metrics", promhttp.HandlerFor(o.Registry, promhttp.HandlerOpts{ErrorLog: nil}))
	}
	s.mux.HandleFunc("/", s.serveOutput)
	return s
}

// Reload reads the outputs from dir and swaps them in. On error the
// previous snapshot stays in service.
func (s *Server) Reload(dir string) error {
	next, err := Load(dir, s.snap.Load())
	if err != nil {
		return err
	}
	s.snap.Store(next)
	return nil
}

// Snapshot is what is being served now (nil before the first Reload).
func (s *Server) Snapshot() *Snapshot { return s.snap.Load() }

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		start := s.opts.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		s.mux.ServeHTTP(rec, r)
		s.opts.Logger.Debug("HTTP", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"took", s.opts.Now().Sub(start).String())
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// csp forbids everything the river page does not need: it has no scripts,
// no frames, no forms; images may come from the posts' own hosts.
const csp = "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline' 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (s *Server) serveOutput(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" {
		name = "index.html"
	}
	f, ok := s.snap.Load().File(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, etag, gz := f.Body, f.ETag, false
	if f.Gzip != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		body, etag, gz = f.Gzip, f.GzipETag, true
	}
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Last-Modified", f.ModTime.Format(http.TimeFormat))
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(s.opts.CacheMaxAge.Seconds())))
	h.Set("Vary", "Accept-Encoding")
	if notModified(r, f, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", f.ContentType)
	if strings.HasPrefix(f.ContentType, "text/html") {
		h.Set("Content-Security-Policy", csp)
	}
	if gz {
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// notModified applies RFC 9110's conditional GET: If-None-Match, with weak
// comparison, takes precedence over If-Modified-Since.
func notModified(r *http.Request, f *File, etag string) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil && !f.ModTime.After(t) {
			return true
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding with its q-values: "gzip;q=0" and
// "*;q=0" refuse it.
func acceptsGzip(header string) bool {
	gzipQ, starQ := -1.0, -1.0
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip":
			gzipQ = q
		case "*":
			starQ = q
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}

func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	h := Health{Status: "starting", Message: "no health source"}
	if s.opts.Health != nil {
		h = s.opts.Health()
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	code := http.StatusOK
	if !h.OK {
		code = http.StatusServiceUnavailable
	}
	body, err := json.Marshal(h)
	if err != nil {
		body = []byte(fmt.Sprintf(`{"status":%q}`, h.Status))
	}
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(append(body, '\n'))
	}
}
