package config

import (
	"errors"
	"strings"
	"testing"
)

const riverSources = `feed:
  title: Planet
  url: https://example.org/planet/atom.xml
sources:
  - name: a
    url: https://a.example/feed
    tags: [tech]
  - name: b
    url: https://b.example/feed
    tags: [Politics, tech]
`

func TestRiversValid(t *testing.T) {
	cfg, err := Parse([]byte(riverSources+`rivers:
  - name: tech
    tags: [tech]
    include: ["/golang|rust/i"]
    exclude: sponsored
  - name: politics
    title: Politics
    id: tag:example.org,2026:politics
    url: https://feeds.example.org/politics.xml
    sources: [b]
    max_entries: 20
`), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Rivers) != 2 {
		t.Fatalf("got %d rivers, want 2", len(cfg.Rivers))
	}
	tech, pol := cfg.Rivers[0], cfg.Rivers[1]
	tests := []struct{ name, got, want string }{
		{"default title", tech.Title, "Planet: tech"},
		{"default url", tech.URL, "https://example.org/planet/tech/atom.xml"},
		{"default id", tech.ID, "https://example.org/planet/tech/atom.xml"},
		{"derived link", tech.Link, "https://example.org/planet/tech/"},
		{"exclude as one string", strings.Join(tech.Exclude, "|"), "sponsored"},
		{"own url", pol.URL, "https://feeds.example.org/politics.xml"},
		{"link beside own url", pol.Link, "https://feeds.example.org/"},
		{"own id", pol.ID, "tag:example.org,2026:politics"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	if tech.MaxEntries != cfg.Output.MaxEntries || pol.MaxEntries != 20 {
		t.Errorf("max_entries = %d, %d; want %d, 20", tech.MaxEntries, pol.MaxEntries, cfg.Output.MaxEntries)
	}
	if tech.Line != 12 || pol.Line != 16 {
		t.Errorf("lines = %d, %d; want 12, 16", tech.Line, pol.Line)
	}
}

func TestRiversErrors(t *testing.T) {
	tests := []struct {
		name   string
		rivers string
		want   []string
	}{
		{"no name", "  - title: X\n", []string{"r.yaml:12: rivers[0].name: every river needs a name"}},
		{"unsafe name", "  - name: ../up\n", []string{"r.yaml:12: rivers[0].name:", "may only hold"}},
		{"hidden name", "  - name: .git\n", []string{"rivers[0].name:", "may only hold"}},
		{"output name", "  - name: Archive\n", []string{"r.yaml:12: rivers[0].name:", "taken by an output or a server route"}},
		{"route name", "  - name: healthz\n", []string{"taken by an output or a server route at /healthz"}},
		{"duplicate", "  - name: x\n  - name: X\n", []string{"r.yaml:13: rivers[1].name: duplicate river name \"X\" (first declared on line 12)"}},
		{"unknown source", "  - name: x\n    sources: [a, c]\n", []string{"r.yaml:12: rivers[0].sources[1]: no source named \"c\""}},
		{"unknown tag", "  - name: x\n    tags: [sport]\n", []string{"rivers[0].tags[0]: no source has the tag \"sport\""}},
		{"bad pattern", "  - name: x\n    include: [\"/(/\"]\n", []string{"r.yaml:13: rivers[0].include[0]: bad regular expression"}},
		{"unknown key", "  - name: x\n    colour: red\n", []string{"r.yaml:13: rivers[0].colour: unknown key"}},
		{"bad url", "  - name: x\n    url: ftp://x/y\n", []string{"rivers[0].url:", "must be http or https"}},
		{"main id", "  - name: x\n    id: https://example.org/planet/atom.xml\n", []string{"rivers[0].id: is the main feed's id"}},
		{"shared id", "  - name: x\n    id: tag:a,2026:x\n  - name: y\n    id: tag:a,2026:x\n", []string{"r.yaml:14: rivers[1].id: is also river x's id"}},
		{"zero max", "  - name: x\n    max_entries: 0\n", []string{"r.yaml:13: rivers[0].max_entries: must be at least 1"}},
		{"not a list", "  name: x\n", []string{"rivers: expected a list"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(riverSources+"rivers:\n"+tc.rivers), "r.yaml")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a *Error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%s\nlacks %q", err, w)
				}
			}
		})
	}
}

func TestRiverNeedsURLWithoutFeedURL(t *testing.T) {
	_, err := Parse([]byte("feed:\n  title: T\n  id: tag:a,2026:main\n  url: \"\"\nrivers:\n  - name: x\n"), "r.yaml")
	if err == nil || !strings.Contains(err.Error(), "r.yaml:6: rivers[0].url: needed") {
		t.Errorf("got %v, want rivers[0].url needed at r.yaml:6", err)
	}
}
