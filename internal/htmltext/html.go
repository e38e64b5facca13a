package htmltext

import (
	"bytes"
	"html"
	"strings"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Paragraphs renders plain text as HTML paragraphs: blank lines separate
// paragraphs, single newlines become <br>, and every line is trimmed and
// escaped. It is the inverse of Text for text Text returned.
func Paragraphs(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, para := range strings.Split(s, "\n\n") {
		first := true
		for _, l := range strings.Split(para, "\n") {
			if l = strings.TrimSpace(l); l == "" {
				continue
			}
			if first {
				b.WriteString("<p>")
				first = false
			} else {
				b.WriteString("<br>")
			}
			b.WriteString(html.EscapeString(l))
		}
		if !first {
			b.WriteString("</p>")
		}
	}
	return b.String()
}

// TruncateHTML shortens an HTML fragment to at most limit bytes. It cuts
// between tokens, never inside a tag, and closes the elements left open so
// the fragment stays well-formed; a text run that does not fit is cut at
// its last space (or rune boundary) within the limit.
func TruncateHTML(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	if limit <= 0 {
		return ""
	}
	z := nethtml.NewTokenizer(strings.NewReader(s))
	var out bytes.Buffer
	var open []string
	openCount := map[string]int{} // how many of each name open holds
	closers := 0                  // bytes needed to close everything in open
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
			if VoidElement(atom.Lookup(name)) {
				if len(raw) > room {
					return closeAll(&out, open)
				}
				out.Write(raw)
				continue
			}
			closer := len(name) + 3
			if len(raw)+closer > room {
				return closeAll(&out, open)
			}
			out.Write(raw)
			open = append(open, string(name))
			openCount[string(name)]++
			closers += closer
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			if openCount[string(name)] == 0 {
				continue // closes nothing open: dropped
			}
			i := lastIndex(open, string(name))
			// Closing tags fit by construction: their bytes were reserved.
			for j := len(open) - 1; j >= i; j-- {
				out.WriteString("</" + open[j] + ">")
				closers -= len(open[j]) + 3
				openCount[open[j]]--
			}
			open = open[:i]
		case nethtml.TextToken:
			if len(raw) > room {
				out.Write(cutText(raw, room))
				return closeAll(&out, open)
			}
			out.Write(raw)
		default:
			if len(raw) > room {
				return closeAll(&out, open)
			}
			out.Write(raw)
		}
	}
	return closeAll(&out, open)
}

func closeAll(out *bytes.Buffer, open []string) string {
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
