package hostile

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/publish"
)

func TestTable(t *testing.T) {
	s := NewServer(t)
	cs := s.Cases()
	seen := map[string]bool{}
	hostile, good := 0, 0
	for _, c := range cs {
		if seen[c.Name] {
			t.Errorf("case %q appears twice", c.Name)
		}
		seen[c.Name] = true
		u, err := url.Parse(c.URL)
		if err != nil || u.Hostname() != "127.0.0.1" {
			t.Errorf("%s: URL %q is not on 127.0.0.1", c.Name, c.URL)
		}
		switch c.Want {
		case Fail:
		case Clean, Exact:
			if c.Entries <= 0 && !c.PerFeedCap {
				t.Errorf("%s: want %v without an entry count", c.Name, c.Want)
			}
		default:
			t.Errorf("%s: no outcome", c.Name)
		}
		if c.About == "" {
			t.Errorf("%s: no description", c.Name)
		}
		if c.Good {
			good++
		} else {
			hostile++
		}
	}
	if hostile < 40 || good != 2 {
		t.Errorf("got %d hostile and %d good cases, want at least 40 and 2", hostile, good)
	}
}

// TestEveryHandlerStops requests every case with a client that gives up
// after a second, like Tributary would, and checks each request ends, and
// that Close then returns promptly: nothing keeps running.
func TestEveryHandlerStops(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{
		Timeout:       time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{DisableCompression: true, MaxResponseHeaderBytes: 64 << 10},
	}
	for _, c := range s.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			resp, err := client.Get(c.URL)
			if err == nil {
				_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<20))
				resp.Body.Close()
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("request took %v (err %v), want the client's 1s timeout to end it", d, err)
			}
		})
	}
	t.Cleanup(func() {
		start := time.Now()
		s.Close()
		if d := time.Since(start); d > MaxHandlerTime {
			t.Errorf("Close took %v, want handlers to stop by themselves", d)
		}
	})
}

func TestResponses(t *testing.T) {
	s := NewServer(t)
	client := &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{DisableCompression: true},
	}
	tests := []struct {
		name     string
		status   int
		location string // substring of Location
		body     string // substring of the body
	}{
		{"good-rss", 200, "", "Good RSS post 6"},
		{"good-atom", 200, "", "Good Atom post 1"},
		{"redirect-loop", 302, "/redirect-loop/b", ""},
		{"redirect-metadata", 302, "169.254.169.254", ""},
		{"redirect-localhost", 302, "http://localhost:", ""},
		{"redirect-chain-15", 302, "/redirect-chain-15/1", ""},
		{"status-429", 429, "", "slow down"},
		{"status-410", 410, "", "gone"},
		{"xss-json", 200, "", "jsonfeed.org/version/1.1"},
		{"billion-laughs", 200, "", "<!ENTITY lol9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := s.Case(tt.name)
			if !ok {
				t.Fatalf("no case %q", tt.name)
			}
			resp, err := client.Get(c.URL)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if loc := resp.Header.Get("Location"); !strings.Contains(loc, tt.location) {
				t.Errorf("Location = %q, want it to contain %q", loc, tt.location)
			}
			if !strings.Contains(string(body), tt.body) {
				t.Errorf("body does not contain %q:\n%.300s", tt.body, body)
			}
		})
	}
	if got := s.SecretRequests(); len(got) != 0 {
		t.Errorf("secret requested before anyone asked: %v", got)
	}
	resp, err := client.Get(s.URL + "/secret/probe")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if got := s.SecretRequests(); len(got) != 1 || got[0] != "/secret/probe" || !bytes.Contains(body, []byte(Secret)) {
		t.Errorf("after one secret request: SecretRequests = %v, body %q", got, body)
	}
	if h := s.Hits()["good-rss"]; h != 1 {
		t.Errorf("good-rss hits = %d, want 1", h)
	}
}

// TestStreamingStopsOnHangUp checks that a multi-gigabyte body costs the
// server only what the client reads.
func TestStreamingStopsOnHangUp(t *testing.T) {
	s := NewServer(t)
	c, _ := s.Case("huge-body")
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.URL, nil)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	cancel()
	resp.Body.Close()
	if n != 1<<20 {
		t.Errorf("read %d bytes, want 1 MiB", n)
	}
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Error("the streaming handler kept running after the client hung up")
	}
}

func TestCheck(t *testing.T) {
	when := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)
	f := publish.Feed{
		Title: "River", ID: "urn:river", SelfURL: "https://river.example/atom.xml", Link: "https://river.example/",
		Updated: when,
		Sources: []publish.Source{{Name: "a", Title: "A", FeedURL: "https://a.example/feed", Status: "ok"}},
		Entries: []publish.Entry{{
			ID: "urn:e1", Title: "Fine & dandy", Link: "https://a.example/1", Authors: []string{"Ann"},
			// Right-to-left prose legitimately embeds (U+202B ... U+202C):
			// content is judged by normalize.Unsafe, which allows it.
			Published: when, Updated: when, Content: "<p>Hello <a href=\"https://a.example/\">world</a> \u202b\u05e9\u05dc\u05d5\u05dd\u202c</p>",
			Source: publish.Source{Name: "a", Title: "A", Link: "https://a.example/"},
		}},
	}
	render := func(f publish.Feed) map[string][]byte {
		out := map[string][]byte{}
		for name, write := range map[string]func(io.Writer) error{
			publish.AtomFile: func(w io.Writer) error { return publish.Atom(w, f, publish.AtomOptions{}) },
			publish.RSSFile:  func(w io.Writer) error { return publish.RSS(w, f) },
			publish.JSONFile: func(w io.Writer) error { return publish.JSONFeed(w, f) },
			publish.HTMLFile: func(w io.Writer) error { return publish.HTML(w, f, publish.HTMLOptions{}) },
			publish.OPMLFile: func(w io.Writer) error { return publish.OPML(w, f.Title, f.Sources, f.Updated) },
		} {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out[name] = b.Bytes()
		}
		return out
	}
	good := render(f)
	for _, name := range Outputs {
		data := good[name]
		if err := Complete(name, data); err != nil {
			t.Errorf("Complete(%s) of a good document: %v", name, err)
		}
		if v := Violations(name, data); len(v) > 0 {
			t.Errorf("Violations(%s) of a good document = %q, want none", name, v)
		}
		if err := Complete(name, data[:len(data)*2/3]); err == nil {
			t.Errorf("Complete(%s) of two thirds of a document = nil, want an error", name)
		}
	}
	if es, err := ReadAtom(good[publish.AtomFile]); err != nil || len(es) != 1 || es[0].ID != "urn:e1" || !es[0].Published.Equal(when) {
		t.Errorf("ReadAtom = %+v, %v; want the one entry", es, err)
	}

	// publish trusts the app layer with Content; these would be bugs there.
	bad := f
	bad.Entries = []publish.Entry{f.Entries[0]}
	bad.Entries[0].Content = `<p onclick="alert(1)">x</p><script>alert(2)</script><a href="javascript:alert(3)">y</a>`
	bad.Entries[0].Title = "<img src=x onerror=alert(1)> \u202eevil"
	bad.Entries[0].Link = "javascript:alert(4)"
	bad.Sources = []publish.Source{{Name: "a", Title: "\u202eA", Link: "javascript:alert(5)", FeedURL: "https://a.example/feed"}}
	for name, data := range render(bad) {
		v := strings.Join(Violations(name, data), "\n")
		if !strings.Contains(v, "javascript: URL") {
			t.Errorf("Violations(%s) misses the javascript: link:\n%s", name, v)
		}
		if !strings.Contains(v, "bidi") {
			t.Errorf("Violations(%s) misses the bidi override in the title:\n%s", name, v)
		}
		if name != publish.OPMLFile && !strings.Contains(v, "script") {
			t.Errorf("Violations(%s) misses the script element:\n%s", name, v)
		}
	}
}

func TestScriptScheme(t *testing.T) {
	tests := map[string]string{
		"javascript:alert(1)":     "javascript",
		" JaVaScRiPt:alert(1)":    "javascript",
		"java\tscript:alert(1)":   "javascript",
		"\x01javascript:x":        "javascript",
		"data:text/html,x":        "data",
		"vbscript:x":              "vbscript",
		"https://ok.example/a:b":  "",
		"/relative/javascript:no": "",
		"mailto:a@b.example":      "",
	}
	for in, want := range tests {
		if got := ScriptScheme(in); got != want {
			t.Errorf("ScriptScheme(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCorpus(t *testing.T) {
	c := NewCorpus(3, 4)
	get := func(path, etag string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, "http://x"+path, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		rec := httptest.NewRecorder()
		c.ServeHTTP(rec, req)
		return rec.Result(), rec.Body.String()
	}
	r1, b1 := get(c.Path(1), "")
	_, b1again := get(c.Path(1), "")
	if r1.StatusCode != 200 || b1 != b1again {
		t.Fatalf("feed 1: status %d, deterministic %v", r1.StatusCode, b1 == b1again)
	}
	for k := 1; k <= 4; k++ {
		if !strings.Contains(b1, EntryID(1, k)) {
			t.Errorf("generation 4 lacks entry %d", k)
		}
	}
	if r, _ := get(c.Path(1), r1.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET = %d, want 304", r.StatusCode)
	}
	c.Advance(2)
	r2, b2 := get(c.Path(1), r1.Header.Get("ETag"))
	if r2.StatusCode != 200 || strings.Contains(b2, EntryID(1, 2)+"<") || !strings.Contains(b2, EntryID(1, 6)) {
		t.Errorf("after Advance(2): status %d; want entries 3..6 only:\n%s", r2.StatusCode, b2)
	}
	_, atom := get(c.Path(2), "")
	if !strings.Contains(atom, "<feed") || strings.Count(atom, "<entry>") != 4 {
		t.Errorf("feed 2 should be Atom with 4 entries:\n%.400s", atom)
	}
	if r, _ := get("/corpus/4", ""); r.StatusCode != 404 {
		t.Errorf("feed beyond the corpus = %d, want 404", r.StatusCode)
	}
	if entryText(1, 1) == entryText(1, 2) || entryText(1, 1) == entryText(2, 1) {
		t.Error("entry texts repeat")
	}
}
