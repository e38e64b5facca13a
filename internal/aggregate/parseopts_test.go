package aggregate

import (
	"testing"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/parse"
)

// TestParseOptionsCarriesLimits checks that every limit of the config
// reaches the parser, so that run, inspect, add and check --probe, which all
// build their options here, read a feed within the same bounds.
func TestParseOptionsCarriesLimits(t *testing.T) {
	lim := config.Default().Limits
	lim.EntriesPerFeed, lim.EntryBytes, lim.XMLDepth = 7, 4096, 33
	got := ParseOptions(lim, "https://a.example/feed", "text/xml; charset=utf-8")
	want := parse.Options{BaseURL: "https://a.example/feed", ContentType: "text/xml; charset=utf-8",
		MaxEntries: 7, MaxEntryBytes: 4096, MaxDepth: 33}
	if got != want {
		t.Errorf("ParseOptions = %+v, want %+v", got, want)
	}
}
