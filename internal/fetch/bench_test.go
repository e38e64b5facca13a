package fetch

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/tributary/tributary/internal/charset"
)

func BenchmarkFetchGzip(b *testing.B) {
	body := gzipBytes(b, bytes.Repeat([]byte("<item><title>hello</title></item>\n"), 3000))
	srv := newServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(body)
	}))
	c := newClient(b, Options{})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Fetch(b.Context(), Request{URL: srv.URL}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckBinary(b *testing.B) {
	data := bytes.Repeat([]byte("plain text line\n"), 1024)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if charset.CheckBinary(data) != nil {
			b.Fatal("text judged binary")
		}
	}
}
