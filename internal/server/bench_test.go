package server

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/publish"
)

// benchFeed writes an Atom feed of about size bytes with publish.Atom:
// entries of varied prose from a fixed seed, so gzip sees a realistic
// ratio rather than a repeated string.
func benchFeed(tb testing.TB, size int) []byte {
	tb.Helper()
	words := strings.Fields("river feed source entry post reader merge archive server cache tag " +
		"Atom RSS JSON the a of to and in on for with by from at as is was are be this that " +
		"quiet morning notes weekly links release bug fix garden kitchen bicycle train mountain")
	rng := rand.New(rand.NewPCG(1, 2))
	text := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := publish.Feed{Title: "Bench river", SelfURL: "https://example.org/atom.xml", Updated: at}
	var buf bytes.Buffer
	for i := 0; buf.Len() < size; i++ {
		f.Entries = append(f.Entries, publish.Entry{
			ID:      fmt.Sprintf("tag:example.org,2026:%d", i),
			Title:   text(40),
			Link:    fmt.Sprintf("https://blog%d.example.org/post/%d", i%7, i),
			Authors: []string{"Ann Author"},
			Updated: at.Add(-time.Duration(i) * time.Hour),
			Content: "<p>" + text(1500) + "</p><p>" + text(1500) + "</p>",
		})
		buf.Reset()
		if err := publish.Atom(&buf, f, publish.AtomOptions{Stylesheet: publish.XSLFile}); err != nil {
			tb.Fatal(err)
		}
	}
	return buf.Bytes()
}

// discard is a ResponseWriter that costs nothing, so the benchmarks measure
// the server and not a recorder's buffer.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

func benchServer(b *testing.B) *Server {
	b.Helper()
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, publish.AtomFile), benchFeed(b, 300<<10), 0o644); err != nil {
		b.Fatal(err)
	}
	s := New(Options{Dir: dir, CacheMaxAge: time.Hour})
	if err := s.Reload(""); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkServeAtom is GET /atom.xml of a ~300 KB feed from memory.
func BenchmarkServeAtom(b *testing.B) {
	s := benchServer(b)
	f, _ := s.Snapshot().File(publish.AtomFile)
	h := s.Handler()
	for _, tc := range []struct {
		name, accept string
		size         int
	}{
		{"identity", "", len(f.Body)},
		{"gzip", "gzip, deflate, br", len(f.Gzip)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/atom.xml", nil)
			if tc.accept != "" {
				req.Header.Set("Accept-Encoding", tc.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 || rec.Body.Len() != tc.size {
				b.Fatalf("status %d, %d bytes; want 200, %d", rec.Code, rec.Body.Len(), tc.size)
			}
			w := &discard{h: make(http.Header, 16)}
			b.SetBytes(int64(tc.size))
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				h.ServeHTTP(w, req)
			}
			b.ReportMetric(float64(len(f.Body)), "file-B")
		})
	}
}

// BenchmarkServeNotModified is the 304 path: a client revalidating with
// the ETag it holds.
func BenchmarkServeNotModified(b *testing.B) {
	s := benchServer(b)
	f, _ := s.Snapshot().File(publish.AtomFile)
	h := s.Handler()
	for _, tc := range []struct{ name, accept, tag string }{
		{"identity", "", f.ETag},
		{"gzip", "gzip, deflate, br", f.GzipETag},
	} {
		b.Run(tc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/atom.xml", nil)
			if tc.accept != "" {
				req.Header.Set("Accept-Encoding", tc.accept)
			}
			req.Header.Set("If-None-Match", tc.tag)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 304 {
				b.Fatalf("status %d, want 304", rec.Code)
			}
			w := &discard{h: make(http.Header, 16)}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				h.ServeHTTP(w, req)
			}
		})
	}
}
