package page

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/feed"
)

// parseText reads a plain-text page: one entry per post SplitText finds,
// with the source's boilerplate and Strip patterns applied.
func parseText(name, text string, opts Options) *feed.Document {
	posts := splitText(text, opts.Boilerplate, opts.Strip, opts.trace)
	doc := &feed.Document{}
	for _, p := range posts {
		e := feed.Entry{
			Title:        p.Title,
			Content:      renderParagraphs(p.Paragraphs),
			Published:    p.Date,
			RawPublished: p.RawDate,
			Categories:   p.Categories,
			Raw:          p.Raw,
			File:         baseName(name),
		}
		if p.Author != "" {
			e.Authors = []string{p.Author}
		}
		doc.Entries = append(doc.Entries, e)
	}
	return doc
}

// renderParagraphs turns a post's paragraphs into HTML: runs of numbered or
// bulleted items become <ol>/<ul>, short unpunctuated lines between
// paragraphs become <h2> subheads, everything else a <p>. Text is escaped
// and bare URLs become links. Block quotes are not guessed: plain text does
// not mark them reliably.
func renderParagraphs(paras []string) string {
	var b strings.Builder
	for i := 0; i < len(paras); {
		if n, ordered, start := listRun(paras[i:]); n >= 2 {
			tag := "ul"
			if ordered {
				tag = "ol"
			}
			b.WriteString("<" + tag)
			if ordered && start != 1 {
				b.WriteString(` start="` + strconv.Itoa(start) + `"`)
			}
			b.WriteString(">")
			for _, item := range paras[i : i+n] {
				b.WriteString("<li>" + inlineHTML(listMarkerRE.ReplaceAllString(item, "")) + "</li>")
			}
			b.WriteString("</" + tag + ">\n")
			i += n
			continue
		}
		if isSubhead(paras, i) {
			b.WriteString("<h2>" + inlineHTML(paras[i]) + "</h2>\n")
		} else {
			b.WriteString("<p>" + inlineHTML(paras[i]) + "</p>\n")
		}
		i++
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// listRun counts the list items of one kind at the start of paras and, for a
// numbered list, the first number.
func listRun(paras []string) (n int, ordered bool, start int) {
	for _, p := range paras {
		m := listMarkerRE.FindStringSubmatch(p)
		if m == nil || !listItemRE.MatchString(p) {
			break
		}
		isNum := m[1] != ""
		if n == 0 {
			ordered = isNum
			if isNum {
				start, _ = strconv.Atoi(m[1])
			}
		} else if isNum != ordered {
			break
		}
		n++
	}
	return n, ordered, start
}

// isSubhead reports whether paras[i] reads as a section heading: a short
// line, not the first or last paragraph, starting with a capital, ending
// without punctuation, after a finished sentence and before body text.
func isSubhead(paras []string, i int) bool {
	if i == 0 || i == len(paras)-1 {
		return false
	}
	p := strings.TrimSpace(paras[i])
	if utf8.RuneCountInString(p) > 90 || len(strings.Fields(p)) > 12 || listItemRE.MatchString(p) || hasURL(p) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(p)
	if !unicode.IsUpper(first) && !isOpener(first) {
		return false
	}
	if strings.ContainsRune(".,;:!?…", lastSignificant(p)) {
		return false
	}
	prev := strings.TrimSpace(paras[i-1])
	if !listItemRE.MatchString(prev) && !strings.ContainsRune(".!?…:", lastSignificant(prev)) {
		return false
	}
	next := strings.TrimSpace(paras[i+1])
	return utf8.RuneCountInString(next) > 60 || strings.ContainsRune(".!?…", lastSignificant(next))
}

// urlRE finds bare URLs: with a scheme, starting with "www.", or a lower-case
// host on a common top-level domain followed by a path ("pic.twitter.com/x").
var urlRE = regexp.MustCompile(`(?:^|[\s(\[“"'])((?:[hH][tT][tT][pP][sS]?://|www\.)[^\s<>"“”]+|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|io|co|uk|info|me|ly|be|tv|news|blog|app|dev|eu|de|fr|ca|au|cn|ru|in|us|red)/[^\s<>"“”]*)`)

func hasURL(s string) bool { return urlRE.MatchString(s) }

// inlineHTML escapes text and links its bare URLs. Footnote markers and all
// other text stay as written.
func inlineHTML(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	last := 0
	for _, m := range urlRE.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[2], m[3]
		u := trimURL(s[start:end])
		end = start + len(u)
		b.WriteString(escapeText(s[last:start]))
		href := u
		if !strings.Contains(strings.ToLower(u[:min(len(u), 8)]), "://") {
			href = "https://" + u
		}
		b.WriteString(`<a href="` + escapeAttr(href) + `">` + escapeText(u) + `</a>`)
		last = end
	}
	b.WriteString(escapeText(s[last:]))
	return b.String()
}

// trimURL drops trailing punctuation that belongs to the sentence, keeping a
// closing parenthesis the URL itself opened.
func trimURL(u string) string {
	for u != "" {
		r, size := utf8.DecodeLastRuneInString(u)
		switch {
		case strings.ContainsRune(`.,;:!?'"’”»]`, r):
		case r == ')' && strings.Count(u, "(") < strings.Count(u, ")"):
		default:
			return u
		}
		u = u[:len(u)-size]
	}
	return u
}

func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func escapeAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
