package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

type hop struct {
	status   int
	location string // relative to the server, or absolute when it has a scheme
}

// redirectServer answers each path in routes with its redirect, and any other
// path with a small feed.
func redirectServer(t *testing.T, routes map[string]hop) string {
	t.Helper()
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h, ok := routes[r.URL.Path]; ok {
			w.Header().Set("Location", h.location)
			w.WriteHeader(h.status)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = fmt.Fprintf(w, "<rss><!-- %s --></rss>", r.URL.Path)
	}))
	return srv.URL
}

func chain(n, status int) map[string]hop {
	routes := map[string]hop{}
	for i := range n {
		routes[fmt.Sprintf("/r/%d", i)] = hop{status, fmt.Sprintf("/r/%d", i+1)}
	}
	return routes
}

func TestFetchRedirects(t *testing.T) {
	tests := []struct {
		name          string
		routes        map[string]hop
		start         string
		maxRedirects  int
		wantFinal     string // path
		wantPermanent bool
		wantErr       error
	}{
		{
			name:          "301 chain",
			routes:        map[string]hop{"/a": {301, "/b"}, "/b": {301, "/feed"}},
			start:         "/a",
			wantFinal:     "/feed",
			wantPermanent: true,
		},
		{
			name:          "301 then 308",
			routes:        map[string]hop{"/a": {301, "/b"}, "/b": {308, "/feed"}},
			start:         "/a",
			wantFinal:     "/feed",
			wantPermanent: true,
		},
		{
			name:      "302",
			routes:    map[string]hop{"/a": {302, "/feed"}},
			start:     "/a",
			wantFinal: "/feed",
		},
		{
			name:      "303",
			routes:    map[string]hop{"/a": {303, "/feed"}},
			start:     "/a",
			wantFinal: "/feed",
		},
		{
			name:      "301 then 307",
			routes:    map[string]hop{"/a": {301, "/b"}, "/b": {307, "/feed"}},
			start:     "/a",
			wantFinal: "/feed",
		},
		{
			name:      "307 then 301",
			routes:    map[string]hop{"/a": {307, "/b"}, "/b": {301, "/feed"}},
			start:     "/a",
			wantFinal: "/feed",
		},
		{
			name:      "relative location",
			routes:    map[string]hop{"/dir/a": {302, "../feed"}},
			start:     "/dir/a",
			wantFinal: "/feed",
		},
		{
			name:          "exactly the limit",
			routes:        chain(10, 301),
			start:         "/r/0",
			wantFinal:     "/r/10",
			wantPermanent: true,
		},
		{
			name:    "one over the limit",
			routes:  chain(11, 301),
			start:   "/r/0",
			wantErr: ErrTooManyRedirects,
		},
		{
			name:         "custom limit",
			routes:       chain(3, 302),
			start:        "/r/0",
			maxRedirects: 2,
			wantErr:      ErrTooManyRedirects,
		},
		{
			name:         "redirects disabled",
			routes:       chain(1, 301),
			start:        "/r/0",
			maxRedirects: -1,
			wantErr:      ErrTooManyRedirects,
		},
		{
			name:    "loop",
			routes:  map[string]hop{"/a": {302, "/b"}, "/b": {302, "/a"}},
			start:   "/a",
			wantErr: ErrRedirectLoop,
		},
		{
			name:    "self loop",
			routes:  map[string]hop{"/a": {301, "/a"}},
			start:   "/a",
			wantErr: ErrRedirectLoop,
		},
		{
			name:    "to a non-http scheme",
			routes:  map[string]hop{"/a": {302, "file:///etc/passwd"}},
			start:   "/a",
			wantErr: ErrScheme,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := redirectServer(t, tt.routes)
			c := newClient(t, Options{MaxRedirects: tt.maxRedirects})
			resp, err := c.Fetch(t.Context(), Request{URL: base + tt.start})
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr, base+tt.start)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.URL != base+tt.wantFinal {
				t.Errorf("URL: got %q, want %q", resp.URL, base+tt.wantFinal)
			}
			if want := fmt.Sprintf("<rss><!-- %s --></rss>", tt.wantFinal); string(resp.Body) != want {
				t.Errorf("body: got %q, want %q", resp.Body, want)
			}
			wantPerm := ""
			if tt.wantPermanent {
				wantPerm = base + tt.wantFinal
			}
			if resp.PermanentURL != wantPerm {
				t.Errorf("PermanentURL: got %q, want %q", resp.PermanentURL, wantPerm)
			}
			if resp.RequestURL != base+tt.start {
				t.Errorf("RequestURL: got %q, want %q", resp.RequestURL, base+tt.start)
			}
		})
	}
}

func TestFetchRedirectThenStatus(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		w.WriteHeader(http.StatusGone)
	}))
	_, err := newClient(t, Options{}).Fetch(t.Context(), Request{URL: srv.URL + "/old"})
	wantErr(t, err, nil, srv.URL+"/old")
	var se *StatusError
	if !errors.As(err, &se) || !se.Gone() || se.FinalURL != srv.URL+"/new" {
		t.Errorf("got %#v, want a 410 StatusError with FinalURL %s", err, srv.URL+"/new")
	}
}

func TestFetchRedirectKeepsValidators(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		if r.Header.Get("If-None-Match") == `"x"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = w.Write([]byte("full"))
	}))
	resp, err := newClient(t, Options{}).Fetch(t.Context(), Request{URL: srv.URL + "/old", ETag: `"x"`})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.NotModified || resp.PermanentURL != srv.URL+"/new" {
		t.Errorf("got NotModified %v PermanentURL %q, want true and %q", resp.NotModified, resp.PermanentURL, srv.URL+"/new")
	}
}
