package main

import (
	"testing"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
)

func TestRunReport(t *testing.T) {
	cfg := &config.Config{Output: config.OutputConfig{Dir: "public"}, Serve: config.ServeConfig{Addr: "127.0.0.1:8080"}}
	tests := []struct {
		name string
		sum  aggregate.Summary
		want string
	}{
		{"published with failures", aggregate.Summary{OK: 1, Failed: 5, Inserted: 9, Merged: 1, Published: 8, Wrote: true},
			"published 8 entries to public/atom.xml (also rss.xml, feed.json, index.html); 9 new, 0 updated, 1 merged as duplicates; " +
				"5 sources failed; see 'tributary sources'; view them with 'tributary serve' at http://127.0.0.1:8080/"},
		{"nothing changed", aggregate.Summary{NotModified: 1, Skipped: 1, Published: 1},
			"nothing new: public/atom.xml still holds 1 entry; 1 source not due yet ('run --all' fetches them now); " +
				"view them with 'tributary serve' at http://127.0.0.1:8080/"},
		{"one failure", aggregate.Summary{Failed: 1, Published: 3, Wrote: true, Updated: 2},
			"published 3 entries to public/atom.xml (also rss.xml, feed.json, index.html); 0 new, 2 updated, 0 merged as duplicates; " +
				"1 source failed; see 'tributary sources'; view them with 'tributary serve' at http://127.0.0.1:8080/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runReport(cfg, tt.sum); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
