package benchfeed

import (
	"bufio"
	"bytes"

	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Version changes whenever the generator's output for a given seed changes.
// It is part of every ETag and cache file name, so a farm or cache built by an
// older generator is never mistaken for the current one.
const Version = 2

// Format is the syndication format of a generated feed.
type Format int

// The formats, in the order of their share of the mix.
const (
	RSS2     Format = iota // RSS 2.0, WordPress style
	Atom                   // Atom 1.0, Blogger style
	RDF                    // RSS 1.0, Movable Type style
	JSONFeed               // JSON Feed 1.1
)

// Formats lists every Format, for tests and reports.
func Formats() []Format { return []Format{RSS2, Atom, RDF, JSONFeed} }

// String returns the format's usual name.
func (f Format) String() string {
	switch f {
	case RSS2:
		return "rss2"
	case Atom:
		return "atom"
	case RDF:
		return "rdf"
	case JSONFeed:
		return "jsonfeed"
	}
	return "format(" + strconv.Itoa(int(f)) + ")"
}

// ContentType returns the media type a server sends for the format.
func (f Format) ContentType() string {
	switch f {
	case Atom:
		return "application/atom+xml; charset=utf-8"
	case RDF:
		return "application/rdf+xml; charset=utf-8"
	case JSONFeed:
		return "application/feed+json; charset=utf-8"
	}
	return "application/rss+xml; charset=utf-8"
}

// Ext returns the file extension used for cached bodies of the format.
func (f Format) Ext() string {
	switch f {
	case Atom:
		return ".atom"
	case RDF:
		return ".rdf"
	case JSONFeed:
		return ".json"
	}
	return ".rss"
}

// Meta describes a feed without its content. Computing it costs a few
// microseconds, so a server can answer conditional requests without building
// the body.
type Meta struct {
	Index        int
	Format       Format
	Title        string
	Link         string // the site's home page
	Entries      int
	CrossPosts   int       // entries shared with Partner
	Partner      int       // the feed this one shares posts with, or -1
	LastModified time.Time // newest entry date or update, whole seconds, UTC
	ETag         string    // strong validator, quoted
}

// Generator makes feeds. It holds no mutable state and is safe for
// concurrent use.
type Generator struct {
	seed  uint64
	epoch time.Time // every date counts back from here, never from the clock
}

// New returns a Generator for seed.
func New(seed uint64) *Generator {
	return &Generator{seed: seed, epoch: time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)}
}

// Seed returns the generator's seed.
func (g *Generator) Seed() uint64 { return g.seed }

// Stream kinds: each random decision is drawn from a stream named by a kind
// and its coordinates, so adding draws to one stream never shifts another.
const (
	kindSite uint64 = iota + 1
	kindFeed
	kindEntry
	kindBlock
	kindPair
	kindSharedMeta
	kindSharedBody
	kindETag
)

// blockSize is how many consecutive feeds are shuffled and paired for
// cross-posting; pairing inside small blocks keeps the partner of feed i
// computable from i alone.
const blockSize = 16

func (g *Generator) rng(kind, a, b uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, mix(kind, a, b)))
}

// mix folds its arguments through splitmix64's finaliser so that nearby
// coordinates give unrelated stream ids.
func mix(vals ...uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, v := range vals {
		h ^= v + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2)
		h ^= h >> 30
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 27
		h *= 0x94d049bb133111eb
		h ^= h >> 31
	}
	return h
}

// site is a feed's blog: who writes it and how its software writes feeds.
type site struct {
	format   Format
	host     string
	home     string // https://host/
	title    string
	desc     string
	zone     *time.Location
	gmt      bool // RSS dates written as "GMT" rather than a numeric offset
	authors  []string
	tags     []string
	relative int  // percent of entries whose images and links are site-relative
	xmlBase  bool // Atom: the feed declares xml:base, so relative URLs resolve against the site
	plainRSS bool // RSS 2.0: full HTML in description, permalink guid, no content:encoded
	summary  bool // Atom/JSON: entries carry a summary besides the content
}

var zoneOffsets = [...]int{0, 0, 0, -5 * 3600, -4 * 3600, -7 * 3600, 3600, 2 * 3600, 8 * 3600, 19800, 10 * 3600}

func (g *Generator) site(i int) site {
	r := g.rng(kindSite, uint64(i), 0)
	var s site
	switch u := r.IntN(100); {
	case u < 50:
		s.format = RSS2
	case u < 83:
		s.format = Atom
	case u < 92:
		s.format = RDF
	default:
		s.format = JSONFeed
	}
	w1, w2 := siteWords[r.IntN(len(siteWords))], siteWords[r.IntN(len(siteWords))]
	s.host = w1 + "-" + w2 + strconv.Itoa(i) + "." + tlds[r.IntN(len(tlds))]
	s.home = "https://" + s.host + "/"
	s.title = titleCase(w1) + " " + titleCase(w2)
	switch r.IntN(3) {
	case 0:
		s.title = "The " + s.title
	case 1:
		s.title += " Notes"
	}
	s.desc = "Writing on " + tags[r.IntN(len(tags))] + ", " + tags[r.IntN(len(tags))] + " and " + plural(nouns[r.IntN(len(nouns))])
	off := zoneOffsets[r.IntN(len(zoneOffsets))]
	s.zone = time.FixedZone("", off)
	s.gmt = off == 0 && r.IntN(2) == 0
	na := 1
	if r.IntN(4) == 0 {
		na = 2 + r.IntN(4)
	}
	for range na {
		s.authors = append(s.authors, personName(r))
	}
	for range 5 + r.IntN(8) {
		s.tags = append(s.tags, tags[r.IntN(len(tags))])
	}
	if r.IntN(10) < 4 {
		s.relative = 30 + r.IntN(60)
	}
	s.xmlBase = r.IntN(2) == 0
	s.plainRSS = r.IntN(5) == 0
	s.summary = r.IntN(3) == 0
	return s
}

// partner returns the feed paired with i for cross-posting and the pair's id.
func (g *Generator) partner(i int) (int, uint64) {
	b := i / blockSize
	perm := g.rng(kindBlock, uint64(b), 0).Perm(blockSize)
	pos := slices.Index(perm, i%blockSize)
	return b*blockSize + perm[pos^1], uint64(b*blockSize/2 + pos/2)
}

// post is one entry's plan: everything except its words.
type post struct {
	own       bool
	k         int    // own posts: index in the feed's own stream
	pair      uint64 // shared posts: pair id
	s         int    // shared posts: index within the pair
	copy      bool   // shared posts: this feed carries the cross-posted copy
	number    int    // the blog software's post number, unique within the feed
	published time.Time
	updated   time.Time // zero when the entry was never edited
	written   time.Time // shared posts: the original's date, which dates the words
}

func (p post) newest() time.Time {
	if p.updated.After(p.published) {
		return p.updated
	}
	return p.published
}

// plan is a feed's shape: its site, partner and posts newest first.
type plan struct {
	i     int
	site  site
	posts []post
	meta  Meta
}

func (g *Generator) plan(i int) plan {
	p := plan{i: i, site: g.site(i)}
	r := g.rng(kindFeed, uint64(i), 0)
	total := 20 + r.IntN(31)
	partner, pair := g.partner(i)
	shared := 0
	if pr := g.rng(kindPair, pair, 0); pr.IntN(100) < 35 {
		shared = 1 + pr.IntN(4)
	}
	gaps := [...]time.Duration{6 * time.Hour, 20 * time.Hour, 50 * time.Hour, 7 * 24 * time.Hour}
	gap := gaps[r.IntN(len(gaps))]
	t := g.epoch.Add(-time.Duration(r.Int64N(int64(72 * time.Hour)))).Truncate(time.Second)
	number := 1000 + r.IntN(60000)
	for k := range total - shared {
		po := post{own: true, k: k, number: number, published: t}
		if r.IntN(5) == 0 {
			po.updated = minTime(t.Add(time.Duration(r.Int64N(int64(48*time.Hour)))).Truncate(time.Second), g.epoch)
		}
		p.posts = append(p.posts, po)
		t = t.Add(-time.Duration(float64(gap) * (0.2 + 1.6*r.Float64()))).Truncate(time.Second)
		number -= 1 + r.IntN(9)
	}
	side := 0
	if i > partner {
		side = 1
	}
	for s := range shared {
		sr := g.rng(kindSharedMeta, pair, uint64(s))
		pub := g.epoch.Add(-time.Duration(sr.Int64N(int64(40 * 24 * time.Hour)))).Truncate(time.Second)
		lag := time.Duration(sr.Int64N(int64(6 * time.Hour))).Truncate(time.Second)
		po := post{pair: pair, s: s, copy: side == 1, published: pub, written: pub,
			number: 900000 + int(pair%50000)*10 + s*2 + side}
		if po.copy {
			po.published = minTime(pub.Add(lag), g.epoch)
		}
		p.posts = append(p.posts, po)
	}
	slices.SortStableFunc(p.posts, func(a, b post) int { return b.published.Compare(a.published) })

	p.meta = Meta{
		Index:      i,
		Format:     p.site.format,
		Title:      p.site.title,
		Link:       p.site.home,
		Entries:    len(p.posts),
		CrossPosts: shared,
		Partner:    -1,
		ETag:       fmt.Sprintf(`"%016x"`, mix(kindETag, Version, g.seed, uint64(i))),
	}
	if shared > 0 {
		p.meta.Partner = partner
	}
	for _, po := range p.posts {
		if n := po.newest(); n.After(p.meta.LastModified) {
			p.meta.LastModified = n
		}
	}
	p.meta.LastModified = p.meta.LastModified.UTC().Truncate(time.Second)
	return p
}

// Meta returns feed i's description without building its content.
func (g *Generator) Meta(i int) Meta { return g.plan(i).meta }

// Feed returns feed i's body and description.
func (g *Generator) Feed(i int) ([]byte, Meta) {
	var b bytes.Buffer
	b.Grow(256 << 10)
	m, err := g.WriteFeed(&b, i)
	if err != nil {
		// A bytes.Buffer never fails to write; anything else is a bug here.
		panic(fmt.Sprintf("benchfeed: write feed %d to memory: %v", i, err))
	}
	return b.Bytes(), m
}

// WriteFeed streams feed i's body to w, one entry at a time.
func (g *Generator) WriteFeed(w io.Writer, i int) (Meta, error) {
	p := g.plan(i)
	bw := bufio.NewWriterSize(w, 32<<10)
	var err error
	switch p.site.format {
	case RSS2:
		err = g.writeRSS(bw, p)
	case Atom:
		err = g.writeAtom(bw, p)
	case RDF:
		err = g.writeRDF(bw, p)
	case JSONFeed:
		err = g.writeJSON(bw, p)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return p.meta, fmt.Errorf("write feed %d: %w", i, err)
	}
	return p.meta, nil
}

// entry is a post with its words.
type entry struct {
	post
	title      string
	slug       string
	author     string
	categories []string
	content    string // HTML
	summary    string // plain text, the opening of the content
}

// entries yields feed p's entries newest first, building each only when it
// is reached so a feed never holds more than one entry's content.
func (g *Generator) entries(p plan, yield func(entry) error) error {
	slugs := make(map[string]bool, len(p.posts))
	var tb textBuilder
	for _, po := range p.posts {
		e := entry{post: po}
		if po.own {
			r := g.rng(kindEntry, uint64(p.i), uint64(po.k))
			e.title = makeTitle(r)
			e.author = p.site.authors[r.IntN(len(p.site.authors))]
			e.categories = pickTags(r, p.site.tags)
			rel := r.IntN(100) < p.site.relative
			e.content, e.summary = tb.content(r, p.site, po.published, rel)
		} else {
			e = g.sharedEntry(p, po, &tb)
		}
		e.slug = slugify(e.title)
		if slugs[e.slug] {
			e.slug += "-" + strconv.Itoa(po.number)
		}
		slugs[e.slug] = true
		if err := yield(e); err != nil {
			return err
		}
	}
	return nil
}

// sharedEntry builds a cross-posted entry. Its words come from the pair's
// stream, so both feeds of the pair carry the same text; the copy may retitle
// it slightly and append a closing paragraph naming the original blog.
func (g *Generator) sharedEntry(p plan, po post, tb *textBuilder) entry {
	partner, _ := g.partner(p.i)
	origin := p.site
	if po.copy {
		origin = g.site(partner)
	}
	r := g.rng(kindSharedBody, po.pair, uint64(po.s))
	e := entry{post: po}
	e.title = makeTitle(r)
	e.author = personName(r)
	e.categories = pickTags(r, tags[:])
	rel := r.IntN(100) < origin.relative
	e.content, e.summary = tb.content(r, origin, po.written, rel)
	if !po.copy {
		return e
	}
	// The retouches continue the pair's stream: both feeds drew the same
	// words above, and only the copy draws these.
	switch r.IntN(6) {
	case 0:
		e.title = "Cross-post: " + e.title
	case 1:
		e.title = strings.ToLower(e.title[:1]) + e.title[1:]
	case 2:
		e.title += " (repost)"
	}
	if r.IntN(2) == 0 {
		line := closingLines[r.IntN(len(closingLines))]
		line = strings.Replace(line, "%S", `<a href="`+origin.home+`">`+origin.title+`</a>`, 1)
		e.content += "\n<p><em>" + line + "</em></p>"
	}
	return e
}

func minTime(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func personName(r *rand.Rand) string {
	return firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
}

func pickTags(r *rand.Rand, from []string) []string {
	n := 1 + r.IntN(4)
	out := make([]string, 0, n)
	for range n {
		t := from[r.IntN(len(from))]
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func makeTitle(r *rand.Rand) string {
	var b strings.Builder
	expand(&b, r, titleTemplates[r.IntN(len(titleTemplates))])
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// expand writes template t with its slots filled: %A adjective, %N noun,
// %M plural noun, %a adjective with its article, %V verb, %D adverb, %C connective, %P a person's name.
func expand(b *strings.Builder, r *rand.Rand, t string) {
	for j := 0; j < len(t); j++ {
		c := t[j]
		if c != '%' || j+1 == len(t) {
			b.WriteByte(c)
			continue
		}
		j++
		switch t[j] {
		case 'A':
			b.WriteString(adjectives[r.IntN(len(adjectives))])
		case 'N':
			b.WriteString(nouns[r.IntN(len(nouns))])
		case 'M':
			b.WriteString(plural(nouns[r.IntN(len(nouns))]))
		case 'a':
			b.WriteString(withArticle(adjectives[r.IntN(len(adjectives))]))
		case 'V':
			b.WriteString(verbs[r.IntN(len(verbs))])
		case 'D':
			b.WriteString(adverbs[r.IntN(len(adverbs))])
		case 'C':
			b.WriteString(connectives[r.IntN(len(connectives))])
		case 'P':
			b.WriteString(personName(r))
		default:
			b.WriteByte('%')
			b.WriteByte(t[j])
		}
	}
}

func plural(n string) string {
	switch {
	case strings.HasSuffix(n, "y") && !strings.ContainsAny(n[len(n)-2:len(n)-1], "aeiou"):
		return n[:len(n)-1] + "ies"
	case strings.HasSuffix(n, "s"), strings.HasSuffix(n, "x"), strings.HasSuffix(n, "ch"), strings.HasSuffix(n, "sh"):
		return n + "es"
	}
	return n + "s"
}

func withArticle(word string) string {
	if strings.ContainsAny(word[:1], "aeiou") && !strings.HasPrefix(word, "use") {
		return "an " + word
	}
	return "a " + word
}

func slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(title) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// link returns the entry's permalink in the style of its blog's software.
func (s site) link(e entry) string {
	t := e.published.In(s.zone)
	switch s.format {
	case Atom:
		return s.home + t.Format("2006/01/") + e.slug + ".html"
	case RDF:
		return s.home + "archives/" + fmt.Sprintf("%06d", e.number) + ".html"
	case JSONFeed:
		return s.home + "posts/" + e.slug + "/"
	}
	return s.home + t.Format("2006/01/02/") + e.slug + "/"
}
