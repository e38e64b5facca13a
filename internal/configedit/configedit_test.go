package configedit

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tributary/tributary/internal/config"
)

var update = flag.Bool("update", false, "rewrite golden files")

// newSource exercises quoting: a query string, quotes, a colon-space, a
// comma inside a tag, a YAML 1.1 boolean and a number.
var newSource = SourceSpec{
	Name:     "new-blog",
	URL:      "https://new.example/feed?format=atom&x=1#top",
	Title:    `Jane's "Notes": on things, & more`,
	Interval: "7d",
	Tags:     []string{"tech", "yes", "a, b", "2024"},
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func mustLoad(t *testing.T, data []byte, name string) *config.Config {
	t.Helper()
	cfg, err := config.Parse(data, name)
	if err != nil {
		t.Fatalf("edited config does not load: %v\n%s", err, data)
	}
	return cfg
}

// TestAddThenRemoveIsIdentity is the promise made to users: tributary add
// followed by tributary remove leaves a hand-written file byte-identical.
func TestAddThenRemoveIsIdentity(t *testing.T) {
	files, _ := filepath.Glob("testdata/edit/*.yaml")
	files = append(files, "../../config/tributary.yaml")
	if len(files) < 2 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			orig, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			before := mustLoad(t, orig, file)
			added, err := AddSource(orig, newSource)
			if err != nil {
				t.Fatalf("add: %v", err)
			}
			after := mustLoad(t, added, file)
			if got, want := len(after.Sources), len(before.Sources)+1; got != want {
				t.Fatalf("got %d sources after add, want %d", got, want)
			}
			s := after.Sources[len(after.Sources)-1]
			if s.Name != newSource.Name || s.URL != newSource.URL || s.Title != newSource.Title ||
				strings.Join(s.Tags, "|") != strings.Join(newSource.Tags, "|") {
				t.Errorf("added source reads back as %+v", s)
			}
			if !strings.Contains(file, "../") {
				golden(t, strings.TrimSuffix(file, ".yaml")+".added", added)
			}
			removed, err := RemoveSource(added, newSource.Name)
			if err != nil {
				t.Fatalf("remove: %v", err)
			}
			if !bytes.Equal(removed, orig) {
				t.Errorf("add then remove changed the file:\n--- got\n%s\n--- want\n%s", removed, orig)
			}

			// Several at once, removed newest first, also round-trip.
			two := newSource
			two.Name, two.URL, two.Tags = "second-new", "", nil
			two.Path = "notes/*.md"
			added, err = AddSources(orig, []SourceSpec{newSource, two})
			if err != nil {
				t.Fatalf("add two: %v", err)
			}
			mustLoad(t, added, file)
			for _, name := range []string{"second-new", "new-blog"} {
				if added, err = RemoveSource(added, name); err != nil {
					t.Fatalf("remove %s: %v", name, err)
				}
			}
			if !bytes.Equal(added, orig) {
				t.Errorf("adding two then removing them changed the file:\n%s", added)
			}
		})
	}
}

func TestAddThenRemoveCRLF(t *testing.T) {
	for _, file := range []string{"testdata/edit/commented.yaml", "testdata/edit/flow.yaml", "testdata/edit/nonewline.yaml"} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			lf, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			orig := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
			added, err := AddSource(orig, newSource)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Count(added, []byte("\n")) != bytes.Count(added, []byte("\r\n")) {
				t.Errorf("added lines do not end in CRLF:\n%q", added)
			}
			mustLoad(t, added, file)
			removed, err := RemoveSource(added, newSource.Name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(removed, orig) {
				t.Errorf("got\n%q\nwant\n%q", removed, orig)
			}
		})
	}
}

// TestRemoveExisting removes items the user wrote, in every position and
// style; the golden files show exactly which lines go.
func TestRemoveExisting(t *testing.T) {
	tests := []struct {
		file, name string
	}{
		{"commented", "first"},
		{"commented", "second"},
		{"commented", "third"},
		{"separated", "one"},
		{"separated", "two"},
		{"separated", "three"},
		{"indentless", "beta"},
		{"flow", "a"},
		{"flow", "b"},
		{"flow-inline", "b"},
		{"nonewline", "only"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.name, func(t *testing.T) {
			orig, err := os.ReadFile("testdata/edit/" + tt.file + ".yaml")
			if err != nil {
				t.Fatal(err)
			}
			got, err := RemoveSource(orig, tt.name)
			if err != nil {
				t.Fatal(err)
			}
			cfg := mustLoad(t, got, tt.file)
			if _, ok := cfg.Source(tt.name); ok {
				t.Errorf("%s is still there", tt.name)
			}
			golden(t, "testdata/remove/"+tt.file+"-"+tt.name+".yaml", got)
		})
	}
}

func TestRemoveUnknown(t *testing.T) {
	for _, data := range []string{
		"sources:\n  - name: a\n    url: https://a.example/\n",
		"feed: {title: x}\n",
		"sources: []\n",
	} {
		_, err := RemoveSource([]byte(data), "zzz")
		if !errors.Is(err, ErrNoSource) {
			t.Errorf("RemoveSource(%q): got %v, want ErrNoSource", data, err)
		}
	}
}

// TestAddCreatesList covers configs whose sources list is missing or empty:
// there is nothing to match, so the result is shown exactly.
func TestAddCreatesList(t *testing.T) {
	spec := SourceSpec{Name: "x", URL: "https://x.example/feed"}
	tests := []struct {
		name, in, want string
	}{
		{"absent", "feed:\n  title: T\n", "feed:\n  title: T\n\nsources:\n  - name: x\n    url: https://x.example/feed\n"},
		{"absent, four-space file", "feed:\n    title: T\n", "feed:\n    title: T\n\nsources:\n    - name: x\n      url: https://x.example/feed\n"},
		{"absent, no final newline", "feed: {title: T}", "feed: {title: T}\n\nsources:\n  - name: x\n    url: https://x.example/feed"},
		{"empty file", "", "sources:\n  - name: x\n    url: https://x.example/feed\n"},
		{"only comments", "# nothing yet\n", "# nothing yet\n\nsources:\n  - name: x\n    url: https://x.example/feed\n"},
		{"tilde", "sources: ~  # none\nfeed: {title: T}\n", "sources:  # none\n  - name: x\n    url: https://x.example/feed\nfeed: {title: T}\n"},
		{"null word", "sources: null\n", "sources:\n  - name: x\n    url: https://x.example/feed\n"},
		{"flow empty with space", "sources: [ ]\n", "sources: [{name: x, url: \"https://x.example/feed\"} ]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AddSource([]byte(tt.in), spec)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestAddRefuses(t *testing.T) {
	tests := []struct {
		name, in string
		spec     SourceSpec
	}{
		{"not yaml", "sources: [\n", SourceSpec{Name: "x", URL: "https://x/"}},
		{"top level list", "- a\n- b\n", SourceSpec{Name: "x", URL: "https://x/"}},
		{"sources is a mapping", "sources: {a: 1}\n", SourceSpec{Name: "x", URL: "https://x/"}},
		{"sources is an alias", "base: &b []\nsources: *b\n", SourceSpec{Name: "x", URL: "https://x/"}},
		{"no name", "sources: []\n", SourceSpec{URL: "https://x/"}},
		{"invalid utf-8", "sources: []\n", SourceSpec{Name: "x", Title: "\xff"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := AddSource([]byte(tt.in), tt.spec); err == nil {
				t.Errorf("got no error and\n%s", got)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"plain-name", "plain-name"},
		{"https://example.org/feed/", "https://example.org/feed/"},
		{"https://example.org/?feed=rss2&x=1", "https://example.org/?feed=rss2&x=1"},
		{"Red Sails", "Red Sails"},
		{"yes", `"yes"`},
		{"Off", `"Off"`},
		{"2021", `"2021"`},
		{"1.5", `"1.5"`},
		{"2025-01-02", `"2025-01-02"`},
		{"", `""`},
		{" padded", `" padded"`},
		{"a: b", `"a: b"`},
		{"a #b", `"a #b"`},
		{"a, b", `"a, b"`},
		{"[x]", `"[x]"`},
		{"-dash", `"-dash"`},
		{"*star", `"*star"`},
		{`say "hi"`, `say "hi"`},
		{`"quoted"`, `"\"quoted\""`},
		{"back\\slash", "back\\slash"},
		{"line\nbreak", `"line\nbreak"`},
		{"tab\there", `"tab\there"`},
		{"bell\a", `"bell\u0007"`},
		{"sep\u2028x", `"sep\u2028x"`},
		{"Café 中文", "Café 中文"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := quote(tt.in, false); got != tt.want {
				t.Errorf("quote(%q) = %s, want %s", tt.in, got, tt.want)
			}
			checkQuoteRoundTrip(t, tt.in)
		})
	}
}

// checkQuoteRoundTrip decodes quote(s) in block and flow context.
func checkQuoteRoundTrip(t *testing.T, s string) {
	t.Helper()
	q, f := quote(s, false), quote(s, true)
	for _, doc := range []string{"k: " + q + "\n", "k: [" + f + ", x]\n", "k: {a: " + f + ", b: x}\n", "- {k: " + f + "}\n"} {
		var v any
		if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatalf("%q does not parse: %v", doc, err)
		}
		var got any
		switch v := v.(type) {
		case map[string]any:
			got = v["k"]
			if l, ok := got.([]any); ok {
				got = l[0]
			}
			if m, ok := got.(map[string]any); ok {
				got = m["a"]
			}
		case []any:
			got = v[0].(map[string]any)["k"]
		}
		if got != s {
			t.Fatalf("%q reads back as %#v, want %q", doc, got, s)
		}
	}
}

func FuzzQuote(f *testing.F) {
	for _, s := range []string{"a", "yes", "a: b", "x #y", "\"", "'", "\n", "~", "- x", "? x", "{}", "0x1F", "1e3", ".inf", "<<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8Valid(s) {
			return
		}
		checkQuoteRoundTrip(t, s)
	})
}

// FuzzEdit feeds arbitrary YAML to the editor: it must never panic, and a
// successful edit has passed the editor's own semantic check.
func FuzzEdit(f *testing.F) {
	files, _ := filepath.Glob("testdata/edit/*.yaml")
	for _, file := range files {
		data, _ := os.ReadFile(file)
		f.Add(data, "first")
	}
	f.Add([]byte("sources: [a, {name: b}]\n"), "b")
	f.Add([]byte("sources:\n- name: a\n-\n  name: b\n"), "b")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		if len(data) > 4096 {
			return
		}
		added, err := AddSource(data, SourceSpec{Name: "fz", URL: "https://fz.example/", Tags: []string{name}})
		if err == nil {
			if _, err := RemoveSource(added, "fz"); err != nil {
				t.Errorf("cannot remove what was just added: %v\n%s", err, added)
			}
		}
		_, _ = RemoveSource(data, name)
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }
