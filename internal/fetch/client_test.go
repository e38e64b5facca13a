package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFetchOK(t *testing.T) {
	feed, err := os.ReadFile("testdata/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	sent := make(chan http.Header, 1)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent <- r.Header.Clone()
		w.Header().Set("Content-Type", "application/atom+xml; charset=UTF-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		_, _ = w.Write(feed)
	}))
	c := newClient(t, Options{Version: "1.2.3"})
	resp, err := c.Fetch(t.Context(), Request{URL: srv.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(resp.Body, feed) {
		t.Errorf("body: got %d bytes, want %d", len(resp.Body), len(feed))
	}
	got := <-sent
	checks := []struct{ name, got, want string }{
		{"RequestURL", resp.RequestURL, srv.URL + "/feed"},
		{"URL", resp.URL, srv.URL + "/feed"},
		{"Status", strconv.Itoa(resp.Status), "200"},
		{"ContentType", resp.ContentType, "application/atom+xml; charset=UTF-8"},
		{"Charset", resp.Charset(), "utf-8"},
		{"ETag", resp.ETag, `"v1"`},
		{"LastModified", resp.LastModified, "Mon, 02 Jan 2006 15:04:05 GMT"},
		{"PermanentURL", resp.PermanentURL, ""},
		{"User-Agent sent", got.Get("User-Agent"), "Tributary/1.2.3 (+https://github.com/tributary/tributary)"},
		{"Accept-Encoding sent", got.Get("Accept-Encoding"), "gzip"},
		{"no If-None-Match", got.Get("If-None-Match"), ""},
		{"no If-Modified-Since", got.Get("If-Modified-Since"), ""},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: got %q, want %q", ck.name, ck.got, ck.want)
		}
	}
	if resp.NotModified {
		t.Error("NotModified: got true on a 200")
	}
	if a := got.Get("Accept"); !strings.HasPrefix(a, "application/atom+xml") {
		t.Errorf("Accept: got %q, want feed types first", a)
	}
}

func TestFetchCustomUserAgent(t *testing.T) {
	sent := make(chan string, 1)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent <- r.UserAgent()
	}))
	c := newClient(t, Options{UserAgent: "custom/1"})
	if _, err := c.Fetch(t.Context(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if got := <-sent; got != "custom/1" {
		t.Errorf("User-Agent: got %q, want %q", got, "custom/1")
	}
}

func TestFetchConditional(t *testing.T) {
	const etag, lastMod = `"abc"`, "Tue, 03 Jan 2006 10:00:00 GMT"
	tests := []struct {
		name         string
		req          Request
		headers      map[string]string // set on the 304
		wantETag     string
		wantLastMod  string
		wantNotModif bool
	}{
		{
			name:         "both validators, 304 repeats none",
			req:          Request{ETag: etag, LastModified: lastMod},
			wantETag:     etag,
			wantLastMod:  lastMod,
			wantNotModif: true,
		},
		{
			name:         "304 with a new etag",
			req:          Request{ETag: etag},
			headers:      map[string]string{"ETag": `"def"`},
			wantETag:     `"def"`,
			wantNotModif: true,
		},
		{
			name:         "last-modified only",
			req:          Request{LastModified: lastMod},
			wantLastMod:  lastMod,
			wantNotModif: true,
		},
		{
			name:        "stale validator gets the body",
			req:         Request{ETag: `"old"`},
			wantETag:    etag,
			wantLastMod: lastMod,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
				if inm != tt.req.ETag || ims != tt.req.LastModified {
					t.Errorf("validators sent: got %q / %q, want %q / %q", inm, ims, tt.req.ETag, tt.req.LastModified)
				}
				if inm == etag || (inm == "" && ims == lastMod) {
					for k, v := range tt.headers {
						w.Header().Set(k, v)
					}
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("ETag", etag)
				w.Header().Set("Last-Modified", lastMod)
				_, _ = w.Write([]byte("<feed/>"))
			}))
			req := tt.req
			req.URL = srv.URL
			resp, err := newClient(t, Options{}).Fetch(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.NotModified != tt.wantNotModif {
				t.Errorf("NotModified: got %v, want %v", resp.NotModified, tt.wantNotModif)
			}
			if tt.wantNotModif && (len(resp.Body) != 0 || resp.Status != http.StatusNotModified) {
				t.Errorf("304: got status %d and %d body bytes, want 304 and none", resp.Status, len(resp.Body))
			}
			if resp.ETag != tt.wantETag || resp.LastModified != tt.wantLastMod {
				t.Errorf("validators: got %q / %q, want %q / %q", resp.ETag, resp.LastModified, tt.wantETag, tt.wantLastMod)
			}
		})
	}
}

func gzipBytes(t testing.TB, parts ...[]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, p := range parts {
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write(p); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestFetchBody(t *testing.T) {
	const limit = 64 << 10
	plain := bytes.Repeat([]byte("<entry>hello</entry>\n"), 100)
	bomb := gzipBytes(t, make([]byte, 10<<20)) // ~10 KiB on the wire
	emptyMembers := bytes.Repeat(gzipBytes(t, nil), (limit*2)/20)
	tests := []struct {
		name     string
		encoding string
		length   bool // send Content-Length
		body     []byte
		want     []byte
		wantErr  error
	}{
		{name: "plain", body: plain, want: plain, length: true},
		{name: "gzip", encoding: "gzip", body: gzipBytes(t, plain), want: plain},
		{name: "x-gzip", encoding: "x-gzip", body: gzipBytes(t, plain), want: plain},
		{name: "exactly at cap", body: make([]byte, limit), want: make([]byte, limit)},
		{name: "gzip exactly at cap", encoding: "gzip", body: gzipBytes(t, make([]byte, limit)), want: make([]byte, limit)},
		{name: "over cap with length", body: make([]byte, limit+1), length: true, wantErr: ErrBodyTooLarge},
		{name: "over cap chunked", body: make([]byte, limit+1), wantErr: ErrBodyTooLarge},
		{name: "gzip bomb", encoding: "gzip", body: bomb, wantErr: ErrBodyTooLarge},
		{name: "endless empty gzip members", encoding: "gzip", body: emptyMembers, wantErr: ErrBodyTooLarge},
		{name: "corrupt gzip", encoding: "gzip", body: []byte("not gzip at all"), wantErr: gzip.ErrHeader},
		{name: "unknown encoding", encoding: "br", body: plain, wantErr: ErrEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.encoding != "" {
					w.Header().Set("Content-Encoding", tt.encoding)
				}
				if tt.length {
					w.Header().Set("Content-Length", strconv.Itoa(len(tt.body)))
				} else {
					w.(http.Flusher).Flush() // forces chunked encoding
				}
				_, _ = w.Write(tt.body)
			}))
			resp, err := newClient(t, Options{MaxBodyBytes: limit}).Fetch(t.Context(), Request{URL: srv.URL})
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr, srv.URL)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(resp.Body, tt.want) {
				t.Errorf("body: got %d bytes, want %d", len(resp.Body), len(tt.want))
			}
		})
	}
}

func TestFetchHeaderTooLarge(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Big", strings.Repeat("x", 16<<10))
	}))
	_, err := newClient(t, Options{MaxHeaderBytes: 4 << 10}).Fetch(t.Context(), Request{URL: srv.URL})
	wantErr(t, err, nil, srv.URL)
	if !strings.Contains(err.Error(), "header") {
		t.Errorf("got %v, want an error about the header size", err)
	}
}

func TestFetchTimeouts(t *testing.T) {
	const timeout = 300 * time.Millisecond
	trickle := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		for i := 0; ; i++ {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}))
	silent := silentServer(t)

	tests := []struct {
		name string
		url  string
		opts Options
	}{
		{name: "trickling body", url: trickle.URL, opts: Options{Timeout: timeout}},
		{name: "server never answers", url: "http://" + silent, opts: Options{Timeout: timeout}},
		{
			name: "resolution hangs",
			url:  "http://hang.test/feed",
			opts: Options{Timeout: 10 * time.Second, ConnectTimeout: timeout, Resolver: blockingResolver{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, tt.opts)
			start := time.Now()
			_, err := c.Fetch(t.Context(), Request{URL: tt.url})
			elapsed := time.Since(start)
			wantErr(t, err, context.DeadlineExceeded, tt.url)
			if elapsed < timeout || elapsed > timeout+3*time.Second {
				t.Errorf("gave up after %s, want about %s", elapsed, timeout)
			}
		})
	}
}

// silentServer accepts connections and never writes a byte.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return ln.Addr().String()
}

func TestFetchCallerCancel(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := newClient(t, Options{}).Fetch(ctx, Request{URL: srv.URL})
	wantErr(t, err, context.Canceled, srv.URL)
}

func TestFetchStatus(t *testing.T) {
	now := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	tests := []struct {
		name          string
		status        int
		retryAfter    string
		wantRetry     time.Duration
		wantGone      bool
		wantTemporary bool
	}{
		{name: "429 seconds", status: 429, retryAfter: "120", wantRetry: 2 * time.Minute, wantTemporary: true},
		{name: "429 date", status: 429, retryAfter: now.Add(45 * time.Second).Format(http.TimeFormat), wantRetry: 45 * time.Second, wantTemporary: true},
		{name: "503 seconds", status: 503, retryAfter: "30", wantRetry: 30 * time.Second, wantTemporary: true},
		{name: "503 date", status: 503, retryAfter: now.Add(90 * time.Second).Format(http.TimeFormat), wantRetry: 90 * time.Second, wantTemporary: true},
		{name: "503 garbage retry-after", status: 503, retryAfter: "soon", wantTemporary: true},
		{name: "410 gone", status: 410, wantGone: true},
		{name: "500", status: 500, wantTemporary: true},
		{name: "502", status: 502, wantTemporary: true},
		{name: "408", status: 408, wantTemporary: true},
		{name: "404", status: 404},
		{name: "403", status: 403},
		{name: "300 is not followed", status: 300},
		{name: "301 without location", status: 301},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte("error page"))
			}))
			c := newClient(t, Options{})
			c.now = func() time.Time { return now }
			resp, err := c.Fetch(t.Context(), Request{URL: srv.URL + "/feed"})
			if resp != nil {
				t.Errorf("got a response %+v, want nil", resp)
			}
			wantErr(t, err, nil, srv.URL+"/feed")
			var se *StatusError
			if !errors.As(err, &se) {
				t.Fatalf("got %T %v, want *StatusError", err, err)
			}
			if se.Status != tt.status || se.URL != srv.URL+"/feed" {
				t.Errorf("got status %d for %s, want %d for %s", se.Status, se.URL, tt.status, srv.URL+"/feed")
			}
			if se.RetryAfter != tt.wantRetry {
				t.Errorf("RetryAfter: got %s, want %s", se.RetryAfter, tt.wantRetry)
			}
			if se.Gone() != tt.wantGone || se.Temporary() != tt.wantTemporary {
				t.Errorf("Gone/Temporary: got %v/%v, want %v/%v", se.Gone(), se.Temporary(), tt.wantGone, tt.wantTemporary)
			}
			if !strings.Contains(se.Error(), strconv.Itoa(tt.status)) {
				t.Errorf("message %q does not give the status", se.Error())
			}
		})
	}
}

func TestFetchBadURL(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		wantErr error
	}{
		{name: "ftp", url: "ftp://example.com/feed", wantErr: ErrScheme},
		{name: "file", url: "file:///etc/passwd", wantErr: ErrScheme},
		{name: "javascript", url: "javascript:alert(1)", wantErr: ErrScheme},
		{name: "no scheme", url: "example.com/feed", wantErr: ErrScheme},
		{name: "no host", url: "http:///feed"},
		{name: "unparsable", url: "http://[::1/feed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A resolver that knows nothing proves no lookup was needed.
			c := newClient(t, Options{Resolver: mapResolver{}})
			_, err := c.Fetch(t.Context(), Request{URL: tt.url})
			wantErr(t, err, tt.wantErr, tt.url)
		})
	}
}

func TestFetchBasicAuthStaysOnHost(t *testing.T) {
	var mu sync.Mutex
	auth := map[string]string{}
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth[r.URL.Path] = r.Header.Get("Authorization")
		mu.Unlock()
		if r.URL.Path == "/start" {
			http.Redirect(w, r, hostURL("http://"+r.Host, "other.test", "/feed"), http.StatusFound)
		}
	}))
	u := strings.Replace(srv.URL, "http://", "http://user:secret@", 1) + "/start"
	c := newClient(t, Options{AllowPrivate: true, Resolver: mapResolver{"other.test": {"127.0.0.1"}}})
	if _, err := c.Fetch(t.Context(), Request{URL: u}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if auth["/start"] == "" {
		t.Error("credentials from the URL were not sent to its host")
	}
	if auth["/feed"] != "" {
		t.Errorf("credentials leaked to the redirect target: %q", auth["/feed"])
	}
}
