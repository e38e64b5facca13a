package parse

import (
	"strings"

	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/tributary/tributary/internal/htmltext"
)

// mediaDescription returns an item's Media RSS description as HTML, for
// entries that carry no other body: YouTube's Atom feeds and many video
// and photo feeds say everything they say about an entry in
// media:description, directly or inside media:group or media:content.
// Its type is "plain" unless it declares "html" (Media RSS 1.5), so plain
// text is escaped into paragraphs, never read as markup.
func mediaDescription(exts ext.Extensions) string {
	for _, d := range mediaElements(exts, "description") {
		v := strings.TrimSpace(d.Value)
		if v == "" {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(d.Attrs["type"]), "html") {
			return v
		}
		return htmltext.Paragraphs(v)
	}
	return ""
}

// mediaTitle returns an item's Media RSS title as one line of text, a
// stand-in for an entry that has no title of its own.
func mediaTitle(exts ext.Extensions) string {
	for _, t := range mediaElements(exts, "title") {
		if v := strings.TrimSpace(t.Value); v != "" {
			return v
		}
	}
	return ""
}

// mediaElements returns the media:name elements of an item in the order a
// reader meets them in: the item's own, then those of its media:group and
// media:content elements (and of the contents inside a group).
func mediaElements(exts ext.Extensions, name string) []ext.Extension {
	out := extMatches(exts, "media", name)
	containers := append(extMatches(exts, "media", "group"), extMatches(exts, "media", "content")...)
	for _, c := range containers {
		out = append(out, c.Children[name]...)
		for _, inner := range c.Children["content"] {
			out = append(out, inner.Children[name]...)
		}
	}
	return out
}

// itunesKeywords splits an item's itunes:keywords, a comma-separated list
// most podcast feeds carry instead of categories, into tags, as feedparser
// does.
func itunesKeywords(exts ext.Extensions) []string {
	var out []string
	for _, list := range extValues(exts, "itunes", "keywords") {
		for _, k := range strings.Split(list, ",") {
			if k = strings.TrimSpace(k); k != "" {
				out = append(out, k)
			}
		}
	}
	return out
}
