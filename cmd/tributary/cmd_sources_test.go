package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// healthConfig has one source of each kind of health, all on loopback.
func healthConfig(t *testing.T) (path, dir string) {
	t.Helper()
	site := harbour(t)
	broken := manageServer(t, map[string]route{"/feed": {status: 500}})
	dir = t.TempDir()
	notes := filepath.Join(dir, "notes")
	os.MkdirAll(notes, 0o755)
	os.WriteFile(filepath.Join(notes, "a.md"), []byte("# A note\n\nPosted on 2024-05-01\n\nEnough words to make a post of it here.\n"), 0o644)
	cfg := fmt.Sprintf(`feed: {title: Health}
output:
  dir: %[1]s/public
database: %[1]s/data/t.db
fetch: {timeout: 2s, connect_timeout: 1s}
sources:
  - name: good
    url: %[2]s/atom.xml
  - name: broken
    url: %[3]s/feed
  - name: resting
    url: %[2]s/feed/
    enabled: false
  - name: notes
    path: %[1]s/notes
  - name: fresh
    url: %[2]s/feed.json
`, dir, site.URL, broken.URL)
	path = filepath.Join(dir, "tributary.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, dir
}

func TestSourcesBeforeAnyRun(t *testing.T) {
	path, dir := healthConfig(t)
	stdout, _, err := runCLI(t, "-c", path, "sources")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(stdout, "never fetched"); got != 4 {
		t.Errorf("%d sources never fetched, want 4 (one is disabled):\n%s", got, stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); err == nil {
		t.Error("listing sources created the database")
	}
}

func TestSourcesHealth(t *testing.T) {
	path, _ := healthConfig(t)
	for _, args := range [][]string{{"run", "good", "broken", "notes"}, {"run", "--all", "good", "broken", "notes"}} {
		if _, stderr, err := runCLI(t, append([]string{"-c", path}, args...)...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
	}
	stdout, _, err := runCLI(t, "-c", path, "sources")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		want *regexp.Regexp
	}{
		{"good", regexp.MustCompile(`^ +good +feed +http://\S+/atom.xml +\d{4}-\d\d-\d\d \d\d:\d\d +\d{4}-\d\d-\d\d \d\d:\d\d +not modified +1 +\d{4}-\d\d-\d\d \d\d:\d\d *$`)},
		{"broken", regexp.MustCompile(`^! +broken +feed +http://\S+/feed +\d{4}-\d\d-\d\d \d\d:\d\d +- +failing since \d{4}-\d\d-\d\d \d\d:\d\d \(2 tries\): .*500.* +0 +\d{4}-`)},
		{"resting", regexp.MustCompile(`^ +resting +feed +\S+ +- +- +disabled +0 +- *$`)},
		{"notes", regexp.MustCompile(`^ +notes +local +\S+/notes +\d{4}-.* +ok +1 +every run *$`)},
		{"fresh", regexp.MustCompile(`^ +fresh +feed +\S+ +- +- +never fetched +0 +now *$`)},
	}
	for _, tt := range tests {
		line := lineWith(stdout, " "+tt.name+" ")
		if !tt.want.MatchString(line) {
			t.Errorf("%s: line %q does not match %s", tt.name, line, tt.want)
		}
	}
	if !strings.Contains(stdout, "1 of 5 sources failing (marked !)") {
		t.Errorf("no failure summary:\n%s", stdout)
	}

	stdout, _, err = runCLI(t, "-c", path, "sources", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []sourceRow
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	want := map[string]string{"good": "not_modified", "broken": "failing", "resting": "disabled", "notes": "ok", "fresh": "never_fetched"}
	for _, r := range rows {
		if r.Status != want[r.Name] {
			t.Errorf("%s: status %q, want %q", r.Name, r.Status, want[r.Name])
		}
	}
	b := rows[1]
	if b.Failures != 2 || b.HTTPStatus != 500 || !strings.Contains(b.LastError, "500") || b.FailingSince == nil || b.LastSuccess != nil {
		t.Errorf("broken: %+v", b)
	}
	if g := rows[0]; g.Entries != 1 || g.LastSuccess == nil || g.NextDue == nil || !g.NextDue.After(time.Now()) {
		t.Errorf("good: %+v", g)
	}
}

func TestSourcesNames(t *testing.T) {
	path, _ := healthConfig(t)
	stdout, _, err := runCLI(t, "-c", path, "sources", "--names")
	if err != nil {
		t.Fatal(err)
	}
	if stdout != "good\nbroken\nresting\nnotes\nfresh\n" {
		t.Errorf("got %q", stdout)
	}
	if _, _, err := runCLI(t, "-c", path, "sources", "extra"); exitCode(err) != exitUsage {
		t.Errorf("an argument: exit %d, want %d", exitCode(err), exitUsage)
	}
}

// TestSourcesColour: on a terminal failing lines are red, and the escapes
// do not shift the columns.
func TestSourcesColour(t *testing.T) {
	now := time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)
	since := now.Add(-48 * time.Hour)
	rows := []sourceRow{
		{Name: "fine", Kind: "feed", URL: "https://fine.example/feed", Enabled: true, Status: statusOK, Entries: 12},
		{Name: "bad", Kind: "feed", URL: "https://bad.example/feed", Enabled: true, Status: statusFailing, FailingSince: &since,
			Failures: 3, LastError: "fetch https://bad.example/feed: http status 503 Service Unavailable"},
	}
	var plain, colour strings.Builder
	printSources(&plain, rows, false, now)
	printSources(&colour, rows, true, now)
	if strings.Contains(plain.String(), "\x1b") {
		t.Error("escapes written when not on a terminal")
	}
	if !strings.Contains(lineWith(colour.String(), "bad"), "\x1b[31m") {
		t.Errorf("the failing line is not red:\n%q", colour.String())
	}
	stripped := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(colour.String(), "")
	// The header's first cell is empty in both; alignment must agree.
	if stripped != plain.String() {
		t.Errorf("colour changes the layout:\n%s\nvs\n%s", stripped, plain.String())
	}
}

// TestPerSourceOptions runs each documented per-source option against a
// loopback feed and reads the merged feed it publishes.
func TestPerSourceOptions(t *testing.T) {
	srv := manageServer(t, map[string]route{
		"/a.xml": {file: "many.xml", ctype: rssType},
		"/b.xml": {file: "many.xml", ctype: rssType},
	})
	all := []string{"Go generics in practice", "Rust and Zig compared", "Harbour at dawn", "Buy a boat today", "Weekly links"}
	tests := []struct {
		name     string
		sources  string // YAML list items; URL stands for the server
		want     []string
		sources2 map[string]int // source title -> how many entries it wins
	}{
		{name: "no options", sources: "  - {name: bag, url: URL/a.xml}\n", want: all},
		{name: "include a keyword, matched as a word in the title",
			sources: "  - {name: bag, url: URL/a.xml, include: [go]}\n", want: all[:1]},
		{name: "include a regular expression, title or content",
			sources: "  - {name: bag, url: URL/a.xml, include: ['/golang|zig/i']}\n", want: []string{all[1], all[4]}},
		{name: "include by category",
			sources: "  - {name: bag, url: URL/a.xml, include: [photos]}\n", want: all[2:3]},
		{name: "include by author",
			sources: "  - {name: bag, url: URL/a.xml, include: [guest writer]}\n", want: all[4:]},
		{name: "exclude by category, any case",
			sources: "  - {name: bag, url: URL/a.xml, exclude: [sponsored]}\n", want: []string{all[0], all[1], all[2], all[4]}},
		{name: "exclude a case-sensitive regular expression",
			sources: "  - {name: bag, url: URL/a.xml, exclude: ['/^(Go|Rust) /', '/^weekly/']}\n", want: all[2:]},
		{name: "max_entries keeps the first in document order",
			sources: "  - {name: bag, url: URL/a.xml, max_entries: 2}\n", want: all[:2]},
		{name: "max_entries counts after the filters",
			sources: "  - {name: bag, url: URL/a.xml, include: [programming], max_entries: 1}\n", want: all[:1]},
		{name: "a disabled source is not fetched",
			sources: "  - {name: bag, url: URL/a.xml}\n  - {name: off, url: URL/b.xml, enabled: false, include: [nothing-matches-this]}\n", want: all},
		{name: "duplicates: without priority the first source in the config wins",
			sources: "  - {name: low, url: URL/a.xml, title: Low copy}\n  - {name: high, url: URL/b.xml, title: High copy, alias_of: low}\n",
			want:    all, sources2: map[string]int{"Low copy": 5, "High copy": 0}},
		{name: "duplicates: the higher priority copy wins",
			sources: "  - {name: low, url: URL/a.xml, title: Low copy}\n  - {name: high, url: URL/b.xml, title: High copy, alias_of: low, priority: 5}\n",
			want:    all, sources2: map[string]int{"Low copy": 0, "High copy": 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := fmt.Sprintf("feed: {title: Options, url: https://planet.example/atom.xml}\noutput:\n  dir: %q\ndatabase: %q\nsources:\n%s",
				filepath.Join(dir, "public"), filepath.Join(dir, "t.db"), strings.ReplaceAll(tt.sources, "URL", srv.URL))
			path := filepath.Join(dir, "tributary.yaml")
			os.WriteFile(path, []byte(cfg), 0o644)
			if _, stderr, err := runCLI(t, "-c", path, "run"); err != nil {
				t.Fatalf("run: %v\n%s", err, stderr)
			}
			atom, err := os.ReadFile(filepath.Join(dir, "public", "atom.xml"))
			if err != nil {
				t.Fatal(err)
			}
			text := string(atom)
			for _, title := range all {
				has := strings.Contains(text, ">"+title+"</title>")
				if want := slices.Contains(tt.want, title); has != want {
					t.Errorf("%q in the merged feed: %v, want %v", title, has, want)
				}
			}
			for src, n := range tt.sources2 {
				if got := strings.Count(text, ">"+src+"</title>"); got != n {
					t.Errorf("%d entries credit %q, want %d", got, src, n)
				}
			}
		})
	}
}

// TestSourcesClaims: while workers fetch, the table names the worker
// holding each claim, and marks a lapsed one; with no claim the column is
// not there.
func TestSourcesClaims(t *testing.T) {
	now := time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)
	rows := []sourceRow{
		{Name: "busy", Kind: "feed", URL: "https://busy.example/feed", Enabled: true, Status: statusOK, ClaimedBy: "web2:812"},
		{Name: "stuck", Kind: "feed", URL: "https://stuck.example/feed", Enabled: true, Status: statusOK, ClaimedBy: "web3:77", ClaimExpired: true},
		{Name: "idle", Kind: "feed", URL: "https://idle.example/feed", Enabled: true, Status: statusOK},
	}
	var b strings.Builder
	printSources(&b, rows, false, now)
	for name, want := range map[string]string{"busy": "web2:812", "stuck": "web3:77 (lapsed)", "idle": "-"} {
		if line := lineWith(b.String(), name); !strings.HasSuffix(strings.TrimRight(line, " "), want) {
			t.Errorf("%s: line %q does not end with %q", name, line, want)
		}
	}
	b.Reset()
	printSources(&b, rows[2:], false, now)
	if strings.Contains(b.String(), "CLAIMED BY") {
		t.Errorf("claims column without claims:\n%s", b.String())
	}
}
