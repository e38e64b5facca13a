// Package htmltext turns HTML, and text that may hold HTML, into plain
// text, and plain text back into simple HTML. It is the one place that
// decides which elements break lines and paragraphs, which hold no prose,
// how entities and CDATA sections are read, which characters text may
// carry and how white space is folded, so that a body's fingerprint, a
// derived title, a feed title and an excerpt on the HTML page all read the
// same words.
//
// The entry points by input:
//   - Text: an HTML fragment (a post's body) as paragraphs of text;
//     NodeText is the same over an already parsed tree;
//   - Line: an HTML fragment declared as HTML (an Atom type="html" title)
//     as one line;
//   - UntypedLine: a title whose type nobody declared (RSS), which is text
//     unless it holds real markup;
//   - CleanLine: a line that is plain text already (an Atom type="text"
//     title), taken literally;
//   - TitleFromText, Excerpt, TruncateHTML and Paragraphs shorten text or
//     render it back as HTML.
//
// The package imports nothing of the project: every stage that reads or
// writes text can use it.
package htmltext
