package aggregate

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestUnchangedCycleLeavesOutputsAlone(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status != http.StatusOK {
			http.Error(w, "down", status)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, itemsRSS(3))
	}))
	defer srv.Close()
	app, _, clk := newTestApp(t, srv.URL)
	ctx := context.Background()
	atom := filepath.Join(app.cfg.Output.Dir, "atom.xml")
	cycle := func(name string, wantWrote bool) {
		t.Helper()
		sum, err := app.Cycle(ctx, RunOptions{All: true, Publish: true})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if sum.Wrote != wantWrote || sum.Published != 3 {
			t.Errorf("%s: wrote %v, published %d; want wrote %v, 3", name, sum.Wrote, sum.Published, wantWrote)
		}
		clk.set(clk.now().Add(2 * time.Hour))
	}
	cycle("first", true)
	cycle("same feed again", false)
	os.Remove(atom)
	cycle("an output went missing", true)
	status = http.StatusInternalServerError
	cycle("the source starts failing: its status shows", true)
	cycle("still failing", false)
	status = http.StatusOK
	cycle("recovered", true)
	app.cfg.Output.MaxAge = 365 * 24 * time.Hour * 100
	cycle("max_age: the clock alone can change the feed", true)
}

func TestPublishRemovesStaleTempFiles(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, itemsRSS(2))
	}))
	defer srv.Close()
	app, _, _ := newTestApp(t, srv.URL)
	dir := app.cfg.Output.Dir
	os.MkdirAll(filepath.Join(dir, "archive"), 0o755)
	old := time.Now().Add(-2 * time.Hour)
	files := map[string]bool{ // name -> should survive
		".atom.xml.tmp-123":    false,
		"archive/.3.xml.tmp-9": false,
		".tributary-probe-77":  false,
		".rss.xml.tmp-fresh":   true, // another run may be writing it now
		".well-known-not-ours": true,
		"keep-me.txt":          true,
	}
	for name := range files {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("x"), 0o644)
		if name != ".rss.xml.tmp-fresh" {
			os.Chtimes(p, old, old)
		}
	}
	if _, err := app.Cycle(context.Background(), RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	for name, survive := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if got := err == nil; got != survive {
			t.Errorf("%s: exists = %v, want %v", name, got, survive)
		}
	}
}
