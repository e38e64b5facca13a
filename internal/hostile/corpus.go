package hostile

import (
	"fmt"
	"hash/fnv"
	"html"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Corpus serves a set of small, well-formed feeds that grow, for the kill
// test: at generation g, feed i holds its entries g-Window+1 .. g (those
// above zero), newest first, so each run finds new entries to store while
// older ones leave the documents but must stay in the database. Feeds
// alternate between RSS 2.0 and Atom 1.0 and answer conditional requests
// with 304 while their generation is unchanged.
//
// Everything is a function of (feed, entry): the same generation always
// serves the same bytes.
type Corpus struct {
	// Feeds is the number of feeds, served at /corpus/1 .. /corpus/Feeds.
	Feeds int
	// Window is how many of its newest entries a feed carries.
	Window int
	gen    atomic.Int64
}

// NewCorpus returns a corpus of feeds feeds carrying window entries each, at
// generation window (every feed full).
func NewCorpus(feeds, window int) *Corpus {
	c := &Corpus{Feeds: feeds, Window: window}
	c.gen.Store(int64(window))
	return c
}

// Generation is the number of the newest entry of every feed.
func (c *Corpus) Generation() int { return int(c.gen.Load()) }

// Advance adds n new entries to every feed. With n at most Window, a run
// that completes after each Advance sees every entry ever published.
func (c *Corpus) Advance(n int) { c.gen.Add(int64(n)) }

// Path is feed i's path on the server.
func (c *Corpus) Path(i int) string { return "/corpus/" + strconv.Itoa(i) }

// EntryID is the id (guid or atom:id) of entry k of feed i.
func EntryID(i, k int) string { return fmt.Sprintf("urn:corpus:%d:%d", i, k) }

// corpusEpoch dates entry 1; entry k is k hours later, plus a minute per
// feed, so generations only ever add newer entries.
var corpusEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func entryDate(i, k int) time.Time {
	return corpusEpoch.Add(time.Duration(k)*time.Hour + time.Duration(i)*time.Minute)
}

// ServeHTTP serves /corpus/{i}.
func (c *Corpus) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/corpus/")
	i, err := strconv.Atoi(rest)
	if !ok || err != nil || i < 1 || i > c.Feeds {
		http.NotFound(w, r)
		return
	}
	g := c.Generation()
	etag := fmt.Sprintf(`"c%d-g%d"`, i, g)
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	var body string
	if i%2 == 0 {
		w.Header().Set("Content-Type", "application/atom+xml")
		body = c.atom(i, g)
	} else {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		body = c.rss(i, g)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write([]byte(body))
}

func (c *Corpus) entries(g int) []int {
	var ks []int
	for k := g; k > 0 && k > g-c.Window; k-- {
		ks = append(ks, k)
	}
	return ks
}

func (c *Corpus) rss(i, g int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<rss version="2.0"><channel><title>Corpus feed %d</title><link>https://corpus%d.example/</link><description>feed %d</description>`+"\n", i, i, i)
	for _, k := range c.entries(g) {
		fmt.Fprintf(&b, "<item><guid isPermaLink=\"false\">%s</guid><title>%s</title><link>https://corpus%d.example/posts/%d</link><pubDate>%s</pubDate><description>%s</description></item>\n",
			EntryID(i, k), entryTitle(i, k), i, k, entryDate(i, k).Format(time.RFC1123Z), html.EscapeString(entryText(i, k)))
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

func (c *Corpus) atom(i, g int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<feed xmlns="http://www.w3.org/2005/Atom"><title>Corpus feed %d</title><id>urn:corpus:%d</id><link href="https://corpus%d.example/"/><updated>%s</updated><author><name>Writer %d</name></author>`+"\n",
		i, i, i, entryDate(i, g).Format(time.RFC3339), i)
	for _, k := range c.entries(g) {
		d := entryDate(i, k).Format(time.RFC3339)
		fmt.Fprintf(&b, "<entry><id>%s</id><title>%s</title><link href=\"https://corpus%d.example/posts/%d\"/><published>%s</published><updated>%s</updated><content type=\"html\">%s</content></entry>\n",
			EntryID(i, k), entryTitle(i, k), i, k, d, d, html.EscapeString(entryText(i, k)))
	}
	b.WriteString("</feed>\n")
	return b.String()
}

// vocabulary is large enough that two random texts share few shingles, so
// de-duplication never merges corpus entries.
var vocabulary = strings.Fields(`river stone lantern orchard copper meadow harbor violin ember thistle
glacier saffron compass willow quarry falcon marble tundra velvet ember cedar nectar basalt pylon
juniper lagoon mosaic quartz ribbon sextant tidal umber vapor walnut yarrow zephyr anchor bramble
cobalt dune estuary fjord garnet heron indigo jasper kelp lichen magnet nimbus opal pepper quill
rosin sorrel tinder urchin vellum wicker yeast zinc acorn beacon cinder delta easel fennel gorse
hazel iris jetty kiln larch moss nettle oxbow pumice quince reed sable tallow umbra verge wren`)

// entryTitle and entryText are deterministic per (feed, entry).
func entryTitle(i, k int) string {
	r := rng(i, k)
	return fmt.Sprintf("Post %d of feed %d: the %s %s", k, i, vocabulary[r.IntN(len(vocabulary))], vocabulary[r.IntN(len(vocabulary))])
}

func entryText(i, k int) string {
	r := rng(i, k)
	var b strings.Builder
	for p := 0; p < 3; p++ {
		b.WriteString("<p>")
		for w := 0; w < 60; w++ {
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(vocabulary[r.IntN(len(vocabulary))])
		}
		fmt.Fprintf(&b, " (%d/%d)</p>", i, k)
	}
	return b.String()
}

func rng(i, k int) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%d", i, k)
	return rand.New(rand.NewPCG(h.Sum64(), uint64(i)<<32|uint64(k)))
}
