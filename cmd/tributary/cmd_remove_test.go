package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRemove(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		msg    string // part of stdout, or of the error
		golden string // the config afterwards, when it changes
	}{
		{"by name", []string{"mirror"}, 0, "removed mirror from", "remove-mirror.yaml"},
		{"by URL, spelled differently", []string{"https://Mirror.example/atom.xml#top"}, 0, "removed mirror from", "remove-mirror.yaml"},
		{"unknown", []string{"nope"}, exitUsage, `no source named "nope"`, ""},
		{"aliased by another source", []string{"existing"}, exitUsage, "source mirror says alias_of: existing", ""},
		{"no argument", nil, exitUsage, "exactly one", ""},
		{"purge of a source neither configured nor stored", []string{"--purge", "nope"}, exitUsage, "or in the database", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, orig := manageConfig(t)
			stdout, _, err := runCLI(t, append([]string{"-c", path, "remove"}, tt.args...)...)
			if exitCode(err) != tt.code {
				t.Fatalf("exit %d, want %d (%v)", exitCode(err), tt.code, err)
			}
			if out := stdout + errText(err); !strings.Contains(out, tt.msg) {
				t.Errorf("output %q lacks %q", out, tt.msg)
			}
			data, _ := os.ReadFile(path)
			if tt.golden == "" {
				if !bytes.Equal(data, orig) {
					t.Errorf("the config changed:\n%s", data)
				}
				return
			}
			loadSources(t, path)
			golden(t, tt.golden, bytes.ReplaceAll(data, []byte(filepath.Dir(path)), []byte("DIR")))
			if _, err := os.Stat(filepath.Join(filepath.Dir(path), "data")); err == nil {
				t.Error("remove created a database")
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestManageLifecycle walks a source through its life: added, fetched,
// listed, removed with its entries kept, then purged.
func TestManageLifecycle(t *testing.T) {
	site := harbour(t)
	path, _ := manageConfig(t)
	if _, _, err := runCLI(t, "-c", path, "add", site.URL+"/"); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runCLI(t, "-c", path, "run", "harbour-notes"); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	stdout, _, err := runCLI(t, "-c", path, "sources")
	if err != nil {
		t.Fatal(err)
	}
	line := lineWith(stdout, "harbour-notes")
	for _, want := range []string{site.URL + "/atom.xml", " ok ", " 1 "} {
		if !strings.Contains(line, want) {
			t.Errorf("sources line %q lacks %q\n%s", line, want, stdout)
		}
	}

	stdout, _, err = runCLI(t, "-c", path, "remove", "harbour-notes")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "its 1 stored entries stay") || !strings.Contains(stdout, "remove --purge harbour-notes") {
		t.Errorf("remove does not say the entries stay:\n%s", stdout)
	}
	stdout, _, _ = runCLI(t, "-c", path, "sources")
	if !strings.Contains(stdout, "still stored") || !strings.Contains(stdout, "harbour-notes (1 entries)") {
		t.Errorf("sources does not list the removed source's entries:\n%s", stdout)
	}

	stdout, _, err = runCLI(t, "-c", path, "remove", "--purge", "harbour-notes")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "deleted its 1 stored entries") {
		t.Errorf("purge:\n%s", stdout)
	}
	stdout, _, _ = runCLI(t, "-c", path, "sources")
	if strings.Contains(stdout, "harbour-notes") {
		t.Errorf("purged source still listed:\n%s", stdout)
	}

	// Added again and removed with --purge in one go.
	if _, _, err := runCLI(t, "-c", path, "add", site.URL+"/feed/"); err != nil {
		t.Fatal(err)
	}
	// Only loopback sources are fetched: the config's others are not real.
	if _, stderr, err := runCLI(t, "-c", path, "run", "harbour-notes-rss"); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	stdout, _, err = runCLI(t, "-c", path, "remove", "--purge", site.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "removed harbour-notes-rss") || !strings.Contains(stdout, "deleted its 1 stored entries") {
		t.Errorf("remove --purge:\n%s", stdout)
	}
}

func lineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}
