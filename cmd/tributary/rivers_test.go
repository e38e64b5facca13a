package main

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/publish"
)

// riverConfig is the end-to-end config with two rivers: the posts naming
// Rainer Shea (his two feeds, merged, and his saved pages), and the
// sources tagged crafts less one post.
func riverConfig(t *testing.T, dir, base string) string {
	t.Helper()
	path := writeConfig(t, dir, base, `rivers:
  - name: rainer
    title: Rainer Shea
    id: tag:example.org,2025:rainer
    include: ["rainer shea"]
  - name: crafts
    title: Crafts and sounds
    tags: [crafts]
    exclude: ["tin roof"]
    max_entries: 2
`)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"workshop", "sounds"} {
		data = bytes.Replace(data, []byte("  - name: "+name+"\n"), []byte("  - name: "+name+"\n    tags: [crafts]\n"), 1)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRiversEndToEnd(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	cfg := riverConfig(t, dir, s.srv.URL)
	out, stderr, err := runCLI(t, "-c", cfg, "check")
	if err != nil {
		t.Fatalf("check: %v\n%s", err, stderr)
	}
	for _, want := range []string{"rivers: # 2", "  - name: rainer\n    title: \"Rainer Shea\"",
		`url: "https://planet.example/crafts/atom.xml"`, `tags: ["crafts"]`, `exclude: ["tin roof"]`} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if _, stderr, err := runCLI(t, "-c", cfg, "run"); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	if full, _ := s.counts(); full != 4 {
		t.Errorf("the site sent %d full responses, want 4: rivers fetch nothing of their own", full)
	}
	public := filepath.Join(dir, "public")
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(public, name))
		if err != nil {
			t.Fatal(err)
		}
		return bytes.ReplaceAll(b, []byte(s.srv.URL), []byte("http://feeds.test"))
	}
	// The main feed is the one without rivers, byte for byte.
	golden(t, "atom.golden.xml", read("atom.xml"))
	mainTitles := atomTitles(read("atom.xml"))
	tests := []struct {
		river string
		title string
		want  []string
	}{
		{"rainer", "Rainer Shea", []string{
			"China’s communist tech triumph, & how it foreshadows techno-feudalism’s overthrow in the United States",
			"Extermination is Trump’s goal for Gaza, & the U.S. cold war strategy depends on this goal’s success",
			"Fascist Ukraine’s defeat is a triumph for the Soviet spirit, & a prelude to global workers victory",
			"Strikes on three continents, and the silence of the press",
			"The empire wants to make Gaza the new global normal. We all must learn from Palestine on how to fight back.",
			"Why we’ve picked this battle: the pro-Palestine struggle’s unbreakable nature, & how it can end the U.S. empire",
		}},
		{"crafts", "Crafts and sounds", []string{"Harbour at dawn", "Setting type by hand – a week in the composing room"}},
	}
	for _, tc := range tests {
		t.Run(tc.river, func(t *testing.T) {
			atomPath := filepath.Join(public, tc.river, "atom.xml")
			atom := read(filepath.Join(tc.river, "atom.xml"))
			checkRiverAtom(t, atomPath, atom)
			got := atomTitles(atom)
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("river titles\n  %q\nwant\n  %q", got, tc.want)
			}
			for _, title := range got {
				if !slices.Contains(mainTitles, title) {
					t.Errorf("river post %q is not in the main feed", title)
				}
			}
			// The page shows when each source last changed, which is the
			// clock for undated posts: the feeds are the golden outputs.
			for _, name := range []string{"atom.xml", "feed.json"} {
				golden(t, "rivers/"+tc.river+"/"+name, read(filepath.Join(tc.river, name)))
			}
			page := string(read(filepath.Join(tc.river, "index.html")))
			for _, want := range []string{`<a href="../">Test river</a>`, `href="atom.xml"`, `aria-current="page">` + tc.title + `</a>`} {
				if !strings.Contains(page, want) {
					t.Errorf("the river's page lacks %s", want)
				}
			}
		})
	}
	page := string(read("index.html"))
	for _, want := range []string{`<a href="rainer/">Rainer Shea</a>`, `<a href="crafts/">Crafts and sounds</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the main page lacks %s", want)
		}
	}
}

// checkRiverAtom holds a river's Atom to RFC 4287's rules and, with jing,
// to its schema, as checkAtom does the main feed's.
func checkRiverAtom(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := publish.CheckAtomRules(data); err != nil {
		t.Errorf("RFC 4287 rules: %v", err)
	}
	jing, err := exec.LookPath("jing")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Error("jing is not installed; CI must validate the feed")
		}
		return
	}
	if out, err := exec.Command(jing, "-c", atomSchema(), path).CombinedOutput(); err != nil {
		t.Errorf("jing: %v\n%s", err, out)
	}
}

// Each river is served beside the main feed, and newsboat reads it.
func TestServeRivers(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	d := startServe(t, riverConfig(t, dir, s.srv.URL))
	d.waitFor(t, "/atom.xml", func(r *http.Response, b []byte) bool {
		return r.StatusCode == 200 && bytes.Contains(b, []byte("<entry>"))
	})
	for _, tc := range []struct{ river, title string }{{"rainer", "Rainer Shea"}, {"crafts", "Crafts and sounds"}} {
		t.Run(tc.river, func(t *testing.T) {
			atom := d.waitFor(t, "/"+tc.river+"/atom.xml", func(r *http.Response, b []byte) bool {
				return r.StatusCode == 200 && r.Header.Get("Content-Type") == "application/atom+xml; charset=utf-8" &&
					bytes.Contains(b, []byte("<entry>"))
			})
			d.waitFor(t, "/"+tc.river+"/", func(r *http.Response, b []byte) bool {
				return r.StatusCode == 200 && bytes.Contains(b, []byte(`<a href="../">Test river</a>`))
			})
			newsboatReads(t, d.base+"/"+tc.river+"/atom.xml", atom, tc.title)
		})
	}
	if err := d.stop(); err != nil {
		t.Fatalf("serve: %v\n%s", err, d.logs.String())
	}
}

func TestRunReportNamesRivers(t *testing.T) {
	cfg := &config.Config{Output: config.OutputConfig{Dir: "public"}, Serve: config.ServeConfig{Addr: "127.0.0.1:8080"},
		Rivers: []config.River{{Name: "rainer"}, {Name: "china"}}}
	got := runReport(cfg, aggregate.Summary{OK: 1, Published: 8, Wrote: true})
	want := "published 8 entries to public/atom.xml (also rss.xml, feed.json, index.html) and 2 rivers to public/rainer/, public/china/; " +
		"view them with 'tributary serve' at http://127.0.0.1:8080/"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
