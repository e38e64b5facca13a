package fullpost

import (
	"time"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/page"
)

// Article is the whole post read from its page: sanitised HTML and its
// plain text.
type Article struct {
	Content string
	Text    string
}

// Extract reads the article from a post's page (body as fetched, with its
// Content-Type, from pageURL) with the extractor that reads saved HTML pages
// (page.Article), then sanitises it exactly as a feed's content is
// sanitised for src (normalize.Document), links resolved against the page.
// Content beyond maxBytes (limits.entry_size; 0 for none) is cut between
// tags, keeping the markup balanced. The errors are page.Article's.
func Extract(body []byte, contentType, pageURL string, src feed.Source, maxBytes int, now time.Time) (Article, error) {
	e, err := page.Article(body, contentType, page.Options{BaseURL: pageURL})
	if err != nil {
		return Article{}, err
	}
	doc := &feed.Document{Entries: []feed.Entry{{Link: pageURL, Content: e.Content}}}
	texts := normalize.Document(doc, src, now)
	content := doc.Entries[0].Content
	if maxBytes > 0 && len(content) > maxBytes {
		content = htmltext.TruncateHTML(content, maxBytes)
	}
	if content == "" {
		return Article{}, page.ErrNoContent
	}
	return Article{Content: content, Text: texts.Of(content)}, nil
}
