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
