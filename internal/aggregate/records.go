package aggregate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/tributary/tributary/internal/dedupe"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fullpost"
	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/store"
)

// records normalises a parsed document and turns its entries into store
// records: keys, public ids, hashes and near-duplicate signatures.
func (a *App) records(ctx context.Context, src feed.Source, doc *feed.Document, o origin) []store.Record {
	now := a.now()
	texts := normalize.Document(doc, src, now)
	if !src.Local() {
		// Saved pages lose their repeated blocks when they are split.
		stripRepeatedBlocks(doc.Entries, texts)
	}
	entries := a.filter(src, doc.Entries)
	out := make([]store.Record, 0, len(entries))
	seen := map[string]bool{}
	for _, e := range entries {
		canon := normalize.CanonicalURL(e.Link)
		key := EntryKey(e, canon)
		if seen[key] {
			continue // a feed repeating a guid: the first copy wins
		}
		seen[key] = true
		body := firstNonEmpty(e.Content, e.Summary)
		text := texts.Of(body)
		sig := dedupe.Sign(text)
		sigBytes, _ := sig.MarshalBinary()
		r := store.Record{
			Key:           key,
			Fingerprint:   Fingerprint(e),
			GUID:          e.ID,
			Link:          e.Link,
			CanonicalLink: canon,
			Title:         e.Title,
			Authors:       e.Authors,
			Categories:    e.Categories,
			Enclosures:    e.Enclosures,
			DateKnown:     e.Published != nil,
			RawPublished:  e.RawPublished,
			RawUpdated:    e.RawUpdated,
			Content:       e.Content,
			Summary:       e.Summary,
			Raw:           e.Raw,
			File:          e.File,
			OriginTitle:   o.title,
			OriginLink:    o.link,
			OriginFeed:    o.feed,
			Signature:     sigBytes,
			Bands:         sig.BandKeys(),
			Text:          text,
		}
		if e.Published != nil {
			r.Published = *e.Published
		}
		if e.Updated != nil {
			r.Updated = *e.Updated
		}
		if e.Raw != "" {
			r.Fingerprint = ""
		}
		if !src.Local() {
			// Decided whatever the config says, so that a source switched
			// to full_content later finds its excerpts marked.
			_, r.Excerpt = fullpost.Excerpt(e.Content, e.Summary, text)
		}
		r.ContentHash = contentHash(r)
		r.PublicID = PublicID(src.Name, key, e.ID)
		r.AltPublicID = PublicID(src.Name, key, "")
		out = append(out, r)
	}
	return out
}

func contentHash(r store.Record) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%q\x00%q\x00%v\x00%s\x00%s\x00%s\x00%s\x00%s",
		r.Title, r.Link, r.Content, r.Summary, r.Authors, r.Categories, r.Enclosures,
		r.RawPublished, r.RawUpdated, r.OriginTitle, r.OriginLink, r.Raw)
	return hex.EncodeToString(h.Sum(nil))
}

// filter applies the source's include/exclude patterns and entry cap.
func (a *App) filter(src feed.Source, entries []feed.Entry) []feed.Entry {
	if len(src.Include) == 0 && len(src.Exclude) == 0 {
		if src.MaxEntries > 0 && len(entries) > src.MaxEntries {
			return entries[:src.MaxEntries]
		}
		return entries
	}
	// A pattern that does not compile failed the source before its
	// document was fetched or read (prepare), so none is missing here.
	pats := a.patterns(src)
	include, exclude := pats.include, pats.exclude
	out := entries[:0:0]
	for _, e := range entries {
		if admitsText(include, exclude, filterText(e)) {
			out = append(out, e)
		}
	}
	if src.MaxEntries > 0 && len(out) > src.MaxEntries {
		out = out[:src.MaxEntries]
	}
	return out
}

func filterText(e feed.Entry) *matchable {
	return matchText(e.Title, e.Content, e.Summary, e.Authors, e.Categories)
}
