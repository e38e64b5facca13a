package page

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/tributary/tributary/internal/charset"
	"github.com/tributary/tributary/internal/feed"
)

// ErrNotHTML is returned by Article for a document that is not an HTML
// page (plain text, Markdown, JSON).
var ErrNotHTML = errors.New("not an HTML page")

// Article reads the article of one HTML page fetched from the web, with
// the same extractor and clutter rules as a saved page (Parse): a post's
// page, fetched for a feed that only carries its excerpt. contentType is
// the HTTP Content-Type header, whose charset counts; opts.BaseURL is the
// URL the page was fetched from. The entry's Content is the article body,
// unsanitised, its links absolute; Raw is left empty, since the page is not
// kept. A feed fails with ErrFeed, any other document that is not HTML with
// ErrNotHTML, a page without an article with ErrNoContent, and bytes that
// are empty, binary or undecodable as Parse's do.
func Article(data []byte, contentType string, opts Options) (feed.Entry, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return feed.Entry{}, ErrEmpty
	}
	text, err := charset.DecodeText(data, charset.Options{ContentType: contentType, HTML: true})
	if err != nil {
		return feed.Entry{}, err
	}
	text = normaliseNewlines(text)
	// A feed names a <title> too, which looksHTML would take for a page.
	switch {
	case strings.TrimSpace(text) == "":
		return feed.Entry{}, ErrEmpty
	case looksFeed(text):
		return feed.Entry{}, ErrFeed
	case !looksHTML(text):
		return feed.Entry{}, ErrNotHTML
	}
	doc, err := parseHTML("", text, opts)
	if err != nil {
		return feed.Entry{}, fmt.Errorf("read article: %w", err)
	}
	if len(doc.Entries) == 0 || strings.TrimSpace(doc.Entries[0].Content) == "" {
		return feed.Entry{}, ErrNoContent
	}
	e := doc.Entries[0]
	e.Raw, e.File = "", ""
	return e, nil
}
