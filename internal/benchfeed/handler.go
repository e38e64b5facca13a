package benchfeed

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// HandlerOptions configures a Handler.
type HandlerOptions struct {
	// Gzip compresses bodies for clients that accept it. Off by default so
	// the bytes served are the bytes parsed, as in the floor measurement.
	Gzip bool
	// CacheDir, if set, serves bodies from files there (see Cache), writing
	// each on first request; empty generates every 200 response afresh.
	CacheDir string
}

// Stats counts what a Handler served.
type Stats struct {
	Requests    int64 `json:"requests"`
	OK          int64 `json:"ok"`
	NotModified int64 `json:"not_modified"`
	NotFound    int64 `json:"not_found"`
	Errors      int64 `json:"errors"`
	BodyBytes   int64 `json:"body_bytes"` // bytes of response bodies written, as sent (compressed if gzip)
}

// Handler serves feeds 1..N at /feeds/{i} with strong ETags and
// Last-Modified, answering 304 Not Modified to a matching If-None-Match or,
// when that header is absent, to an If-Modified-Since not older than the
// feed. Validators come from Meta, so a 304 never builds a body.
type Handler struct {
	gen   *Generator
	n     int
	opts  HandlerOptions
	cache *Cache

	requests, ok, notModified, notFound, errors, bodyBytes atomic.Int64
}

// NewHandler returns a Handler serving n feeds of g.
func NewHandler(g *Generator, n int, opts HandlerOptions) *Handler {
	h := &Handler{gen: g, n: n, opts: opts}
	if opts.CacheDir != "" {
		h.cache = &Cache{Dir: opts.CacheDir, Gen: g}
	}
	return h
}

// Stats returns the counters so far.
func (h *Handler) Stats() Stats {
	return Stats{
		Requests:    h.requests.Load(),
		OK:          h.ok.Load(),
		NotModified: h.notModified.Load(),
		NotFound:    h.notFound.Load(),
		Errors:      h.errors.Load(),
		BodyBytes:   h.bodyBytes.Load(),
	}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.requests.Add(1)
	rest, found := strings.CutPrefix(r.URL.Path, "/feeds/")
	i, err := strconv.Atoi(rest)
	if !found || err != nil || i < 1 || i > h.n || strconv.Itoa(i) != rest {
		h.notFound.Add(1)
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.errors.Add(1)
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	m := h.gen.Meta(i)
	gz := h.opts.Gzip && acceptsGzip(r.Header.Get("Accept-Encoding"))
	etag := m.ETag
	if gz {
		// A strong validator names one representation: the compressed
		// bytes differ, so they get their own tag (RFC 9110 8.8.3).
		etag = strings.TrimSuffix(etag, `"`) + `-gz"`
	}
	hd := w.Header()
	hd.Set("ETag", etag)
	hd.Set("Last-Modified", m.LastModified.Format(http.TimeFormat))
	if h.opts.Gzip {
		hd.Set("Vary", "Accept-Encoding")
	}
	if notModified(r, etag, m.LastModified) {
		h.notModified.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", m.Format.ContentType())
	if gz {
		hd.Set("Content-Encoding", "gzip")
	}
	body, size, err := h.body(i, gz)
	if err != nil {
		h.errors.Add(1)
		hd.Del("ETag")
		hd.Del("Last-Modified")
		http.Error(w, "generate feed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	defer body.Close()
	hd.Set("Content-Length", strconv.FormatInt(size, 10))
	h.ok.Add(1)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	n, _ := io.Copy(w, body)
	h.bodyBytes.Add(n)
}

// body returns feed i's bytes and their length, from the cache when there
// is one.
func (h *Handler) body(i int, gz bool) (io.ReadCloser, int64, error) {
	if h.cache != nil {
		f, err := h.cache.Open(i, gz)
		if err != nil {
			return nil, 0, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, err
		}
		return f, st.Size(), nil
	}
	var b bytes.Buffer
	var w io.Writer = &b
	var zw *gzip.Writer
	if gz {
		zw, _ = gzip.NewWriterLevel(&b, gzip.BestSpeed)
		w = zw
	}
	if _, err := h.gen.WriteFeed(w, i); err != nil {
		return nil, 0, err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return nil, 0, err
		}
	}
	return io.NopCloser(&b), int64(b.Len()), nil
}

// notModified evaluates the request's preconditions in RFC 9110 13.2.2's
// order: If-None-Match decides alone when present (weak comparison, "*"
// matches); otherwise If-Modified-Since, for GET and HEAD only.
func notModified(r *http.Request, etag string, lastModified time.Time) bool {
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		for _, v := range inm {
			for tag := range strings.SplitSeq(v, ",") {
				tag = strings.TrimSpace(tag)
				if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
					return true
				}
			}
		}
		return false
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" {
		return false
	}
	t, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	return !lastModified.After(t)
}

// acceptsGzip reports whether an Accept-Encoding value admits gzip with a
// non-zero quality.
func acceptsGzip(ae string) bool {
	for part := range strings.SplitSeq(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "x-gzip" && name != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		if strings.HasPrefix(q, "q=0") && strings.Trim(strings.TrimPrefix(q, "q=0"), ".0") == "" {
			return false
		}
		return true
	}
	return false
}
