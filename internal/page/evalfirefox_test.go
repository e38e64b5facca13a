//go:build pageeval

package page

// A text save as a browser makes it: Firefox's "Save Page As… Text Files"
// serialises the page's DOM as formatted plain text. It leaves out the
// <head> (so no title line), prints a link's target after its text
// ("text <https://…>"), marks bold, italic and code (*b*, /i/, |c|), sets
// two blank lines above a heading and indents it by its level, bullets
// and indents list items, and wraps lines at 80 columns. firefoxText
// imitates that closely enough to measure the text reader on it.

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const firefoxWrap = 80

// ffWriter builds the formatted text: a current line, its indentation,
// its first-line header (a bullet), and the blank lines owed before it.
type ffWriter struct {
	out     strings.Builder
	line    strings.Builder
	indent  int
	header  string
	empty   int  // blank lines written since the last text line
	owed    int  // blank lines due before the next text (-1: none due)
	started bool // any text written yet
	space   bool // in white space
}

func (w *ffWriter) endLine() {
	text := strings.TrimRight(w.line.String(), " ")
	if text != "" {
		pad := strings.Repeat(" ", max(0, w.indent-utf8.RuneCountInString(w.header)))
		w.out.WriteString(pad + w.header + text + "\n")
		w.empty = 0
		w.started = true
		w.header = ""
	} else if w.started && w.header == "" {
		w.out.WriteString("\n")
		w.empty++
	}
	w.line.Reset()
	w.space = true
}

// vspace ends the current line and owes n blank lines before the next text.
func (w *ffWriter) vspace(n int) {
	if w.line.Len() > 0 {
		w.endLine()
	}
	w.owed = max(w.owed, n)
}

func (w *ffWriter) write(s string) {
	if s == "" {
		return
	}
	if w.owed >= 0 {
		for w.started && w.empty < w.owed {
			w.out.WriteString("\n")
			w.empty++
		}
		w.owed = -1
	}
	w.line.WriteString(s)
	w.wrap()
}

// wrap breaks the current line at the last space before the wrap column.
func (w *ffWriter) wrap() {
	for {
		s := w.line.String()
		if w.indent+utf8.RuneCountInString(s) <= firefoxWrap+4 {
			return
		}
		rs := []rune(s)
		cut := -1
		for i := min(len(rs)-1, firefoxWrap-w.indent); i > 0; i-- {
			if rs[i] == ' ' {
				cut = i
				break
			}
		}
		if cut <= 0 {
			return
		}
		w.line.Reset()
		w.line.WriteString(string(rs[:cut]))
		w.endLine()
		w.line.WriteString(string(rs[cut+1:]))
	}
}

func (w *ffWriter) text(s string) {
	for _, f := range strings.Fields(s) {
		if w.line.Len() > 0 && w.space {
			w.write(" ")
		}
		w.write(f)
		w.space = true
	}
	w.space = s != "" && isSpaceRune(rune(s[len(s)-1]))
}

// open writes an opening mark, after a space when one is due.
func (w *ffWriter) open(m string) {
	if w.line.Len() > 0 && w.space {
		w.write(" ")
	}
	w.write(m)
	w.space = false
}

func isSpaceRune(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }

// firefoxText renders a page the way Firefox saves it as text.
func firefoxText(root *html.Node) string {
	w := &ffWriter{owed: -1, space: true}
	lists := 0
	var olStack []int
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.TextNode {
			if strings.TrimSpace(n.Data) == "" {
				w.space = true
				return
			}
			if isSpaceRune(rune(n.Data[0])) {
				w.space = true
			}
			w.text(n.Data)
			return
		}
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				visit(c)
			}
			return
		}
		a := n.DataAtom
		switch a {
		case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Noframes, atom.Select, atom.Svg:
			return
		}
		if _, hidden := attrOK(n, "hidden"); hidden || strings.Contains(strings.ReplaceAll(attr(n, "style"), " ", ""), "display:none") {
			return
		}
		switch a {
		case atom.Br:
			w.endLine()
			return
		case atom.Hr:
			w.vspace(0)
			w.write(strings.Repeat("-", firefoxWrap))
			w.vspace(0)
			return
		case atom.Img:
			if alt, ok := attrOK(n, "alt"); ok {
				w.text(alt)
			} else if t := attr(n, "title"); t != "" {
				w.text(" [" + t + "] ")
			}
			return
		}
		level := 0
		switch a {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			level = int(n.Data[1] - '0')
			w.vspace(2)
			w.indent += 2 * level
		case atom.P:
			w.vspace(1)
		case atom.Pre, atom.Dl, atom.Table:
			w.vspace(1)
		case atom.Blockquote:
			w.vspace(1)
			w.indent += 4
		case atom.Ul:
			w.vspace(map[bool]int{true: 0, false: 1}[lists > 0])
			w.indent += 4
			lists++
			olStack = append(olStack, 0)
		case atom.Ol:
			w.vspace(map[bool]int{true: 0, false: 1}[lists > 0])
			w.indent += 4
			lists++
			olStack = append(olStack, 1)
		case atom.Li:
			w.vspace(0)
			if k := len(olStack) - 1; k >= 0 && olStack[k] > 0 {
				w.header = itoa(olStack[k]) + ". "
				olStack[k]++
			} else {
				w.header = string("*o+#"[max(0, lists-1)%4]) + " "
			}
		case atom.Dd:
			w.vspace(0)
			w.indent += 4
		case atom.Tr, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav, atom.Aside, atom.Main,
			atom.Dt, atom.Figure, atom.Figcaption, atom.Form, atom.Address:
			w.vspace(0)
		case atom.Td, atom.Th:
			if n.PrevSibling != nil {
				w.write("\t")
			}
		case atom.B, atom.Strong:
			w.open("*")
		case atom.I, atom.Em:
			w.open("/")
		case atom.Code:
			w.open("|")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
		switch a {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			w.vspace(1)
			w.indent -= 2 * level
		case atom.P, atom.Pre, atom.Dl, atom.Table, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer,
			atom.Nav, atom.Aside, atom.Main, atom.Figure, atom.Form:
			w.vspace(1)
		case atom.Blockquote:
			w.vspace(1)
			w.indent -= 4
		case atom.Ul, atom.Ol:
			w.vspace(0)
			w.indent -= 4
			lists--
			olStack = olStack[:len(olStack)-1]
			if lists == 0 {
				w.vspace(1)
			}
		case atom.Dd:
			w.vspace(0)
			w.indent -= 4
		case atom.Li, atom.Tr, atom.Dt, atom.Figcaption, atom.Address:
			w.vspace(0)
		case atom.A:
			if href := attr(n, "href"); href != "" && !strings.HasPrefix(href, "javascript:") {
				if !strings.Contains(href, "://") && !strings.HasPrefix(href, "mailto:") {
					href = "https://example.com/" + strings.TrimPrefix(href, "/")
				}
				w.write(" <" + href + ">")
				w.space = false
			}
		case atom.B, atom.Strong:
			w.write("*")
		case atom.I, atom.Em:
			w.write("/")
		case atom.Code:
			w.write("|")
		}
	}
	visit(root)
	w.endLine()
	return strings.TrimLeft(w.out.String(), "\n")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
