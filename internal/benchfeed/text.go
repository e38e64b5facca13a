package benchfeed

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Content sizes in bytes of HTML. Blocks are under 1 KB, so stopping at the
// first block that reaches the target keeps every entry within 1 to 8 KB,
// even with a cross-post's closing paragraph added.
const (
	minContent    = 1024
	maxTarget     = 6300
	maxContent    = 8192
	summaryLength = 280
)

var sentenceTemplates = [...]string{
	"The %A %N %V the %N.",
	"%C, the %N %D %V the %A %N.",
	"Every %N %V %a %N, and the %N %V it %D.",
	"Nobody %V the %N of the %N like %P does.",
	"As %P put it, the %N %V the %N “%A and %A”.",
	"%C, a %L %V the %N of every %N.",
	"This is where the %E %N %V the %A %N.",
	"If the %N %V the %N, the %N %V %D.",
	"%a %N is not %a %N — it %V the %N.",
	"We %D underestimate how much the %N %V the %L.",
	"The %N’s %N %V the %A %N &amp; the %N.",
	"%C, I kept coming back to the %S.",
	"Why is the %N so %A?",
	"The numbers are %A: one %N in %I %V the %N.",
	"Read the %L before you judge the %N.",
	"Still, the %A %N %V the %N %D.",
}

// textBuilder writes entry content. It is reused across the entries of a
// feed so its buffers are allocated once.
type textBuilder struct {
	html    strings.Builder
	plain   strings.Builder
	capture bool // copy words to plain: true while writing the first paragraph
	r       *rand.Rand
	site    site
	day     time.Time
	rel     bool
}

// content returns an entry's HTML and a plain-text summary of its opening.
// rel makes the entry's internal links and images site-relative.
func (tb *textBuilder) content(r *rand.Rand, s site, published time.Time, rel bool) (string, string) {
	tb.html.Reset()
	tb.plain.Reset()
	tb.r, tb.site, tb.day, tb.rel = r, s, published.In(s.zone), rel
	// Skewed towards long posts: the square root pulls draws up, giving a
	// mean near 5 KB, as on blogs that publish essays rather than links.
	target := minContent + int(float64(maxTarget-minContent)*math.Sqrt(r.Float64()))
	tb.capture = true
	tb.paragraph()
	tb.capture = false
	for tb.html.Len() < target {
		switch u := r.IntN(100); {
		case u < 62:
			tb.paragraph()
		case u < 74:
			tb.figure()
		case u < 80:
			tb.heading()
		case u < 87:
			tb.quote()
		case u < 95:
			tb.list()
		default:
			tb.code()
		}
	}
	return tb.html.String(), summarize(tb.plain.String())
}

func (tb *textBuilder) w(s string) {
	tb.html.WriteString(s)
}

func (tb *textBuilder) words(s string) {
	tb.html.WriteString(s)
	if tb.capture {
		// The summary is plain text; the one entity templates use is &amp;.
		tb.plain.WriteString(strings.ReplaceAll(s, "&amp;", "&"))
	}
}

func (tb *textBuilder) pick(list []string) string { return list[tb.r.IntN(len(list))] }

func (tb *textBuilder) paragraph() {
	tb.w("<p>")
	n := 2 + tb.r.IntN(4)
	for j := range n {
		if j > 0 {
			tb.words(" ")
		}
		tb.sentence(sentenceTemplates[tb.r.IntN(len(sentenceTemplates))])
	}
	tb.w("</p>\n")
}

// sentence fills template t like expand, plus %L a link, %E emphasis, %S
// strong words and %I a small number, capitalising the first letter.
func (tb *textBuilder) sentence(t string) {
	first := true
	word := func(s string) {
		if first && s != "" {
			first = false
			c, size := utf8.DecodeRuneInString(s)
			if c >= 'a' && c <= 'z' {
				tb.words(string(c - 'a' + 'A'))
				s = s[size:]
			}
		}
		tb.words(s)
	}
	for j := 0; j < len(t); j++ {
		start := j
		for j < len(t) && t[j] != '%' {
			j++
		}
		if j > start {
			word(t[start:j])
		}
		if j+1 >= len(t) {
			break
		}
		j++
		switch t[j] {
		case 'A':
			word(tb.pick(adjectives[:]))
		case 'N':
			word(tb.pick(nouns[:]))
		case 'M':
			word(plural(tb.pick(nouns[:])))
		case 'a':
			word(withArticle(tb.pick(adjectives[:])))
		case 'V':
			word(tb.pick(verbs[:]))
		case 'D':
			word(tb.pick(adverbs[:]))
		case 'C':
			word(tb.pick(connectives[:]))
		case 'P':
			word(personName(tb.r))
		case 'I':
			word(strconv.Itoa(2 + tb.r.IntN(40)))
		case 'E':
			tb.w("<em>")
			word(tb.pick(adjectives[:]))
			tb.w("</em>")
		case 'S':
			tb.w("<strong>")
			word(tb.pick(adjectives[:]) + " " + tb.pick(nouns[:]))
			tb.w("</strong>")
		case 'L':
			tb.w(`<a href="`)
			tb.w(tb.href())
			tb.w(`">`)
			word(tb.pick(adjectives[:]) + " " + tb.pick(nouns[:]))
			tb.w("</a>")
		}
	}
}

// href returns a link target: another site, an earlier post or a tag page
// of this blog, written site-relative when the entry uses relative URLs.
func (tb *textBuilder) href() string {
	r := tb.r
	switch u := r.IntN(100); {
	case u < 45:
		return "https://" + tb.pick(linkHosts[:]) + "/" + tb.pick(nouns[:]) + "/" + strconv.Itoa(1000+r.IntN(90000))
	case u < 80:
		old := tb.day.Add(-time.Duration(1+r.IntN(700)) * 24 * time.Hour)
		path := old.Format("2006/01/") + tb.pick(adjectives[:]) + "-" + tb.pick(nouns[:]) + "/"
		if !tb.rel {
			return tb.site.home + path
		}
		if r.IntN(3) == 0 {
			return "../../" + path[len("2006/"):]
		}
		return "/" + path
	case u < 92:
		if tb.rel {
			return "/tag/" + tb.pick(tb.site.tags) + "/"
		}
		return tb.site.home + "tag/" + tb.pick(tb.site.tags) + "/"
	default:
		return "#note-" + strconv.Itoa(1+r.IntN(5))
	}
}

func (tb *textBuilder) imageURL(name string, w int) string {
	path := "wp-content/uploads/" + tb.day.Format("2006/01/") + name + "-" + strconv.Itoa(w) + "x" + strconv.Itoa(w*2/3) + ".jpg"
	if tb.rel {
		return "/" + path
	}
	return tb.site.home + path
}

func (tb *textBuilder) figure() {
	name := tb.pick(adjectives[:]) + "-" + tb.pick(nouns[:]) + "-" + strconv.Itoa(tb.r.IntN(100))
	tb.w(`<figure class="wp-block-image"><img loading="lazy" src="`)
	tb.w(tb.imageURL(name, 1024))
	tb.w(`" alt="A `)
	tb.w(tb.pick(adjectives[:]) + " " + tb.pick(nouns[:]))
	tb.w(`" width="1024" height="682"`)
	if tb.r.IntN(3) == 0 {
		tb.w(` srcset="`)
		tb.w(tb.imageURL(name, 300) + " 300w, " + tb.imageURL(name, 768) + " 768w, " + tb.imageURL(name, 1024) + " 1024w")
		tb.w(`" sizes="(max-width: 1024px) 100vw, 1024px"`)
	}
	tb.w(`><figcaption>`)
	tb.sentence("The %N of the %A %N, %I years on.")
	tb.w("</figcaption></figure>\n")
}

func (tb *textBuilder) heading() {
	tb.w("<h2>")
	tb.sentence(titleTemplates[tb.r.IntN(len(titleTemplates))])
	tb.w("</h2>\n")
}

func (tb *textBuilder) quote() {
	tb.w("<blockquote><p>")
	tb.sentence(sentenceTemplates[tb.r.IntN(len(sentenceTemplates))])
	tb.words(" ")
	tb.sentence(sentenceTemplates[tb.r.IntN(len(sentenceTemplates))])
	tb.w("</p><cite>")
	tb.w(personName(tb.r))
	tb.w("</cite></blockquote>\n")
}

func (tb *textBuilder) list() {
	tb.w("<ul>\n")
	for range 3 + tb.r.IntN(4) {
		tb.w("<li>")
		if tb.r.IntN(3) == 0 {
			tb.sentence("The %L, %D.")
		} else {
			tb.sentence("%A %N %V the %N")
		}
		tb.w("</li>\n")
	}
	tb.w("</ul>\n")
}

func (tb *textBuilder) code() {
	tb.w(`<pre class="wp-block-code"><code>`)
	n := tb.pick(nouns[:])
	tb.w("for _, " + n + " := range " + plural(n) + " {\n\tif " + n + ".Size &lt; " + strconv.Itoa(tb.r.IntN(4096)) +
		" &amp;&amp; " + n + ".OK() {\n\t\tkeep(" + n + ")\n\t}\n}")
	tb.w("</code></pre>\n")
}

// summarize cuts text at a word boundary, WordPress style.
func summarize(text string) string {
	if len(text) <= summaryLength {
		return text
	}
	cut := strings.LastIndexByte(text[:summaryLength], ' ')
	if cut < 0 {
		cut = summaryLength
	}
	return text[:cut] + " […]"
}
