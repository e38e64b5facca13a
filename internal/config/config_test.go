package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDefaultConfigLoads(t *testing.T) {
	cfg, err := Load("../../config/tributary.yaml")
	if err != nil {
		t.Fatalf("default config: %v", err)
	}
	if len(cfg.Sources) != 6 {
		t.Errorf("got %d sources, want 6", len(cfg.Sources))
	}
	seeds, ok := cfg.Source("seeds")
	if !ok || seeds.Path == "" || len(seeds.Files) != 5 {
		t.Fatalf("seeds source = %+v, want a path source with 5 file overrides", seeds)
	}
	if cfg.Feed.Link != "http://127.0.0.1:8080/" {
		t.Errorf("feed.link derived = %q", cfg.Feed.Link)
	}
}

func TestParseValid(t *testing.T) {
	cfg, err := Parse([]byte(`
feed:
  title: T
  url: https://example.org/planet/atom.xml
output:
  max_age: 30d
fetch:
  max_body: 2MiB
  timeout: 5s
sources:
  - name: a
    url: https://a.example/feed
    interval: 2h
    priority: 3
    include: [go, "/rust|zig/i"]
  - name: b
    path: notes/*.md
    enabled: false
    files:
      x.md: {title: X, published: 2025-02-28}
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Output.MaxAge; got != 30*24*time.Hour {
		t.Errorf("max_age = %v", got)
	}
	if got := cfg.Fetch.MaxBodyBytes; got != 2<<20 {
		t.Errorf("max_body = %d", got)
	}
	a, _ := cfg.Source("a")
	if a.Interval != 2*time.Hour || a.Priority != 3 || len(a.Include) != 2 || !a.Enabled {
		t.Errorf("source a = %+v", a)
	}
	b, _ := cfg.Source("b")
	if b.Enabled || b.Files["x.md"].Title != "X" || b.Files["x.md"].Published.Format(time.DateOnly) != "2025-02-28" || b.Files["x.md"].RawPublished != "2025-02-28" {
		t.Errorf("source b = %+v", b)
	}
	if cfg.Feed.Link != "https://example.org/planet/" || cfg.Feed.ID != "https://example.org/planet/atom.xml" {
		t.Errorf("derived link/id = %q %q", cfg.Feed.Link, cfg.Feed.ID)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings, each must appear
	}{
		{"unknown top key", "feed: {title: T}\nfoo: 1\n", []string{"bad.yaml:2: foo: unknown key"}},
		{"unknown source key", "sources:\n  - name: a\n    url: https://a/x\n    colour: red\n", []string{"bad.yaml:4: sources[0].colour: unknown key"}},
		{"wrong type", "output:\n  max_entries: lots\n", []string{"bad.yaml:2: output.max_entries: expected a whole number"}},
		{"bad duration", "fetch:\n  timeout: soon\n", []string{"bad.yaml:2: fetch.timeout: invalid duration"}},
		{"bad size", "fetch:\n  max_body: 10 parsecs\n", []string{"bad.yaml:2: fetch.max_body"}},
		{"duplicate names", "sources:\n  - name: a\n    url: https://a/x\n  - name: a\n    url: https://b/x\n", []string{"bad.yaml:4: sources[1].name: duplicate source name \"a\" (first declared on line 2)"}},
		{"both url and path", "sources:\n  - name: a\n    url: https://a/x\n    path: x.txt\n", []string{"bad.yaml:2: sources[0]: a source has either url or path"}},
		{"neither", "sources:\n  - name: a\n", []string{"bad.yaml:2: sources[0]: a source needs url"}},
		{"bad url", "sources:\n  - name: a\n    url: ftp://a/x\n", []string{"bad.yaml:3: sources[0].url: URL \"ftp://a/x\" must be http or https"}},
		{"no name", "sources:\n  - url: https://a/x\n", []string{"sources[0].name: every source needs a name"}},
		{"bad regexp", "sources:\n  - name: a\n    url: https://a/x\n    exclude: ['/(/']\n", []string{"bad.yaml:4: sources[0].exclude[0]: bad regular expression"}},
		{"bad pattern in a block list", "sources:\n  - name: a\n    path: x\n    include:\n      - fine\n      - '/[z-a]/'\n    strip: '/x/q'\n", []string{"bad.yaml:6: sources[0].include[1]: bad regular expression", "bad.yaml:7: sources[0].strip[0]: unknown regexp flags"}},
		{"bad alias", "sources:\n  - name: a\n    url: https://a/x\n    alias_of: zz\n", []string{"alias_of: no source named \"zz\""}},
		{"yaml syntax", "feed: [unclosed\n", []string{"bad.yaml"}},
		{"bool", "fetch:\n  allow_private: perhaps\n", []string{"bad.yaml:2: fetch.allow_private: expected true or false"}},
		{"all reported", "foo: 1\nbar: 2\n", []string{"bad.yaml:1: foo", "bad.yaml:2: bar"}},
		{"duplicate key", "feed: {title: A}\nfeed: {title: B}\n", []string{"bad.yaml:2"}},
		{"empty", "", []string{"empty config"}},
		{"retention age", "retention:\n  max_age: a year\n", []string{"bad.yaml:2: retention.max_age: invalid duration"}},
		{"retention cap", "retention:\n  max_per_source: -5\n", []string{"bad.yaml:2: retention.max_per_source: must be at least 0"}},
		{"retention key", "retention:\n  keep: 3\n", []string{"bad.yaml:2: retention.keep: unknown key"}},
		{"health ratio", "health:\n  degraded_above: 1.5\n", []string{"bad.yaml:2: health.degraded_above: expected a fraction"}},
		{"health intervals", "health:\n  failing_after: 0.5\n", []string{"bad.yaml:2: health.failing_after: must be at least 1"}},
		{"health report", "health:\n  report_after: weekly\n", []string{"bad.yaml:2: health.report_after: invalid duration"}},
		{"database url", "database: postgres://me:s3cret@/trib\n", []string{"database: bad PostgreSQL URL: postgres://me:xxxxx@/trib names no host"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "bad.yaml")
			if err == nil {
				t.Fatal("got no error")
			}
			var cerr *Error
			if !errors.As(err, &cerr) {
				t.Fatalf("error %T is not *Error", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%s\nwant it to contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error prints a password:\n%s", err)
			}
		})
	}
}

func TestDatabaseSelectsTheEngine(t *testing.T) {
	for _, db := range []string{"data/t.db", "postgres://trib:pw@db.example:5432/trib?sslmode=require", "postgresql:///trib?host=/run/postgresql"} {
		cfg, err := Parse([]byte("feed: {title: T}\ndatabase: '"+db+"'\n"), "t.yaml")
		if err != nil {
			t.Errorf("database %q: %v", db, err)
			continue
		}
		if cfg.Database != db {
			t.Errorf("database = %q, want %q", cfg.Database, db)
		}
	}
}

func TestParseSizeAndDuration(t *testing.T) {
	sizes := map[string]int64{"512": 512, "64KiB": 64 << 10, "10MiB": 10 << 20, "1GB": 1e9, "1.5 MiB": 3 << 19}
	for in, want := range sizes {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	durs := map[string]time.Duration{"90s": 90 * time.Second, "7d": 7 * 24 * time.Hour, "2w": 14 * 24 * time.Hour, "1h30m": 90 * time.Minute}
	for in, want := range durs {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-1h", "xd", "soon"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q): no error", bad)
		}
	}
}

func TestCompilePattern(t *testing.T) {
	tests := []struct {
		pat, text string
		want      bool
	}{
		{"golang", "I like Golang a lot", true},
		{"go", "gopher", false},
		{"/go(lang)?/", "golang", true},
		{"/GO/i", "go", true},
		{"sponsored post", "A Sponsored Post here", true},
	}
	for _, tt := range tests {
		re, err := CompilePattern(tt.pat)
		if err != nil {
			t.Fatal(err)
		}
		if got := re.MatchString(tt.text); got != tt.want {
			t.Errorf("%q on %q = %v, want %v", tt.pat, tt.text, got, tt.want)
		}
	}
}

func TestRetentionAndHealth(t *testing.T) {
	tests := []struct {
		name      string
		yaml      string
		retention RetentionConfig
		health    HealthConfig
	}{
		{"defaults", "feed: {title: T}\n",
			RetentionConfig{MaxAge: 365 * 24 * time.Hour, MaxPerSource: 1000},
			HealthConfig{DegradedAbove: 0.5, FailingAfter: 2, ReportAfter: 7 * 24 * time.Hour}},
		{"days, weeks and percent", "retention:\n  max_age: 26w\n  max_per_source: 40\nhealth:\n  degraded_above: 75%\n  failing_after: 3.5\n  report_after: 3d\n",
			RetentionConfig{MaxAge: 26 * 7 * 24 * time.Hour, MaxPerSource: 40},
			HealthConfig{DegradedAbove: 0.75, FailingAfter: 3.5, ReportAfter: 3 * 24 * time.Hour}},
		{"limits off", "retention: {max_age: 0, max_per_source: 0}\nhealth: {report_after: 0}\n",
			RetentionConfig{},
			HealthConfig{DegradedAbove: 0.5, FailingAfter: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse([]byte(tt.yaml), "t.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Retain != tt.retention || cfg.Health != tt.health {
				t.Errorf("got %+v %+v, want %+v %+v", cfg.Retain, cfg.Health, tt.retention, tt.health)
			}
		})
	}
}
