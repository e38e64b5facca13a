package aggregate

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// mixedRSS is a source's feed for the window tests: posts on random days,
// some at midnight (a date known to the day), some cross-posted by other
// sources with the same text, some claiming a guid another source uses for
// a different post (never at midnight, where two such posts could tie).
func mixedRSS(rng *rand.Rand, source, posts int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>S%d</title><link>https://s%d.example/</link>`, source, source)
	for i := range posts {
		day := 1 + rng.IntN(28)
		hour := rng.IntN(24)
		if rng.IntN(4) == 0 {
			hour = 0
		}
		n := rng.IntN(60) // shared between sources: a cross-post
		guid := fmt.Sprintf("https://s%d.example/%d", source, i)
		second := source*posts + i // no two posts at one time: a tie has no order
		if hour == 0 {
			second = 0
		} else if rng.IntN(3) == 0 {
			guid = fmt.Sprintf("https://shared.example/id/%d", rng.IntN(6)) // another post's id
		}
		fmt.Fprintf(&b, `<item><title>Story %d</title><link>https://news.example/%d</link><guid isPermaLink="false">%s</guid>`+
			`<pubDate>%s</pubDate><description>Story %d tells of %s, at length and with care, in words of its own.</description></item>`,
			n, n, guid, time.Date(2025, 2, day, hour, 0, second, 0, time.UTC).Format(time.RFC1123Z), n, strings.Repeat("river ", 1+n%7))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// describe names each shown post by its winner and public id.
func describe(current []*post, pages []archivePage) string {
	var b strings.Builder
	for _, p := range current {
		fmt.Fprintf(&b, "%d %s\n", p.winner.ID, p.publicID)
	}
	for _, pg := range pages {
		fmt.Fprintf(&b, "page %d\n", pg.number)
		for _, p := range pg.posts {
			fmt.Fprintf(&b, "%d %s\n", p.winner.ID, p.publicID)
		}
	}
	return b.String()
}

func pagePosts(pages []archivePage) []*post {
	var out []*post
	for _, pg := range pages {
		out = append(out, pg.posts...)
	}
	return out
}

// The window is a view of the reference path: grouping, separating ids and
// laying out every stored post gives the same shown posts.
func TestWindowMatchesEveryPost(t *testing.T) {
	tests := []struct {
		seed                uint64
		maxEntries, archive int
		maxAge              time.Duration
	}{
		{seed: 1, maxEntries: 5, archive: 2},
		{seed: 2, maxEntries: 3, archive: 0},
		{seed: 3, maxEntries: 7, archive: 4},
		{seed: 4, maxEntries: 4, archive: 3, maxAge: 20 * 24 * time.Hour},
		{seed: 5, maxEntries: 50, archive: 10},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(tt.seed, 17))
			mux := http.NewServeMux()
			var urls []string
			for s := range 4 {
				body := mixedRSS(rng, s, 25)
				mux.HandleFunc(fmt.Sprintf("/%d", s), func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) })
			}
			srv := httptest.NewServer(mux)
			defer srv.Close()
			for s := range 4 {
				urls = append(urls, fmt.Sprintf("%s/%d", srv.URL, s))
			}
			app, _, _ := newTestApp(t, urls...)
			app.cfg.Output.MaxEntries, app.cfg.Output.ArchivePages, app.cfg.Output.MaxAge = tt.maxEntries, tt.archive, tt.maxAge
			ctx := context.Background()
			if _, err := app.Cycle(ctx, RunOptions{All: true}); err != nil {
				t.Fatal(err)
			}
			// The window first: the reference run after it would move
			// any shared id the window failed to settle.
			_, cur, pages, err := app.shownPosts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := describe(cur, pages)
			members, err := app.db.Members(ctx)
			if err != nil {
				t.Fatal(err)
			}
			posts := app.group(members)
			if err := app.separateIDs(ctx, posts); err != nil {
				t.Fatal(err)
			}
			wcur, wpages, err := app.layout(ctx, posts, len(posts))
			if err != nil {
				t.Fatal(err)
			}
			if want := describe(wcur, wpages); got != want {
				t.Errorf("window shows\n%s\nall posts show\n%s", got, want)
			}
			if len(cur) == 0 || tt.archive > 0 && len(pages) == 0 {
				t.Errorf("the case shows %d posts and %d pages: too few to test", len(cur), len(pages))
			}
			moved := 0
			for _, p := range slices.Concat(cur, pagePosts(pages)) {
				if p.publicID != p.winner.PublicID {
					moved++
				}
			}
			if moved == 0 {
				t.Errorf("no shown post had to give up a shared id: the case does not test separation")
			}
		})
	}
}
