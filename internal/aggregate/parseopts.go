package aggregate

import (
	"log/slog"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/parse"
)

// ParseOptions are the parser settings every command uses for a document
// fetched from base (a URL or a local file's saved-from link) with the
// given Content-Type: run, serve, inspect, add and check --probe all read a
// feed within the same limits, so what one accepts the others do too.
func ParseOptions(lim config.LimitsConfig, base, contentType string) parse.Options {
	return parse.Options{
		BaseURL:       base,
		ContentType:   contentType,
		MaxEntries:    lim.EntriesPerFeed,
		MaxEntryBytes: lim.EntryBytes,
		MaxDepth:      lim.XMLDepth,
	}
}

// logParseWarnings logs what the parser had to bend or ignore to read a
// source's document. The entries were read; these say what the publisher
// could fix, so they are informational, not failures.
func logParseWarnings(log *slog.Logger, src feed.Source, where string, doc *feed.Document) {
	for _, w := range doc.Warnings {
		log.Info("Feed read with a warning", "source", src.Name, "from", where, "warning", w)
	}
}
