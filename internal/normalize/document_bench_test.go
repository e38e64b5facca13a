package normalize

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

// BenchmarkDocument is the normalisation of a cold run: a document of
// entries with real post bodies and no titles, so that sanitising, the
// tree text and the derived title all run, as they do for every entry
// ingested.
func BenchmarkDocument(b *testing.B) {
	post, err := os.ReadFile(filepath.Join("testdata", "sanitize", "post.html"))
	if err != nil {
		b.Fatal(err)
	}
	src := feed.Source{Name: "bench", URL: "https://blog.example.org/feed.xml"}
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	const entries = 20
	b.SetBytes(int64(entries * len(post)))
	b.ReportAllocs()
	for b.Loop() {
		doc := &feed.Document{Title: "Bench &amp; blog", Link: "https://blog.example.org/"}
		for i := range entries {
			doc.Entries = append(doc.Entries, feed.Entry{
				ID:      fmt.Sprint(i),
				Link:    fmt.Sprintf("/posts/%d/", i),
				Title:   map[bool]string{true: "", false: "A title with <code> in it"}[i%2 == 0],
				Content: string(post),
			})
		}
		Document(doc, src, now)
	}
}
