package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/tributary/tributary/internal/publish"
)

// Searcher runs the searches behind /search and /search.xml (the app
// layer's App is one). A query that cannot be run is not an error: it
// comes back as the page's Problem, or as problem, for a 400.
type Searcher interface {
	SearchPage(ctx context.Context, query string) (publish.SearchPage, error)
	SearchFeed(ctx context.Context, query, base string) (f publish.Feed, problem string, err error)
}

// The search routes, answered from the database rather than the snapshot.
const (
	searchPath     = "/search"
	searchFeedPath = "/search.xml"
)

// searchCSP is csp with the search form allowed to submit to this server.
var hdrSearchCSP = []string{strings.Replace(csp, "form-action 'none'", "form-action 'self'", 1)}[:1:1]

// serveSearchPage answers /search?q=: the results page, or a 400 page
// saying why an empty or malformed query cannot be run.
func (s *Server) serveSearchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	page, err := s.opts.Search.SearchPage(r.Context(), q)
	if err != nil {
		s.searchFailed(w, r, err)
		return
	}
	status := http.StatusOK
	if page.Problem != "" {
		status = http.StatusBadRequest
	}
	var buf bytes.Buffer
	if err := publish.SearchHTML(&buf, page); err != nil {
		s.searchFailed(w, r, err)
		return
	}
	w.Header()["Content-Security-Policy"] = hdrSearchCSP
	s.writeSearch(w, r, status, "text/html; charset=utf-8", buf.Bytes())
}

// serveSearchFeed answers /search.xml?q=: the newest matches as an Atom
// feed a reader can subscribe to. An empty or malformed query gets the
// search page with the reason, as a 400.
func (s *Server) serveSearchFeed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	f, problem, err := s.opts.Search.SearchFeed(r.Context(), q, requestBase(r))
	if err != nil {
		s.searchFailed(w, r, err)
		return
	}
	if problem != "" {
		s.serveSearchPage(w, r)
		return
	}
	var buf bytes.Buffer
	if err := publish.Atom(&buf, f, publish.AtomOptions{}); err != nil {
		s.searchFailed(w, r, err)
		return
	}
	s.writeSearch(w, r, http.StatusOK, publish.AtomType+"; charset=utf-8", buf.Bytes())
}

// writeSearch sends a search's answer with a strong ETag of its bytes, so
// a reader polling a search feed gets a 304 while nothing new matches.
// Caches revalidate every time: the answer changes with every cycle.
func (s *Server) writeSearch(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	h := w.Header()
	h["Cache-Control"] = []string{"no-cache"}
	if status == http.StatusOK {
		h["Etag"] = []string{etag}
		for _, tag := range strings.Split(r.Header.Get("If-None-Match"), ",") {
			if strings.TrimPrefix(strings.TrimSpace(tag), "W/") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
	}
	h["Content-Type"] = []string{contentType}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// searchFailed answers a search the database could not run: the cause
// goes to the log, not to the client.
func (s *Server) searchFailed(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("Search failed", "path", r.URL.Path, "error", err.Error())
	w.Header()["Cache-Control"] = hdrNoStore
	http.Error(w, "the search failed; the server's log says why", http.StatusInternalServerError)
}

// requestBase is the URL the client reached this server at, with a
// trailing slash: what a search feed's self link is built on.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/"
}
