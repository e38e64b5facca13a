package normalize

import (
	"strings"

	"github.com/tributary/tributary/internal/htmltext"
)

// PlainText cleans a title or other metadata that is plain text already
// (feed.Entry's contract: parse reads each title by its declared type):
// htmltext.CleanLine takes it literally, so a title about "<blink>" or
// "std::vector<int>" keeps its words, and white space and invisible or
// control characters are tidied. Only markup that would be unsafe should a
// reader render the title as HTML (some do) is removed (see defuse).
func PlainText(s string) string {
	return defuse(htmltext.CleanLine(s))
}

// defuse removes markup from text that a reader rendering it as HTML would
// execute ("<script>", "<img onerror=...>"), or that would become a
// forbidden character there ("&#1;"), and nothing else. The tags of HTML
// elements go first (htmltext.Line, which keeps the words after a script
// tag that never closes); then every tag (a handler on an unknown
// element); if markup survives even that, '<' itself goes, which no markup
// can survive, and then '&', which no character reference can.
func defuse(s string) string {
	if !strings.ContainsAny(s, "<&") || len(UnsafeText(s)) == 0 {
		return s
	}
	for _, strip := range []func(string) string{htmltext.Line, allTags} {
		if s = strip(s); len(UnsafeText(s)) == 0 {
			return s
		}
	}
	if s = strings.ReplaceAll(s, "<", ""); len(UnsafeText(s)) == 0 {
		return s
	}
	return strings.ReplaceAll(s, "&", "")
}

// allTags reads s as HTML and returns its text as one line.
func allTags(s string) string { return htmltext.CleanLine(htmltext.Text(s)) }

// Categories cleans a list of categories or tags: each becomes plain text
// (see PlainText), empty ones are dropped, and later duplicates that differ
// only in case are removed, keeping the first spelling and the order.
func Categories(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, c := range in {
		c = PlainText(c)
		if c == "" {
			continue
		}
		key := strings.ToLower(c)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c)
	}
	return out
}
