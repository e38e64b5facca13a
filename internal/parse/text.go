package parse

import (
	"bytes"
	"html"
	"strings"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// collapseSpace trims s and folds every run of whitespace into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// plainText turns an HTML-ish string into one line of text: tags are
// dropped, entities decoded, whitespace collapsed. Titles arrive this way
// from RSS, where escaped markup in <title> is common.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return collapseSpace(s)
	}
	z := nethtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0 // inside <script>/<style>, whose text is not prose
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return collapseSpace(b.String())
		case nethtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case nethtml.StartTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Script, atom.Style:
				skip++
			case atom.Br, atom.P, atom.Div, atom.Li, atom.Td, atom.Th, atom.Tr, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				b.WriteByte(' ')
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Script, atom.Style:
				if skip > 0 {
					skip--
				}
			case atom.P, atom.Div, atom.Li, atom.Td, atom.Th:
				b.WriteByte(' ')
			}
		case nethtml.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

// titleText cleans an RSS or RDF title, whose type is never declared. Like
// feedparser, it treats the title as HTML only when it holds the end tag of
// a real HTML element: "Name <mail>" or "Why <div> soup is bad" are text,
// "<b>Big</b> news" is markup. Entities are decoded either way, since a
// title escaped twice is far more common than a literal "&amp;".
func titleText(s string) string {
	if hasHTMLEndTag(s) {
		return plainText(s)
	}
	return collapseSpace(html.UnescapeString(s))
}

func hasHTMLEndTag(s string) bool {
	if !strings.Contains(s, "</") {
		return false
	}
	z := nethtml.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return false
		case nethtml.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) != 0 {
				return true
			}
		}
	}
}

// textToHTML renders plain text as HTML paragraphs: blank lines separate
// paragraphs and single newlines become <br>.
func textToHTML(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, para := range strings.Split(s, "\n\n") {
		lines := strings.Split(strings.TrimSpace(para), "\n")
		var kept []string
		for _, l := range lines {
			if l = strings.TrimSpace(l); l != "" {
				kept = append(kept, html.EscapeString(l))
			}
		}
		if len(kept) == 0 {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.Join(kept, "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}

// truncateHTML shortens an HTML fragment to at most limit bytes. It cuts
// between tokens, never inside a tag, and closes the elements left open so
// the fragment stays well-formed; a text run that does not fit is cut at its
// last space (or rune boundary) within the limit.
func truncateHTML(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	if limit <= 0 {
		return ""
	}
	z := nethtml.NewTokenizer(strings.NewReader(s))
	var out bytes.Buffer
	var open []string
	closers := 0 // bytes needed to close everything in open
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		raw := z.Raw()
		room := limit - out.Len() - closers
		switch tt {
		case nethtml.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if isVoid(a) {
				if len(raw) > room {
					return finish(&out, open)
				}
				out.Write(raw)
				continue
			}
			closer := len(name) + 3
			if len(raw)+closer > room {
				return finish(&out, open)
			}
			out.Write(raw)
			open = append(open, string(name))
			closers += closer
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			if i := lastIndex(open, string(name)); i >= 0 {
				// Closing tags fit by construction: their bytes were reserved.
				for j := len(open) - 1; j > i; j-- {
					out.WriteString("</" + open[j] + ">")
					closers -= len(open[j]) + 3
				}
				out.WriteString("</" + open[i] + ">")
				closers -= len(open[i]) + 3
				open = open[:i]
			}
		case nethtml.TextToken:
			if len(raw) > room {
				out.Write(cutText(raw, room))
				return finish(&out, open)
			}
			out.Write(raw)
		default:
			if len(raw) > room {
				return finish(&out, open)
			}
			out.Write(raw)
		}
	}
	return finish(&out, open)
}

func finish(out *bytes.Buffer, open []string) string {
	for i := len(open) - 1; i >= 0; i-- {
		out.WriteString("</" + open[i] + ">")
	}
	return out.String()
}

// cutText returns the longest prefix of text within n bytes that ends at a
// space, or failing that at a rune boundary outside an entity reference.
func cutText(text []byte, n int) []byte {
	if n <= 0 {
		return nil
	}
	if n > len(text) {
		n = len(text)
	}
	head := text[:n]
	if sp := bytes.LastIndexAny(head, " \t\n"); sp > 0 {
		return head[:sp]
	}
	if n < len(text) {
		// Step back to the start of the rune the limit falls inside.
		for n > 0 && !utf8.RuneStart(text[n]) {
			n--
		}
		head = text[:n]
	}
	if amp := bytes.LastIndexByte(head, '&'); amp >= 0 && bytes.IndexByte(head[amp:], ';') < 0 {
		head = head[:amp]
	}
	return head
}

func lastIndex(list []string, s string) int {
	for i := len(list) - 1; i >= 0; i-- {
		if list[i] == s {
			return i
		}
	}
	return -1
}

func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}
