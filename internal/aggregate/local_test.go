package aggregate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

const pageV1 = `Tuesday, March 4, 2025

Letters from the print shop
The press arrived on a Tuesday, in three crates, with a note from the previous owner about the ink.
We spent the week cleaning rollers and learning which screws must never be tightened.

Monday, March 3, 2025

A new workshop
We signed the lease for the old bakery on Mill Street, and the ovens are staying as shelves.
The first open day will be in April, once the floor has been sealed.
`

// Ids of saved pages derive from the post (title and date), never from the
// file: renaming the file, a new post at the top and an edited text all
// keep every published id, and an edit bumps updated.
func TestLocalPageIDsAreStable(t *testing.T) {
	app, _, clk := newTestApp(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "page.txt")
	os.WriteFile(path, []byte(pageV1), 0o644)
	app.cfg.Sources = []feed.Source{{Name: "shop", Path: filepath.Join(dir, "*.txt"), Enabled: true, Author: "Ada"}}
	ctx := context.Background()
	ids := func() map[string]string {
		t.Helper()
		if _, err := app.Cycle(ctx, RunOptions{Publish: true}); err != nil {
			t.Fatal(err)
		}
		f, err := app.Build(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, e := range f.Entries {
			out[e.Title] = e.ID + " " + e.Updated.Format(time.RFC3339)
		}
		return out
	}
	first := ids()
	if len(first) != 2 {
		t.Fatalf("got %v, want two posts", first)
	}

	clk.set(clk.now().Add(time.Hour))
	os.Rename(path, filepath.Join(dir, "saved-again.txt"))
	if got := ids(); !equalMaps(got, first) {
		t.Errorf("after renaming the file:\n got %v\nwant %v", got, first)
	}

	clk.set(clk.now().Add(time.Hour))
	newer := "Wednesday, March 5, 2025\n\nInk, at last\nThe ink came in tins the size of a fist, and smelled of linseed and iron filings.\nNobody could open the first tin without a screwdriver and a good deal of patience.\n\n" + pageV1
	os.WriteFile(filepath.Join(dir, "saved-again.txt"), []byte(newer), 0o644)
	got := ids()
	for title, v := range first {
		if got[title] != v {
			t.Errorf("after a new post on top, %q: %q, want %q", title, got[title], v)
		}
	}
	if len(got) != 3 {
		t.Errorf("got %d posts, want 3", len(got))
	}

	clk.set(clk.now().Add(time.Hour))
	edited := strings.Replace(newer, "learning which screws", "finding out which screws", 1)
	os.WriteFile(filepath.Join(dir, "saved-again.txt"), []byte(edited), 0o644)
	after := ids()
	id := func(v string) string { return strings.Fields(v)[0] }
	if id(after["Letters from the print shop"]) != id(first["Letters from the print shop"]) {
		t.Errorf("an edited post changed its id")
	}
	if after["Letters from the print shop"] == first["Letters from the print shop"] {
		t.Errorf("an edited post kept its updated date")
	}
	if after["A new workshop"] != first["A new workshop"] {
		t.Errorf("an untouched post changed: %q vs %q", after["A new workshop"], first["A new workshop"])
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
