package server

import (
	"bytes"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzRequest throws arbitrary paths and validator and encoding headers at
// the handler. Whatever comes in, it must not panic, must answer with one
// of the statuses the server uses, must serve only bytes from the snapshot,
// and a 304 must name one of the file's own tags.
func FuzzRequest(f *testing.F) {
	f.Add("/atom.xml", "gzip", `"x", W/"y"`, "Sun, 01 Mar 2026 12:00:00 GMT", "")
	f.Add("/", "gzip;q=0, identity;q=0", "*", "", "*")
	f.Add("/archive/1.xml", "*;q=0", "W/", "garbage", `"`)
	f.Add("/%2e%2e/go.mod", "x-gzip;q=0.5;level=1", `"unterminated`, "", "")
	f.Add("//etc/passwd", ",,;;q=", `,,,"a"b"c"`, "", "W/*")
	f.Add("/index.html", "GZIP;Q=1.5", "abc,def", "Mon, 02 Jan 2006 15:04:05 GMT", "abc")

	s, _ := newServer(f, Options{})
	snap := s.Snapshot()
	h := s.Handler()
	statuses := map[int]bool{200: true, 304: true, 404: true, 412: true}

	f.Fuzz(func(t *testing.T, path, accept, inm, ims, ifMatch string) {
		req := httptest.NewRequest("GET", "/", nil)
		req.URL = &url.URL{Path: path}
		for k, v := range map[string]string{"Accept-Encoding": accept, "If-None-Match": inm, "If-Modified-Since": ims, "If-Match": ifMatch} {
			if v != "" {
				req.Header.Set(k, v)
			}
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !statuses[rec.Code] {
			t.Fatalf("status %d for %q", rec.Code, path)
		}
		if rec.Code != 200 && rec.Code != 304 {
			return
		}
		name, ok := resolve(path)
		file, found := snap.File(name)
		if !ok || !found {
			t.Fatalf("%d for %q, which is not in the snapshot", rec.Code, path)
		}
		tag := rec.Header().Get("ETag")
		if tag != file.ETag && (tag == "" || tag != file.GzipETag) {
			t.Fatalf("ETag %q is not one of %s's tags", tag, name)
		}
		switch rec.Code {
		case 304:
			if rec.Body.Len() != 0 {
				t.Fatalf("304 with a body")
			}
		case 200:
			body := rec.Body.Bytes()
			if rec.Header().Get("Content-Encoding") == "gzip" {
				if !strings.Contains(strings.ToLower(accept), "gzip") && !strings.Contains(accept, "*") {
					t.Fatalf("gzip sent for Accept-Encoding %q", accept)
				}
				body = gunzip(t, body)
			}
			if !bytes.Equal(body, file.Body) {
				t.Fatalf("body of %q differs from the snapshot's %s", path, name)
			}
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("no nosniff")
		}
	})
}
