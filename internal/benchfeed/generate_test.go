package benchfeed

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestFeedIsPureFunctionOfSeedAndIndex(t *testing.T) {
	tests := []struct {
		name string
		seed uint64
		i    int
	}{
		{name: "first feed", seed: 1, i: 1},
		{name: "later feed", seed: 1, i: 737},
		{name: "other seed", seed: 42, i: 3},
		{name: "large index", seed: 7, i: 100_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := New(tt.seed)
			// Generate unrelated feeds first: nothing may carry over.
			for j := range 2 {
				a.Feed(tt.i + j + 1)
			}
			got, gotMeta := a.Feed(tt.i)
			want, wantMeta := New(tt.seed).Feed(tt.i)
			if !bytes.Equal(got, want) {
				t.Fatalf("feed %d differs between two generators with seed %d", tt.i, tt.seed)
			}
			if gotMeta != wantMeta {
				t.Errorf("meta: got %+v, want %+v", gotMeta, wantMeta)
			}
			if m := New(tt.seed).Meta(tt.i); m != wantMeta {
				t.Errorf("Meta(%d) = %+v, but WriteFeed reported %+v", tt.i, m, wantMeta)
			}
			other, otherMeta := New(tt.seed + 1).Feed(tt.i)
			if bytes.Equal(got, other) || otherMeta.ETag == wantMeta.ETag {
				t.Errorf("seed %d and %d give the same feed %d", tt.seed, tt.seed+1, tt.i)
			}
		})
	}
}

// TestGoldenDigests pins the generator's output: a change means every
// benchmark cache and ETag is stale, and Version must be bumped.
func TestGoldenDigests(t *testing.T) {
	g := New(1)
	var b strings.Builder
	fmt.Fprintf(&b, "version %d\n", Version)
	for i := 1; i <= 12; i++ {
		body, m := g.Feed(i)
		fmt.Fprintf(&b, "%d %s entries=%d cross=%d partner=%d modified=%s etag=%s sha256=%x\n",
			i, m.Format, m.Entries, m.CrossPosts, m.Partner, m.LastModified.Format(time.RFC3339), m.ETag, sha256.Sum256(body))
	}
	path := filepath.Join("testdata", "digests.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("generator output changed (bump Version and run -update if intended)\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestFormatMix(t *testing.T) {
	const n = 1000
	tests := []struct {
		name string
		seed uint64
	}{
		{name: "seed 1", seed: 1},
		{name: "seed 99", seed: 99},
	}
	// About half RSS 2.0, a third Atom, the rest RSS 1.0 and JSON Feed.
	lo := map[Format]float64{RSS2: 0.45, Atom: 0.28, RDF: 0.05, JSONFeed: 0.05}
	hi := map[Format]float64{RSS2: 0.55, Atom: 0.38, RDF: 0.13, JSONFeed: 0.13}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New(tt.seed)
			count := map[Format]int{}
			cross := 0
			for i := 1; i <= n; i++ {
				m := g.Meta(i)
				count[m.Format]++
				if m.Entries < 20 || m.Entries > 50 {
					t.Errorf("feed %d has %d entries, want 20..50", i, m.Entries)
				}
				if m.CrossPosts > 0 {
					cross++
				}
			}
			for _, f := range Formats() {
				share := float64(count[f]) / n
				if share < lo[f] || share > hi[f] {
					t.Errorf("%s: share %.3f, want %.2f..%.2f", f, share, lo[f], hi[f])
				}
			}
			if cross < n/10 || cross > n/2 {
				t.Errorf("%d of %d feeds cross-post, want between a tenth and a half", cross, n)
			}
		})
	}
}

func TestEntryContent(t *testing.T) {
	g := New(3)
	var entries, relative, images, links int
	for i := 1; i <= 60; i++ {
		p := g.plan(i)
		err := g.entries(p, func(e entry) error {
			entries++
			if n := len(e.content); n < minContent || n > maxContent {
				t.Errorf("feed %d entry %d: content is %d bytes, want %d..%d", i, e.number, n, minContent, maxContent)
			}
			if e.summary == "" || len(e.summary) > summaryLength+len(" […]") {
				t.Errorf("feed %d entry %d: summary of %d bytes", i, e.number, len(e.summary))
			}
			if strings.Contains(e.content, `src="/`) || strings.Contains(e.content, `href="/`) ||
				strings.Contains(e.content, `href="../`) {
				relative++
			}
			if strings.Contains(e.content, "<img ") {
				images++
			}
			if strings.Contains(e.content, "<a href=") {
				links++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		what     string
		got      int
		min, max float64
	}{
		{"relative URLs", relative, 0.10, 0.60},
		{"images", images, 0.50, 1},
		{"links", links, 0.80, 1},
	} {
		if share := float64(c.got) / float64(entries); share < c.min || share > c.max {
			t.Errorf("%s in %d of %d entries (%.2f), want %.2f..%.2f", c.what, c.got, entries, share, c.min, c.max)
		}
	}
}

// sample returns the first k feeds of each format among 1..limit.
func sample(g *Generator, k, limit int) []int {
	seen := map[Format]int{}
	var out []int
	for i := 1; i <= limit; i++ {
		f := g.Meta(i).Format
		if seen[f] < k {
			seen[f]++
			out = append(out, i)
		}
	}
	return out
}

var wantFeedType = map[Format]string{RSS2: "rss", Atom: "atom", RDF: "rss", JSONFeed: "json"}

// dateLayouts are the forms each format must write its entry dates in.
var dateLayouts = map[Format][]string{
	RSS2:     {time.RFC1123Z, "Mon, 02 Jan 2006 15:04:05 GMT"},
	Atom:     {time.RFC3339},
	RDF:      {time.RFC3339},
	JSONFeed: {time.RFC3339},
}

func TestEveryFeedParsesWithGofeed(t *testing.T) {
	g := New(1)
	ids := sample(g, 3, 200)
	if len(ids) != 12 {
		t.Fatalf("sample found %d feeds, want 3 of each of 4 formats", len(ids))
	}
	for _, i := range ids {
		body, m := g.Feed(i)
		t.Run(fmt.Sprintf("%d-%s", i, m.Format), func(t *testing.T) {
			f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if f.FeedType != wantFeedType[m.Format] {
				t.Errorf("feed type: got %q, want %q", f.FeedType, wantFeedType[m.Format])
			}
			if m.Format == RDF && f.FeedVersion != "1.0" || m.Format == RSS2 && f.FeedVersion != "2.0" {
				t.Errorf("feed version: got %q for %s", f.FeedVersion, m.Format)
			}
			if f.Title != m.Title || f.Link != m.Link {
				t.Errorf("feed title, link: got %q, %q; want %q, %q", f.Title, f.Link, m.Title, m.Link)
			}
			if len(f.Items) != m.Entries {
				t.Fatalf("items: got %d, want %d", len(f.Items), m.Entries)
			}
			links, ids := map[string]bool{}, map[string]bool{}
			var newest time.Time
			for n, it := range f.Items {
				id := it.GUID
				if id == "" {
					id = it.Link
				}
				if it.Title == "" || it.Link == "" || id == "" {
					t.Errorf("item %d: title %q, link %q, id %q", n, it.Title, it.Link, id)
				}
				if links[it.Link] || ids[id] {
					t.Errorf("item %d: duplicate link %q or id %q", n, it.Link, id)
				}
				links[it.Link], ids[id] = true, true
				if !strings.HasPrefix(it.Link, "https://") {
					t.Errorf("item %d: link %q is not absolute", n, it.Link)
				}
				if len(it.Authors) == 0 || it.Authors[0].Name == "" {
					t.Errorf("item %d: no author", n)
				}
				if len(it.Categories) == 0 {
					t.Errorf("item %d: no categories", n)
				}
				content := it.Content
				if content == "" {
					content = it.Description
				}
				if len(content) < minContent || len(content) > maxContent {
					t.Errorf("item %d: content of %d bytes after parsing", n, len(content))
				}
				if it.PublishedParsed == nil {
					t.Fatalf("item %d: published %q did not parse", n, it.Published)
				}
				if !parsesAs(it.Published, dateLayouts[m.Format]) {
					t.Errorf("item %d: published %q is not in %v", n, it.Published, dateLayouts[m.Format])
				}
				for _, d := range []*time.Time{it.PublishedParsed, it.UpdatedParsed} {
					if d != nil && d.After(newest) {
						newest = *d
					}
				}
			}
			// RSS and RDF cannot say an entry was edited, so the feed's own
			// date carries Last-Modified; Atom and JSON Feed date each edit.
			switch m.Format {
			case RSS2, RDF:
				if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(m.LastModified) || newest.After(m.LastModified) {
					t.Errorf("feed date %v, newest entry %s; Last-Modified is %s", f.UpdatedParsed, newest, m.LastModified)
				}
			default:
				if !newest.Equal(m.LastModified) {
					t.Errorf("newest entry date %s, but Last-Modified is %s", newest, m.LastModified)
				}
			}
		})
	}
}

func parsesAs(s string, layouts []string) bool {
	for _, l := range layouts {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	return false
}

func TestCrossPosts(t *testing.T) {
	g := New(1)
	pairs := 0
	for i := 1; i <= 300 && pairs < 6; i++ {
		m := g.Meta(i)
		if m.CrossPosts == 0 || m.Partner < i {
			continue
		}
		pairs++
		pm := g.Meta(m.Partner)
		t.Run(fmt.Sprintf("%d-%d", i, m.Partner), func(t *testing.T) {
			if pm.Partner != i || pm.CrossPosts != m.CrossPosts {
				t.Fatalf("partner %d says partner %d with %d cross-posts; want %d with %d",
					m.Partner, pm.Partner, pm.CrossPosts, i, m.CrossPosts)
			}
			pa, pb := g.plan(i), g.plan(m.Partner)
			a, b := collect(t, g, pa), collect(t, g, pb)
			shared := 0
			for _, x := range a {
				for _, y := range b {
					// The copy may append a closing paragraph naming the
					// original; the text before it is the same.
					if x.content != y.content && !strings.HasPrefix(y.content, x.content+"\n<p><em>") {
						continue
					}
					shared++
					if x.own || y.own || x.copy || !y.copy {
						t.Errorf("shared text in own posts or on the wrong sides: %+v / %+v", x.post, y.post)
					}
					if pa.site.link(x) == pb.site.link(y) || pa.site.host == pb.site.host || x.number == y.number {
						t.Errorf("cross-post shares link %q or number %d", pa.site.link(x), x.number)
					}
					base := strings.TrimPrefix(strings.TrimSuffix(y.title, " (repost)"), "Cross-post: ")
					if !strings.EqualFold(base, x.title) {
						t.Errorf("copy title %q is not a retouch of %q", y.title, x.title)
					}
					if lag := y.published.Sub(x.published); lag < 0 || lag > 6*time.Hour {
						t.Errorf("copy published %s after the original, want 0..6h", lag)
					}
				}
			}
			if shared != m.CrossPosts {
				t.Errorf("found %d shared posts, want %d", shared, m.CrossPosts)
			}
		})
	}
	if pairs == 0 {
		t.Fatal("no cross-posting pair among the first 300 feeds")
	}
}

func collect(t *testing.T, g *Generator, p plan) []entry {
	t.Helper()
	var out []entry
	if err := g.entries(p, func(e entry) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func BenchmarkGenerate(b *testing.B) {
	g := New(1)
	var n int64
	i := 0
	for b.Loop() {
		i++
		m, err := g.WriteFeed(discard{&n}, i)
		if err != nil {
			b.Fatal(err)
		}
		_ = m
	}
	b.SetBytes(n / int64(max(i, 1)))
}

type discard struct{ n *int64 }

func (d discard) Write(p []byte) (int, error) {
	*d.n += int64(len(p))
	return len(p), nil
}
