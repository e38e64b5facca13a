package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/opml"
)

const subscriptions = "testdata/manage/subscriptions.opml"

func TestImport(t *testing.T) {
	path, _ := manageConfig(t)
	stdout, _, err := runCLI(t, "-c", path, "import", subscriptions)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stdout)
	}
	cfg := loadSources(t, path)
	tests := []struct {
		name, url, title, link, tags string
	}{
		{"red-sails", "https://redsails.example/feed/", "Red Sails", "https://redsails.example/", "Politics,Reading list"},
		{"chinasource-blog", "https://www.chinasource.example/feed/", "ChinaSource Blog", "https://www.chinasource.example/", "Politics,China,Religion,Society"},
		{"red-sails-2", "https://mirror.redsails.example/feed/", "Red Sails", "https://mirror.redsails.example/", "Reading list"},
		{"xkcd-com", "https://xkcd.example/atom.xml", "xkcd.com", "", ""},
	}
	for _, tt := range tests {
		s, ok := cfg.Source(tt.name)
		if !ok {
			t.Errorf("no source %s", tt.name)
			continue
		}
		if s.URL != tt.url || s.Title != tt.title || s.Link != tt.link || strings.Join(s.Tags, ",") != tt.tags {
			t.Errorf("%s: got url %q title %q link %q tags %q", tt.name, s.URL, s.Title, s.Link, s.Tags)
		}
	}
	if got, want := len(cfg.Sources), 2+len(tests); got != want {
		t.Errorf("%d sources, want %d", got, want)
	}
	for _, want := range []string{
		`skipped "Existing, by another spelling": already a source: existing`,
		`skipped "Red Sails": listed again (https://redsails.example/feed/); its tags Reading list were added to red-sails`,
		`skipped "Gopher hole": "gopher://hole.example/feed" is not an http(s) feed URL`,
		"imported 4 feeds from " + subscriptions + " into " + path + "; 3 skipped",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}

	// Importing the same file again adds nothing.
	before, _ := os.ReadFile(path)
	stdout, _, err = runCLI(t, "-c", path, "import", subscriptions)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "nothing to import") {
		t.Errorf("second import:\n%s", stdout)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a second import changed the config")
	}
}

func TestImportDryRunAndErrors(t *testing.T) {
	path, orig := manageConfig(t)
	stdout, _, err := runCLI(t, "-c", path, "import", "--dry-run", subscriptions)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "+ red-sails: https://redsails.example/feed/ [Politics, Reading list]") ||
		!strings.Contains(stdout, "would import 4 feeds") {
		t.Errorf("dry run report:\n%s", stdout)
	}
	// "-" reads standard input.
	in, _ := os.ReadFile(subscriptions)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-c", path, "import", "--dry-run", "-"}, bytes.NewReader(in), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "would import 4 feeds from -") {
		t.Errorf("import from stdin:\n%s", out.String())
	}
	not := filepath.Join(t.TempDir(), "page.html")
	os.WriteFile(not, []byte("<html><body>hi</body></html>"), 0o644)
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{not}, exitFailure},
		{[]string{"/no/such/file.opml"}, exitFailure},
		{nil, exitUsage},
	} {
		if _, _, err := runCLI(t, append([]string{"-c", path, "import"}, tt.args...)...); exitCode(err) != tt.code {
			t.Errorf("import %v: exit %d, want %d (%v)", tt.args, exitCode(err), tt.code, err)
		}
	}
	if data, _ := os.ReadFile(path); !bytes.Equal(data, orig) {
		t.Errorf("the config changed:\n%s", data)
	}
}

// TestImportExportRoundTrip: an OPML file imported into an empty config
// and exported again lists every feed with its title, site and categories.
func TestImportExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tributary.yaml")
	os.WriteFile(path, []byte("feed:\n  title: Round trip\ndatabase: "+dir+"/t.db\n"), 0o644)
	if _, _, err := runCLI(t, "-c", path, "import", "../../internal/opml/testdata/messy.opml"); err != nil {
		t.Fatal(err)
	}
	stdout, _, err := runCLI(t, "-c", path, "export")
	if err != nil {
		t.Fatal(err)
	}
	exported, err := opml.Parse(strings.NewReader(stdout))
	if err != nil {
		t.Fatalf("export is not OPML: %v\n%s", err, stdout)
	}
	f, _ := os.Open("../../internal/opml/testdata/messy.opml")
	defer f.Close()
	orig, err := opml.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	if exported.Title != "Round trip" {
		t.Errorf("title %q", exported.Title)
	}
	if len(exported.Feeds) != len(orig.Feeds) {
		t.Fatalf("%d feeds exported, want %d\n%s", len(exported.Feeds), len(orig.Feeds), stdout)
	}
	for _, want := range orig.Feeds {
		i := slices.IndexFunc(exported.Feeds, func(f opml.Feed) bool { return f.XMLURL == want.XMLURL })
		if i < 0 {
			t.Errorf("lost %s", want.XMLURL)
			continue
		}
		got := exported.Feeds[i]
		if want.Title != "" && got.Title != want.Title || got.HTMLURL != want.HTMLURL {
			t.Errorf("%s: title %q site %q, want %q %q", want.XMLURL, got.Title, got.HTMLURL, want.Title, want.HTMLURL)
		}
		a, b := slices.Sorted(slices.Values(got.Tags())), slices.Sorted(slices.Values(want.Tags()))
		if !slices.Equal(a, b) {
			t.Errorf("%s: tags %q, want %q", want.XMLURL, a, b)
		}
	}
}

func TestExport(t *testing.T) {
	path, _ := manageConfig(t)
	notes := filepath.Join(filepath.Dir(path), "notes")
	os.Mkdir(notes, 0o755)
	os.WriteFile(filepath.Join(notes, "a.txt"), []byte("A note\n\nSome words.\n"), 0o644)
	if _, _, err := runCLI(t, "-c", path, "add", "--name", "notes", notes); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runCLI(t, "-c", path, "export")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "export.opml", []byte(stdout))
	if !strings.Contains(stderr, "left out 1 local source(s) (notes)") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if _, _, err := runCLI(t, "-c", path, "export", "out.opml"); exitCode(err) != exitUsage {
		t.Errorf("export with an argument: exit %d, want %d", exitCode(err), exitUsage)
	}
}
