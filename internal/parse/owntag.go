package parse

import (
	"strings"

	"github.com/tributary/tributary/internal/htmltext"
)

// dropOwnEndTag removes the end tag of the element a value came from when
// gofeed left it at the end of the value. That happens when the element
// holds a tag that is never closed (<title>Line<br>Two</title>): the
// lenient decoder reads on past the element's end, and gofeed hands back
// the inner XML with "</title>" on it. hasChild reports that the scan saw a
// child element there; without one the value is text, and a title that
// ends in a literal "</title>" (written &lt;/title&gt;) keeps it.
func dropOwnEndTag(s, name string, hasChild bool) string {
	if !hasChild {
		return s
	}
	t := strings.TrimRight(s, " \t\r\n")
	end := "</" + name + ">"
	if len(t) >= len(end) && strings.EqualFold(t[len(t)-len(end):], end) {
		return t[:len(t)-len(end)]
	}
	return s
}

// rssTitle reads an RSS item title: text that may hold escaped markup
// (htmltext.UntypedLine decides), or, when the title has child elements,
// markup as written into the XML, whose tags are never words.
func rssTitle(s string, fi fieldInfo) string {
	if fi.children {
		return htmltext.Line(dropOwnEndTag(s, "title", true))
	}
	return htmltext.UntypedLine(s)
}
