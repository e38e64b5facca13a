package discover

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/fetch"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLinks(t *testing.T) {
	tests := []struct {
		name, file, page string
		want             []string // URL, kind and title of each candidate, best first
	}{
		{
			name: "wordpress-like page: base href, comments last, Atom first, junk ignored",
			file: "several.html", page: "https://harbour.example/",
			want: []string{
				"https://cdn.example.org/atom.xml Atom Atom",
				"https://cdn.example.org/blog/feed/ RSS Harbour Notes » Feed",
				"https://cdn.example.org/late.rss RSS Late but valid",
				"https://cdn.example.org/blog/feed.json JSON Feed JSON",
				"https://cdn.example.org/blog/comments/feed/ RSS Harbour Notes » Comments Feed",
			},
		},
		{
			name: "one link",
			file: "one.html", page: "https://one.example/index.html",
			want: []string{"https://one.example/feeds/posts/default Atom One - Atom"},
		},
		{
			name: "no feed links",
			file: "none.html", page: "https://none.example/",
		},
		{
			name: "windows-1252 page, rel=feed without type",
			file: "latin1.html", page: "http://latin.example/a/b",
			want: []string{
				"http://latin.example/caf%C3%A9.rss RSS Café – RSS",
				"http://latin.example/h5feed feed ",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range Links(read(t, tt.file), tt.page) {
				if c.Via != ViaLink {
					t.Errorf("%s: Via = %v, want link", c.URL, c.Via)
				}
				got = append(got, c.URL+" "+c.Kind.String()+" "+c.Title)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestLinksBadInput(t *testing.T) {
	for _, page := range []string{"", "<", "<link", "<link rel=alternate type=application/rss+xml>", "\x00\xff<link rel=alternate"} {
		if got := Links([]byte(page), "https://x.example/"); len(got) != 0 {
			t.Errorf("Links(%q) = %v, want none", page, got)
		}
	}
	if got := Links(read(t, "one.html"), "::not a url"); got != nil {
		t.Errorf("a bad page URL gave %v", got)
	}
}

func TestPlatformURLs(t *testing.T) {
	got := PlatformURLs("https://x.example/blog/post-1?x=1")
	for _, want := range []string{
		"https://x.example/blog/feed", "https://x.example/blog/feed/", "https://x.example/blog/index.xml",
		"https://x.example/blog/?feed=rss2", "https://x.example/feed/", "https://x.example/feeds/posts/default",
		"https://x.example/?feed=rss2", "https://x.example/atom.xml", "https://x.example/rss/",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("PlatformURLs lacks %s", want)
		}
	}
	if i, j := slices.Index(got, "https://x.example/blog/feed"), slices.Index(got, "https://x.example/feed"); i > j {
		t.Errorf("the page's directory should be tried before the root")
	}
	root := PlatformURLs("https://x.example")
	if len(root) != len(platformPaths) {
		t.Errorf("a site root gave %d URLs, want %d (no duplicates)", len(root), len(platformPaths))
	}
}

// site is a loopback web site: exact paths, everything else 404 unless
// catchAll is set.
type site struct {
	mu       sync.Mutex
	requests []string
	srv      *httptest.Server
}

type page struct {
	file, ctype string
	redirect    string // Location of a 301
	temporary   bool   // a 302 instead
	status      int
}

func newSite(t *testing.T, pages map[string]page, catchAll string) *site {
	t.Helper()
	s := &site{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.URL.RequestURI())
		s.mu.Unlock()
		p, ok := pages[r.URL.RequestURI()]
		if !ok && catchAll != "" {
			p, ok = page{file: catchAll, ctype: "text/html; charset=utf-8"}, true
		}
		switch {
		case !ok:
			http.NotFound(w, r)
		case p.redirect != "" && p.temporary:
			http.Redirect(w, r, p.redirect, http.StatusFound)
		case p.redirect != "":
			http.Redirect(w, r, p.redirect, http.StatusMovedPermanently)
		case p.status != 0:
			w.WriteHeader(p.status)
		default:
			w.Header().Set("Content-Type", p.ctype)
			w.Write(read(t, p.file))
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

const (
	htmlType = "text/html; charset=UTF-8"
	atomType = "application/atom+xml"
	rssType  = "application/rss+xml; charset=UTF-8"
	jsonType = "application/feed+json"
)

func client() *fetch.Client {
	return fetch.New(fetch.Options{Timeout: 5 * time.Second, MaxRedirects: 5})
}

func TestFind(t *testing.T) {
	tests := []struct {
		name     string
		pages    map[string]page
		catchAll string
		start    string
		wantURL  string
		wantKind Kind
		wantVia  Via
		wantPage string
		found    int
		rejected int
	}{
		{
			name:    "a feed URL is returned as is",
			pages:   map[string]page{"/atom.xml": {file: "atom.xml", ctype: atomType}},
			start:   "/atom.xml",
			wantURL: "/atom.xml", wantKind: Atom, wantVia: ViaDirect, found: 1,
		},
		{
			name: "a feed served as text/html is still a feed",
			pages: map[string]page{
				"/rss": {file: "rss.xml", ctype: "text/html"},
			},
			start:   "/rss",
			wantURL: "/rss", wantKind: RSS, wantVia: ViaDirect, found: 1,
		},
		{
			name: "home page with one link",
			pages: map[string]page{
				"/":                    {file: "one.html", ctype: htmlType},
				"/feeds/posts/default": {file: "atom.xml", ctype: atomType},
			},
			start:   "/",
			wantURL: "/feeds/posts/default", wantKind: Atom, wantVia: ViaLink, wantPage: "/", found: 1,
		},
		{
			name: "several links: Atom is preferred",
			pages: map[string]page{
				"/":               {file: "site-several.html", ctype: htmlType},
				"/blog/feed/":     {file: "rss.xml", ctype: rssType},
				"/atom.xml":       {file: "atom.xml", ctype: atomType},
				"/blog/feed.json": {file: "feed.json", ctype: jsonType},
			},
			start:   "/",
			wantURL: "/atom.xml", wantKind: Atom, wantVia: ViaLink, wantPage: "/", found: 4,
		},
		{
			name: "several links, the Atom one broken: RSS is next",
			pages: map[string]page{
				"/":               {file: "site-several.html", ctype: htmlType},
				"/blog/feed/":     {file: "rss.xml", ctype: rssType},
				"/blog/feed.json": {file: "feed.json", ctype: jsonType},
			},
			start:   "/",
			wantURL: "/blog/feed/", wantKind: RSS, wantVia: ViaLink, wantPage: "/", found: 4, rejected: 1,
		},
		{
			name: "JSON Feed only",
			pages: map[string]page{
				"/":          {file: "site-json.html", ctype: htmlType},
				"/feed.json": {file: "feed.json", ctype: jsonType},
			},
			start:   "/",
			wantURL: "/feed.json", wantKind: JSON, wantVia: ViaLink, wantPage: "/", found: 1,
		},
		{
			name: "no links: WordPress path, reached through its redirect",
			pages: map[string]page{
				"/":      {file: "none.html", ctype: htmlType},
				"/feed":  {redirect: "/feed/"},
				"/feed/": {file: "rss.xml", ctype: rssType},
			},
			start:   "/",
			wantURL: "/feed/", wantKind: RSS, wantVia: ViaPath, wantPage: "/", found: 1,
		},
		{
			name: "no links: Blogger path on a site answering HTML everywhere",
			pages: map[string]page{
				"/feeds/posts/default": {file: "atom.xml", ctype: atomType},
			},
			catchAll: "none.html",
			start:    "/",
			wantURL:  "/feeds/posts/default", wantKind: Atom, wantVia: ViaPath, wantPage: "/", found: 1,
		},
		{
			name: "a blog in a subdirectory: its own path first",
			pages: map[string]page{
				"/blog/":          {file: "none.html", ctype: htmlType},
				"/blog/index.xml": {file: "rss.xml", ctype: rssType},
				"/index.xml":      {file: "atom.xml", ctype: atomType},
			},
			start:   "/blog/",
			wantURL: "/blog/index.xml", wantKind: RSS, wantVia: ViaPath, wantPage: "/blog/", found: 1,
		},
		{
			name: "a redirected page: links resolve against where it landed",
			pages: map[string]page{
				"/old":          {redirect: "/new/"},
				"/new/":         {file: "site-relative.html", ctype: htmlType},
				"/new/feed.xml": {file: "rss.xml", ctype: rssType},
			},
			start:   "/old",
			wantURL: "/new/feed.xml", wantKind: RSS, wantVia: ViaLink, wantPage: "/new/", found: 1,
		},
		{
			name: "a temporarily redirected feed: the address asked for is kept",
			pages: map[string]page{
				"/feed":               {redirect: "/atom.xml?session=1", temporary: true},
				"/atom.xml?session=1": {file: "atom.xml", ctype: atomType},
			},
			start:   "/feed",
			wantURL: "/feed", wantKind: Atom, wantVia: ViaDirect, found: 1,
		},
		{
			name: "a link to a temporarily redirected feed",
			pages: map[string]page{
				"/":                    {file: "one.html", ctype: htmlType},
				"/feeds/posts/default": {redirect: "/atom.xml", temporary: true},
				"/atom.xml":            {file: "atom.xml", ctype: atomType},
			},
			start:   "/",
			wantURL: "/feeds/posts/default", wantKind: Atom, wantVia: ViaLink, wantPage: "/", found: 1,
		},
		{
			name: "a redirected feed: the final URL is kept",
			pages: map[string]page{
				"/oldfeed":  {redirect: "/atom.xml"},
				"/atom.xml": {file: "atom.xml", ctype: atomType},
			},
			start:   "/oldfeed",
			wantURL: "/atom.xml", wantKind: Atom, wantVia: ViaDirect, found: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t, tt.pages, tt.catchAll)
			res, err := Find(context.Background(), client(), s.srv.URL+tt.start)
			if err != nil {
				t.Fatalf("Find: %v", err)
			}
			if got, want := res.Feed.URL, s.srv.URL+tt.wantURL; got != want {
				t.Errorf("feed URL = %s, want %s", got, want)
			}
			if res.Response == nil || len(res.Response.Body) == 0 {
				t.Errorf("the response does not match the chosen feed: %+v", res.Response)
			}
			if res.Feed.Kind != tt.wantKind || res.Feed.Via != tt.wantVia {
				t.Errorf("got %v via %v, want %v via %v", res.Feed.Kind, res.Feed.Via, tt.wantKind, tt.wantVia)
			}
			wantPage := ""
			if tt.wantPage != "" {
				wantPage = s.srv.URL + tt.wantPage
			}
			if res.Page != wantPage {
				t.Errorf("page = %q, want %q", res.Page, wantPage)
			}
			if len(res.Found) != tt.found || len(res.Rejected) != tt.rejected {
				t.Errorf("found %d, rejected %d; want %d and %d", len(res.Found), len(res.Rejected), tt.found, tt.rejected)
			}
		})
	}
}

func TestFindFails(t *testing.T) {
	tests := []struct {
		name   string
		pages  map[string]page
		start  string
		noFeed bool   // wraps ErrNoFeed
		status int    // else a *fetch.StatusError with this status
		msg    string // part of the message
	}{
		{
			name:   "a plain page without feed",
			pages:  map[string]page{"/": {file: "none.html", ctype: htmlType}},
			start:  "/",
			noFeed: true, msg: "declares no feed",
		},
		{
			name:   "a 404",
			pages:  map[string]page{},
			start:  "/missing",
			status: 404, msg: "404",
		},
		{
			name: "declared feeds that are not feeds",
			pages: map[string]page{
				"/":                    {file: "one.html", ctype: htmlType},
				"/feeds/posts/default": {file: "none.html", ctype: htmlType},
			},
			start:  "/",
			noFeed: true, msg: "did not work",
		},
		{
			name:   "something else entirely",
			pages:  map[string]page{"/notes.txt": {file: "notes.txt", ctype: "text/plain; charset=utf-8"}},
			start:  "/notes.txt",
			noFeed: true, msg: "text/plain",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t, tt.pages, "")
			res, err := Find(context.Background(), client(), s.srv.URL+tt.start)
			if err == nil {
				t.Fatalf("found %+v", res.Feed)
			}
			if tt.noFeed != errors.Is(err, ErrNoFeed) {
				t.Errorf("errors.Is(ErrNoFeed) = %v for %v", !tt.noFeed, err)
			}
			var se *fetch.StatusError
			if tt.status != 0 && (!errors.As(err, &se) || se.Status != tt.status) {
				t.Errorf("got %v, want status %d", err, tt.status)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q lacks %q", err, tt.msg)
			}
		})
	}
}

// fakeFetcher answers from a map and counts requests.
type fakeFetcher struct {
	bodies map[string]string
	calls  int
	onCall func()
}

func (f *fakeFetcher) Fetch(ctx context.Context, req fetch.Request) (*fetch.Response, error) {
	f.calls++
	if f.onCall != nil {
		f.onCall()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, ok := f.bodies[req.URL]
	if !ok {
		return nil, &fetch.StatusError{URL: req.URL, Status: 404}
	}
	return &fetch.Response{URL: req.URL, RequestURL: req.URL, Status: 200, Body: []byte(b)}, nil
}

func TestFindStopsEarly(t *testing.T) {
	t.Run("at the first usual path that is a feed", func(t *testing.T) {
		f := &fakeFetcher{bodies: map[string]string{
			"https://x.example/":     "<html><title>x</title></html>",
			"https://x.example/feed": `<rss version="2.0"><channel><title>x</title></channel></rss>`,
		}}
		res, err := Find(context.Background(), f, "https://x.example/")
		if err != nil {
			t.Fatal(err)
		}
		if f.calls != 2 || res.Probed != 1 {
			t.Errorf("made %d requests (%d probes), want 2 (1)", f.calls, res.Probed)
		}
	})
	t.Run("when the context ends", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		f := &fakeFetcher{bodies: map[string]string{"https://x.example/": "<html></html>"}}
		f.onCall = func() {
			if f.calls == 2 {
				cancel()
			}
		}
		_, err := Find(ctx, f, "https://x.example/")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
		if f.calls != 2 {
			t.Errorf("made %d requests after cancellation, want to stop at 2", f.calls)
		}
	})
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		body string
		want Kind
	}{
		{`<?xml version="1.0"?><!-- c --><!DOCTYPE feed><feed xmlns="http://www.w3.org/2005/Atom">`, Atom},
		{"\ufeff  <rss version=\"2.0\">", RSS},
		{`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`, RSS},
		{`<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">`, Atom},
		{` {"version": "https://jsonfeed.org/version/1"}`, JSON},
		{`<html>`, Unknown},
		{``, Unknown},
	}
	for _, tt := range tests {
		if got := kindOf([]byte(tt.body), ""); got != tt.want {
			t.Errorf("kindOf(%q) = %v, want %v", tt.body, got, tt.want)
		}
	}
}

func FuzzLinks(f *testing.F) {
	for _, name := range []string{"several.html", "one.html", "none.html", "latin1.html"} {
		b, _ := os.ReadFile(filepath.Join("testdata", name))
		f.Add(b, "https://x.example/a/b")
	}
	f.Fuzz(func(t *testing.T, page []byte, pageURL string) {
		for _, c := range Links(page, pageURL) {
			if !strings.HasPrefix(c.URL, "http://") && !strings.HasPrefix(c.URL, "https://") {
				t.Errorf("candidate %q is not an absolute http(s) URL", c.URL)
			}
		}
	})
}
