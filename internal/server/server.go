// Package server is the HTTP side of `tributary serve`: it serves the
// outputs that publish wrote (atom.xml, rss.xml, feed.json, opml.xml,
// index.html, feed.xsl, archive pages) from an in-memory snapshot with
// strong ETags, Last-Modified, gzip and conditional requests, and answers
// /healthz and /metrics. The scheduler calls Reload after each publish.
package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options configures a Server. The zero value serves nothing until Reload
// is given a directory, with max-age=0 and no /metrics.
type Options struct {
	// Dir is the output directory; Reload("") loads it.
	Dir string
	// CacheMaxAge is Cache-Control's max-age for the outputs. Zero makes
	// caches revalidate every time, which the ETags keep cheap.
	CacheMaxAge time.Duration
	// Health reports the daemon's state for /healthz. Nil reports "ok"
	// once a snapshot is loaded and "starting" before.
	Health func() Health
	// Registry is gathered for /metrics; nil means no /metrics route.
	Registry *prometheus.Registry
	// Logger receives the access log (Debug) and handler panics (Error).
	// Nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxFileSize caps each output file; 0 means the package's MaxFileSize.
	MaxFileSize int64
	// Search answers /search and /search.xml; nil leaves them to the
	// snapshot (404).
	Search Searcher
}

// Server serves the current Snapshot of the output directory. Its methods
// are safe for concurrent use.
type Server struct {
	opts         Options
	log          *slog.Logger
	now          func() time.Time
	cacheControl []string
	metrics      http.Handler // nil without a Registry
	handler      http.Handler

	snap     atomic.Pointer[Snapshot]
	reloadMu sync.Mutex // serialises Reload, so each load sees the snapshot it replaces
}

// New returns a Server for opts. It does no I/O: call Reload to load the
// outputs already on disk before serving, and again after each publish.
// Until the first successful Reload, output routes answer 503.
func New(opts Options) *Server {
	s := &Server{opts: opts, log: opts.Logger, now: opts.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	maxAge := max(int64(opts.CacheMaxAge/time.Second), 0)
	s.cacheControl = []string{"public, max-age=" + strconv.FormatInt(maxAge, 10)}[:1:1]
	if opts.Registry != nil {
		s.metrics = promhttp.HandlerFor(opts.Registry, promhttp.HandlerOpts{
			ErrorLog:      slogPrintln{s.log},
			ErrorHandling: promhttp.ContinueOnError,
		})
	}
	s.handler = http.HandlerFunc(s.serveHTTP)
	return s
}

// Reload loads dir (Options.Dir when dir is "") into a new Snapshot and
// swaps it in atomically; requests in flight finish with the old one. Files
// whose bytes did not change keep their Last-Modified. On error the
// current snapshot stays in service.
func (s *Server) Reload(dir string) error {
	if dir == "" {
		dir = s.opts.Dir
	}
	if dir == "" {
		return errors.New("reload: no output directory")
	}
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	next, err := LoadWith(dir, LoadOptions{
		Previous:    s.snap.Load(),
		MaxFileSize: s.opts.MaxFileSize,
		Now:         s.now,
	})
	if err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	s.snap.Store(next)
	return nil
}

// Snapshot returns the snapshot being served, or nil before the first
// successful Reload.
func (s *Server) Snapshot() *Snapshot { return s.snap.Load() }

// Handler returns the server's HTTP handler; every call returns the same
// one.
func (s *Server) Handler() http.Handler { return s.handler }

// Routes outside the snapshot. They take precedence over files of the same
// name, which publish never writes.
const (
	healthPath  = "/healthz"
	metricsPath = "/metrics"
)

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["X-Content-Type-Options"] = hdrNosniff
	h["Referrer-Policy"] = hdrNoReferrer

	// The access log needs the status and size, which only a wrapper
	// sees; wrapping only when Debug is on keeps the quiet path free of
	// the extra allocation.
	var lw *logWriter
	var start time.Time
	if s.log.Enabled(r.Context(), slog.LevelDebug) {
		lw = &logWriter{ResponseWriter: w}
		w = lw
		start = s.now()
	}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("Handler panicked", "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			// Without the Debug wrapper it is unknown whether headers went
			// out; the panics possible here (Options.Health, the metrics
			// gatherer) happen before any, and a late 500 only costs a
			// "superfluous WriteHeader" line in net/http's log.
			if lw == nil || lw.status == 0 {
				http.Error(w, "internal server error", http.StatusInternalServerError)
			}
		}
		if lw != nil {
			s.log.LogAttrs(r.Context(), slog.LevelDebug, "Served request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", lw.code()),
				slog.Int64("bytes", lw.bytes),
				slog.String("encoding", w.Header().Get("Content-Encoding")),
				slog.Duration("duration", s.now().Sub(start)),
				slog.String("remote", r.RemoteAddr))
		}
	}()

	switch {
	case r.URL.Path == healthPath:
		if allowRead(w, r) {
			s.serveHealth(w, r)
		}
	case r.URL.Path == metricsPath && s.metrics != nil:
		if allowRead(w, r) {
			s.metrics.ServeHTTP(w, r)
		}
	case r.URL.Path == searchPath && s.opts.Search != nil:
		if allowRead(w, r) {
			s.serveSearchPage(w, r)
		}
	case r.URL.Path == searchFeedPath && s.opts.Search != nil:
		if allowRead(w, r) {
			s.serveSearchFeed(w, r)
		}
	default:
		if allowRead(w, r) {
			s.serveFile(w, r)
		}
	}
}

// allowRead answers 405 to anything but GET and HEAD: the server is
// read-only everywhere.
func allowRead(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header()["Allow"] = hdrAllow
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}

// Shared header values: full slices, so an append by a wrapper copies
// instead of writing into the shared array.
var (
	hdrNosniff    = []string{"nosniff"}[:1:1]
	hdrNoReferrer = []string{"no-referrer"}[:1:1]
	hdrAllow      = []string{"GET, HEAD"}[:1:1]
	hdrVary       = []string{"Accept-Encoding"}[:1:1]
	hdrGzip       = []string{"gzip"}[:1:1]
	hdrCSP        = []string{csp}[:1:1]
	hdrNoStore    = []string{"no-store"}[:1:1]
)

// csp allows only what the river page uses: it is self-contained with an
// inline style sheet and no scripts, and shows images from the posts' own
// hosts.
const csp = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; " +
	"base-uri 'none'; form-action 'none'"

// logWriter records what the access log reports.
type logWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *logWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *logWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *logWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *logWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// slogPrintln adapts a slog.Logger to promhttp's Logger.
type slogPrintln struct{ log *slog.Logger }

func (l slogPrintln) Println(v ...any) {
	l.log.Error("Metrics exposition failed", "error", fmt.Sprint(v...))
}
