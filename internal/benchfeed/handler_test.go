package benchfeed

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestHandlerConditionalGet(t *testing.T) {
	g := New(5)
	const n = 40
	const i = 7
	m := g.Meta(i)
	want, _ := g.Feed(i)
	lm := m.LastModified
	gzTag := strings.TrimSuffix(m.ETag, `"`) + `-gz"`
	tests := []struct {
		name       string
		method     string
		path       string
		header     map[string]string
		gzip       bool
		wantStatus int
		wantBody   bool // the full plain body
		wantGzip   bool // the full body, gzip-encoded
	}{
		{name: "plain GET", path: "/feeds/7", wantStatus: 200, wantBody: true},
		{name: "HEAD", method: http.MethodHead, path: "/feeds/7", wantStatus: 200},
		{name: "matching etag", path: "/feeds/7", header: map[string]string{"If-None-Match": m.ETag}, wantStatus: 304},
		{name: "weak form of the etag", path: "/feeds/7", header: map[string]string{"If-None-Match": "W/" + m.ETag}, wantStatus: 304},
		{name: "etag in a list", path: "/feeds/7", header: map[string]string{"If-None-Match": `"x", ` + m.ETag}, wantStatus: 304},
		{name: "star", path: "/feeds/7", header: map[string]string{"If-None-Match": "*"}, wantStatus: 304},
		{name: "stale etag", path: "/feeds/7", header: map[string]string{"If-None-Match": `"0000"`}, wantStatus: 200, wantBody: true},
		{name: "etag of another feed", path: "/feeds/7", header: map[string]string{"If-None-Match": g.Meta(8).ETag}, wantStatus: 200, wantBody: true},
		{name: "modified since equal", path: "/feeds/7", header: map[string]string{"If-Modified-Since": lm.Format(http.TimeFormat)}, wantStatus: 304},
		{name: "modified since later", path: "/feeds/7", header: map[string]string{"If-Modified-Since": lm.Add(time.Hour).Format(http.TimeFormat)}, wantStatus: 304},
		{name: "modified since earlier", path: "/feeds/7", header: map[string]string{"If-Modified-Since": lm.Add(-time.Second).Format(http.TimeFormat)}, wantStatus: 200, wantBody: true},
		{name: "bad date is ignored", path: "/feeds/7", header: map[string]string{"If-Modified-Since": "yesterday"}, wantStatus: 200, wantBody: true},
		{
			name: "etag decides over date", path: "/feeds/7",
			header:     map[string]string{"If-None-Match": `"0000"`, "If-Modified-Since": lm.Format(http.TimeFormat)},
			wantStatus: 200, wantBody: true,
		},
		{name: "gzip accepted", path: "/feeds/7", gzip: true, header: map[string]string{"Accept-Encoding": "gzip"}, wantStatus: 200, wantGzip: true},
		{name: "gzip refused by q=0", path: "/feeds/7", gzip: true, header: map[string]string{"Accept-Encoding": "gzip;q=0"}, wantStatus: 200, wantBody: true},
		{name: "gzip off in server", path: "/feeds/7", header: map[string]string{"Accept-Encoding": "gzip"}, wantStatus: 200, wantBody: true},
		{name: "gzip etag", path: "/feeds/7", gzip: true, header: map[string]string{"Accept-Encoding": "gzip", "If-None-Match": gzTag}, wantStatus: 304},
		{name: "plain etag for gzip", path: "/feeds/7", gzip: true, header: map[string]string{"Accept-Encoding": "gzip", "If-None-Match": m.ETag}, wantStatus: 200, wantGzip: true},
		{name: "zero", path: "/feeds/0", wantStatus: 404},
		{name: "past the end", path: "/feeds/41", wantStatus: 404},
		{name: "last", path: "/feeds/40", wantStatus: 200},
		{name: "leading zero", path: "/feeds/07", wantStatus: 404},
		{name: "not a number", path: "/feeds/seven", wantStatus: 404},
		{name: "other path", path: "/", wantStatus: 404},
		{name: "POST", method: http.MethodPost, path: "/feeds/7", wantStatus: 405},
	}
	for _, cache := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(tt.name+map[bool]string{false: "", true: " cached"}[cache], func(t *testing.T) {
				opts := HandlerOptions{Gzip: tt.gzip}
				if cache {
					opts.CacheDir = t.TempDir()
				}
				h := NewHandler(g, n, opts)
				method := tt.method
				if method == "" {
					method = http.MethodGet
				}
				req := httptest.NewRequest(method, tt.path, nil)
				for k, v := range tt.header {
					req.Header.Set(k, v)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				res := rec.Result()
				if res.StatusCode != tt.wantStatus {
					t.Fatalf("status: got %d, want %d", res.StatusCode, tt.wantStatus)
				}
				body := rec.Body.Bytes()
				if res.StatusCode == 304 && len(body) != 0 {
					t.Errorf("304 with a %d-byte body", len(body))
				}
				if res.StatusCode == 304 || res.StatusCode == 200 && strings.HasSuffix(tt.path, "/7") {
					wantTag := m.ETag
					if tt.wantGzip || tt.gzip && res.StatusCode == 304 {
						wantTag = gzTag
					}
					if got := res.Header.Get("ETag"); got != wantTag {
						t.Errorf("ETag: got %s, want %s", got, wantTag)
					}
					if got := res.Header.Get("Last-Modified"); got != lm.Format(http.TimeFormat) {
						t.Errorf("Last-Modified: got %s, want %s", got, lm.Format(http.TimeFormat))
					}
				}
				if res.StatusCode == 200 && strings.HasSuffix(tt.path, "/7") {
					if got := res.Header.Get("Content-Type"); got != m.Format.ContentType() {
						t.Errorf("Content-Type: got %q, want %q", got, m.Format.ContentType())
					}
				}
				switch {
				case tt.wantBody:
					if !bytes.Equal(body, want) {
						t.Errorf("body: got %d bytes, want feed %d's %d bytes", len(body), i, len(want))
					}
					if res.Header.Get("Content-Encoding") != "" {
						t.Errorf("Content-Encoding %q on a plain body", res.Header.Get("Content-Encoding"))
					}
				case tt.wantGzip:
					if res.Header.Get("Content-Encoding") != "gzip" {
						t.Fatalf("Content-Encoding: got %q, want gzip", res.Header.Get("Content-Encoding"))
					}
					zr, err := gzip.NewReader(bytes.NewReader(body))
					if err != nil {
						t.Fatal(err)
					}
					plain, err := io.ReadAll(zr)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(plain, want) {
						t.Errorf("gunzipped body: got %d bytes, want feed %d's %d bytes", len(plain), i, len(want))
					}
				}
				if cl := res.Header.Get("Content-Length"); res.StatusCode == 200 && method == http.MethodGet && cl != strconv.Itoa(len(body)) {
					t.Errorf("Content-Length %s for a %d-byte body", cl, len(body))
				}
				st := h.Stats()
				if st.Requests != 1 || st.BodyBytes != int64(len(body)) && tt.wantStatus != 404 && tt.wantStatus != 405 {
					t.Errorf("stats: %+v after one request with a %d-byte body", st, len(body))
				}
			})
		}
	}
}

// TestHandlerOverHTTP drives a cold then warm pass over a real loopback
// server, the way a benchmark does: the warm pass must be all 304s.
func TestHandlerOverHTTP(t *testing.T) {
	g := New(2)
	const n = 12
	h := NewHandler(g, n, HandlerOptions{CacheDir: t.TempDir()})
	srv := httptest.NewServer(h)
	defer srv.Close()
	etags := map[int]string{}
	types := map[string]bool{}
	var coldBytes int64
	for i := 1; i <= n; i++ {
		res, err := http.Get(srv.URL + "/feeds/" + strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("cold feed %d: status %d", i, res.StatusCode)
		}
		coldBytes += int64(len(b))
		etags[i] = res.Header.Get("ETag")
		types[res.Header.Get("Content-Type")] = true
	}
	if len(types) < 3 {
		t.Errorf("only %d content types among %d feeds: %v", len(types), n, types)
	}
	for i := 1; i <= n; i++ {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/feeds/"+strconv.Itoa(i), nil)
		req.Header.Set("If-None-Match", etags[i])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotModified {
			t.Errorf("warm feed %d: status %d, want 304", i, res.StatusCode)
		}
	}
	st := h.Stats()
	want := Stats{Requests: 2 * n, OK: n, NotModified: n, BodyBytes: coldBytes}
	if st != want {
		t.Errorf("stats: got %+v, want %+v", st, want)
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{name: "empty", in: "", want: false},
		{name: "gzip", in: "gzip", want: true},
		{name: "list", in: "br, gzip, deflate", want: true},
		{name: "quality", in: "gzip;q=0.5", want: true},
		{name: "refused", in: "gzip;q=0", want: false},
		{name: "refused with decimals", in: "gzip; q=0.000", want: false},
		{name: "wildcard", in: "*", want: true},
		{name: "identity only", in: "identity", want: false},
		{name: "case", in: "GZIP", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := acceptsGzip(tt.in); got != tt.want {
				t.Errorf("acceptsGzip(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
