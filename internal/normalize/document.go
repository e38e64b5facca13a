// Package normalize makes parsed feed entries clean and safe before they
// are stored, and defines the safety invariant every output must satisfy
// before it is written. Everything here is a pure function of its
// arguments.
//
// Document is the entry point for a parsed document. It turns titles,
// authors and categories into plain text, makes links absolute, sanitises
// content and summaries (Sanitize), checks enclosure URLs, and settles each
// entry's dates.
//
// # Dates
//
// An entry's Published date is the first plausible value of:
//
//  1. the entry's published date;
//  2. the entry's updated date;
//  3. a date in the link's path (dates.FromLink);
//  4. none: Published stays nil and the store uses "first seen".
//
// A date before 1995-01-01 is absurd (zero values, epoch defaults) and
// falls through to the next step. When a document has two or more entries
// and all carry the same updated date, that date is the feed generator's
// build time and is ignored. A date more than ten minutes after the ingest
// time is clamped to the ingest time, unless more than half of the
// document's entries are future-dated: event and release feeds date entries
// by when they happen. Updated is the entry's own plausible updated date
// (clamped the same way) if it is not before Published, else Published.
// The strings the source wrote stay in RawPublished and RawUpdated.
//
// # Output invariant
//
// Unsafe and UnsafeText define what no output may contain: script-running
// or page-altering elements, event handlers, script URLs, control
// characters and invalid UTF-8. Sanitize's output always satisfies Unsafe
// (its final guard makes sure), and PlainText's satisfies UnsafeText;
// publishers check both before writing, whatever reached the database.
// Document sanitises without the final guard, for speed, because of that
// last check.
package normalize

import (
	"strings"
	"time"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/urlref"
)

// Document normalises a parsed document in place for source src; now is
// the ingest time. Feed-level title and author become plain text, and the
// site link, feed URL and hub absolute http(s) URLs (resolved against the
// source URL; unusable ones become ""). For each entry:
//   - the link is resolved against the site link, else the source URL,
//     else the source's configured link, and is "" if not http(s);
//   - content and summary are sanitised against the entry link;
//   - the title becomes plain text, or is derived from the content when
//     empty;
//   - authors become plain text without duplicates; when none remain, the
//     source's Author, else the document's author, is used;
//   - categories are cleaned (see Categories);
//   - enclosures keep only http(s) URLs, once each, with a valid media
//     type or none;
//   - dates follow the chain in the package documentation.
//
// ID, Raw, File and the raw date strings are left verbatim.
//
// Document returns the plain text (htmltext.Text) of each entry's body, its
// content or else its summary, keyed by that body: sanitising has the text
// at hand, and callers that need it would otherwise parse every entry
// again.
func Document(doc *feed.Document, src feed.Source, now time.Time) Texts {
	now = now.UTC()
	doc.Title = PlainText(doc.Title)
	doc.Author = PlainText(doc.Author)
	doc.Language = PlainText(doc.Language)
	doc.Link = urlref.Link(doc.Link, src.URL)
	doc.FeedURL = urlref.Link(doc.FeedURL, src.URL)
	doc.Hub = urlref.Link(doc.Hub, src.URL)
	if doc.Updated != nil {
		if plausible(doc.Updated) {
			doc.Updated = notAfter(utc(*doc.Updated), now, now.Add(futureSlack))
		} else {
			doc.Updated = nil
		}
	}
	base := firstNonEmpty(doc.Link, urlref.Link(src.URL, ""), urlref.Link(src.Link, ""))
	fallbackAuthor := firstNonEmpty(PlainText(src.Author), doc.Author)
	texts := make(Texts, len(doc.Entries))
	for i := range doc.Entries {
		e := &doc.Entries[i]
		text := entry(e, base, fallbackAuthor)
		texts[firstNonEmpty(e.Content, e.Summary)] = text // the body as sanitised
	}
	chooseDates(doc.Entries, now)
	return texts
}

// Texts maps an entry body (sanitised HTML) to its plain text.
type Texts map[string]string

// Of returns the plain text of body, extracting it if it is not known.
func (t Texts) Of(body string) string {
	if text, ok := t[body]; ok {
		return text
	}
	return htmltext.Text(body)
}

// entry normalises everything of e but its dates, and returns the plain
// text of its body.
func entry(e *feed.Entry, base, fallbackAuthor string) string {
	e.Link = urlref.Link(e.Link, base)
	contentBase := firstNonEmpty(e.Link, base)
	contentDoc := firstNonEmpty(e.ContentBase, contentBase)
	summaryDoc := firstNonEmpty(e.SummaryBase, contentBase)
	// Ingest skips Sanitize's final re-check, which costs a third of its
	// time on every entry of a cold run: the publishers apply Unsafe to
	// everything they write, and fall back to Sanitize there.
	var text, summaryText string
	e.Content, text = sanitizeText(e.Content, contentDoc, contentBase, true)
	e.Summary, summaryText = sanitizeText(e.Summary, summaryDoc, contentBase, e.Content == "")
	e.ContentBase, e.SummaryBase = "", "" // resolved: nothing is relative any more
	if e.Content == "" {
		text = summaryText
	}
	e.Title = PlainText(e.Title)
	if e.Title == "" {
		e.Title = PlainText(htmltext.TitleFromText(text))
	}
	e.Authors = Categories(e.Authors)
	if len(e.Authors) == 0 && fallbackAuthor != "" {
		e.Authors = []string{fallbackAuthor}
	}
	e.Categories = Categories(e.Categories)
	e.Enclosures = enclosures(e.Enclosures, contentBase)
	return text
}

// enclosures keeps the enclosures with an http(s) URL, once per URL.
func enclosures(in []feed.Enclosure, base string) []feed.Enclosure {
	var out []feed.Enclosure
	seen := map[string]bool{}
	for _, enc := range in {
		enc.URL = urlref.Link(enc.URL, base)
		if enc.URL == "" || seen[enc.URL] {
			continue
		}
		seen[enc.URL] = true
		enc.Type = strings.ToLower(htmltext.CleanLine(enc.Type))
		if !reMIME.MatchString(enc.Type) {
			enc.Type = ""
		}
		enc.Length = max(enc.Length, 0)
		out = append(out, enc)
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
