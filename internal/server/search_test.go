package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/publish"
)

// fixedSearcher answers every search from a fixed set of posts: those whose
// title holds the query. An empty query is a problem, and "fail" an error.
type fixedSearcher struct{ posts []publish.Entry }

func (s fixedSearcher) SearchPage(_ context.Context, q string) (publish.SearchPage, error) {
	page := publish.SearchPage{Feed: publish.Feed{Title: "River"}, Query: q, Home: "./", Action: "search"}
	switch q {
	case "":
		page.Problem = "bad query: type some words to search for"
	case "fail":
		return page, errors.New("database is locked at /secret/path")
	default:
		page.FeedURL = "search.xml?q=" + q
		for _, e := range s.posts {
			if i := strings.Index(e.Title, q); i >= 0 {
				page.Results = append(page.Results, publish.SearchResult{Entry: e, Title: []publish.Highlight{
					{Text: e.Title[:i]}, {Text: q, Match: true}, {Text: e.Title[i+len(q):]}}})
			}
		}
	}
	return page, nil
}

func (s fixedSearcher) SearchFeed(ctx context.Context, q, base string) (publish.Feed, string, error) {
	page, err := s.SearchPage(ctx, q)
	f := publish.Feed{Title: "River: " + q, SelfURL: base + "search.xml?q=" + q, Author: "River"}
	for _, r := range page.Results {
		f.Entries = append(f.Entries, r.Entry)
	}
	return f, page.Problem, err
}

func TestSearchRoutes(t *testing.T) {
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	posts := []publish.Entry{
		{ID: "tag:x,2025:1", Title: "Lighthouse <keepers>", Link: "https://a.example/1", Published: at, Content: "<p>x</p>"},
		{ID: "tag:x,2025:2", Title: "Gardens", Link: "https://a.example/2", Published: at, Content: "<p>y</p>"},
	}
	s := New(Options{Search: fixedSearcher{posts}})
	h := s.Handler()

	rec := do(h, http.MethodGet, "/search?q=house")
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, "Light<mark>house</mark> &lt;keepers&gt;") ||
		!strings.Contains(rec.Header().Get("Content-Security-Policy"), "form-action 'self'") ||
		rec.Header().Get("Etag") == "" {
		t.Errorf("GET /search?q=house: %d %v\n%s", rec.Code, rec.Header(), body)
	}
	if again := do(h, http.MethodGet, "/search?q=house", "If-None-Match", rec.Header().Get("Etag")); again.Code != http.StatusNotModified {
		t.Errorf("with its ETag: %d, want 304", again.Code)
	}
	if head := do(h, http.MethodHead, "/search?q=house"); head.Code != 200 || head.Body.Len() != 0 {
		t.Errorf("HEAD: %d with %d bytes", head.Code, head.Body.Len())
	}
	feed := do(h, http.MethodGet, "/search.xml?q=house")
	if feed.Code != 200 || !strings.HasPrefix(feed.Header().Get("Content-Type"), publish.AtomType) ||
		!strings.Contains(feed.Body.String(), "<id>tag:x,2025:1</id>") || strings.Contains(feed.Body.String(), "tag:x,2025:2") {
		t.Errorf("GET /search.xml: %d\n%s", feed.Code, feed.Body.String())
	}
	for _, target := range []string{"/search?q=", "/search.xml?q="} {
		if rec := do(h, http.MethodGet, target); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "bad query: type some words") {
			t.Errorf("GET %s: %d, want 400 with the reason\n%s", target, rec.Code, rec.Body.String())
		}
	}
	if rec := do(h, http.MethodGet, "/search?q=fail"); rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "/secret") {
		t.Errorf("a failing search: %d %q, want a 500 that keeps the cause to the log", rec.Code, rec.Body.String())
	}
	if rec := do(h, http.MethodPost, "/search?q=house"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", rec.Code)
	}
	// Without a Searcher the routes are ordinary paths of the snapshot.
	if rec := do(New(Options{}).Handler(), http.MethodGet, "/search?q=house"); rec.Code == 200 {
		t.Errorf("no Searcher: %d, want no search", rec.Code)
	}
}
