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

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store"
)

func TestRiverSelection(t *testing.T) {
	cfg := config.Default()
	cfg.Sources = []feed.Source{
		{Name: "go-blog", Tags: []string{"Tech"}},
		{Name: "news", Tags: []string{"politics"}},
		{Name: "mixed", Tags: []string{"tech", "politics"}},
		{Name: "diary"},
	}
	// Each post is its copies: a source and the copy's text, as
	// title | content | authors | categories.
	type copy struct{ source, title, content, author, category string }
	posts := map[string][]copy{
		"go release":     {{"go-blog", "Go 1.26 is out", "<p>Generic methods at last.</p>", "Gopher", "golang"}},
		"election":       {{"news", "The election", "<p>Votes were counted.</p>", "Reporter", "politics"}},
		"mixed sponsor":  {{"mixed", "A sponsored post", "<p>Buy a <b>Rust</b> book.</p>", "Ads", ""}},
		"diary rust":     {{"diary", "My week", "<p>I learnt some rust.</p>", "Me", ""}},
		"cross-post":     {{"diary", "Elections and code", "<p>Voting machines.</p>", "Me", ""}, {"news", "Elections and code", "<p>Voting machines, sponsored.</p>", "Me", ""}},
		"author only":    {{"diary", "Untitled", "<p>Nothing here.</p>", "Rob Pike", ""}},
		"category only":  {{"diary", "Untitled too", "<p>Nothing.</p>", "Me", "Rust"}},
		"word in a word": {{"diary", "Trusty tools", "<p>A trusty hammer.</p>", "Me", ""}},
	}
	var all []string
	for name := range posts {
		all = append(all, name)
	}
	slices.Sort(all)
	tests := []struct {
		name  string
		river config.River
		want  []string
	}{
		{"every source", config.River{}, all},
		{"by source", config.River{Sources: []string{"news"}}, []string{"cross-post", "election"}},
		{"by tag, any case", config.River{Tags: []string{"TECH"}}, []string{"go release", "mixed sponsor"}},
		{"sources and tags add up", config.River{Sources: []string{"news"}, Tags: []string{"tech"}},
			[]string{"cross-post", "election", "go release", "mixed sponsor"}},
		{"keyword in the text, as a whole word", config.River{Include: []string{"rust"}},
			[]string{"category only", "diary rust", "mixed sponsor"}},
		{"regular expression in the title", config.River{Include: []string{"/^(go|the) /i"}}, []string{"election", "go release"}},
		{"author", config.River{Include: []string{"rob pike"}}, []string{"author only"}},
		{"exclude", config.River{Tags: []string{"tech"}, Exclude: []string{"sponsored"}}, []string{"go release"}},
		{"one clean copy keeps a merged post", config.River{Exclude: []string{"sponsored"}},
			[]string{"author only", "category only", "cross-post", "diary rust", "election", "go release", "word in a word"}},
		{"the copy from the source must pass", config.River{Sources: []string{"news"}, Exclude: []string{"sponsored"}},
			[]string{"election"}},
		{"include and exclude", config.River{Include: []string{`/\b(rust|votes)\b/i`}, Exclude: []string{"book"}},
			[]string{"category only", "diary rust", "election"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sel, err := newRiverSelector(cfg, tc.river)
			if err != nil {
				t.Fatal(err)
			}
			texts := map[int64]*matchable{}
			var got []string
			id := int64(0)
			for _, name := range all {
				p := &post{}
				for _, c := range posts[name] {
					id++
					p.members = append(p.members, store.Member{ID: id, Source: c.source})
					texts[id] = matchText(c.title, c.content, "", []string{c.author}, []string{c.category})
				}
				if sel.admits(p, func(m store.Member) *matchable { return texts[m.ID] }) {
					got = append(got, name)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("selected %q, want %q", got, tc.want)
			}
		})
	}
}

// The rivers are a view of the reference path: selecting from every
// stored post, grouped and with its id settled, the newest max_entries a
// river admits, and its share of each main archive page, gives what
// planRivers gives from the window.
func TestRiversMatchEveryPost(t *testing.T) {
	tests := []struct {
		seed                uint64
		maxEntries, archive int
		maxAge              time.Duration
		rivers              []config.River
	}{
		{seed: 1, maxEntries: 5, archive: 2, rivers: []config.River{
			{Name: "all", MaxEntries: 5},
			{Name: "sparse", Sources: []string{"s0"}, MaxEntries: 20},
			{Name: "tagged", Tags: []string{"odd"}, MaxEntries: 8},
		}},
		{seed: 2, maxEntries: 3, archive: 0, rivers: []config.River{
			{Name: "text", Include: []string{"/Story [0-9]\\b/"}, MaxEntries: 12},
			{Name: "not", Exclude: []string{"/river river river/"}, MaxEntries: 3},
		}},
		{seed: 3, maxEntries: 4, archive: 3, maxAge: 20 * 24 * time.Hour, rivers: []config.River{
			{Name: "aged", Sources: []string{"s3"}, Include: []string{"story"}, MaxEntries: 30},
		}},
		{seed: 4, maxEntries: 50, archive: 10, rivers: []config.River{
			{Name: "big", Tags: []string{"odd"}, MaxEntries: 7},
			{Name: "none", Include: []string{"no post says this"}, MaxEntries: 5},
		}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(tt.seed, 29))
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
			for i := range app.cfg.Sources {
				if i%2 == 1 {
					app.cfg.Sources[i].Tags = []string{"odd"}
				}
			}
			app.cfg.Output.MaxEntries, app.cfg.Output.ArchivePages, app.cfg.Output.MaxAge = tt.maxEntries, tt.archive, tt.maxAge
			app.cfg.Rivers = tt.rivers
			ctx := context.Background()
			if _, err := app.Cycle(ctx, RunOptions{All: true}); err != nil {
				t.Fatal(err)
			}
			window, _, pages, err := app.shownPosts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			recs := newRecordCache(app.db)
			plans, beyond, err := app.planRivers(ctx, window, pages, recs)
			if err != nil {
				t.Fatal(err)
			}
			if err := app.separateShown(ctx, beyond); err != nil {
				t.Fatal(err)
			}

			members, err := app.db.Members(ctx)
			if err != nil {
				t.Fatal(err)
			}
			all := app.group(members)
			if err := app.separateIDs(ctx, all); err != nil {
				t.Fatal(err)
			}
			_, allPages, err := app.layout(ctx, all, len(all))
			if err != nil {
				t.Fatal(err)
			}
			if err := recs.load(ctx, all); err != nil {
				t.Fatal(err)
			}
			var cutoff time.Time
			if tt.maxAge > 0 {
				cutoff = app.now().Add(-tt.maxAge)
			}
			reachedBeyond := false
			for i, r := range tt.rivers {
				sel, err := newRiverSelector(app.cfg, r)
				if err != nil {
					t.Fatal(err)
				}
				var cur []*post
				in := map[int64]bool{}
				for _, p := range all {
					if len(cur) == r.MaxEntries || !cutoff.IsZero() && p.winner.Published.Before(cutoff) {
						break
					}
					if sel.admits(p, recs.text) {
						cur, in[p.winner.Cluster] = append(cur, p), true
					}
				}
				var wpages []archivePage
				for _, pg := range allPages {
					var ps []*post
					for _, p := range pg.posts {
						if !in[p.winner.Cluster] && sel.admits(p, recs.text) {
							ps = append(ps, p)
						}
					}
					if len(ps) > 0 {
						wpages = append(wpages, archivePage{number: pg.number, posts: ps})
					}
				}
				got, want := describe(plans[i].current, plans[i].pages), describe(cur, wpages)
				if got != want {
					t.Errorf("river %s shows\n%s\nall posts give\n%s", r.Name, got, want)
				}
				for _, p := range cur {
					if !slices.ContainsFunc(window, func(w *post) bool { return w.winner.Cluster == p.winner.Cluster }) {
						reachedBeyond = true
					}
				}
			}
			if tt.seed == 1 && !reachedBeyond {
				t.Error("no river shows a post beyond the main window: the case does not test the deeper read")
			}
		})
	}
}

// A post merged in the main feed is one post, under one id, in every river
// that selects any of its copies; each river's updated is its own newest
// change.
func TestRiversShareMergesAndIDs(t *testing.T) {
	body := func(site, title string, day int, text string) string {
		return fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title><link>https://%[1]s.example/</link>`+
			`<item><title>%[2]s</title><link>https://%[1]s.example/post</link><guid>https://%[1]s.example/post</guid>`+
			`<pubDate>%[3]s</pubDate><description>%[4]s</description></item></channel></rss>`,
			site, title, time.Date(2025, 3, day, 9, 0, 0, 0, time.UTC).Format(time.RFC1123Z), text)
	}
	shared := "A long shared essay about rivers and deltas, cross-posted word for word on two blogs so the merge has something to find. " +
		strings.Repeat("The water runs to the sea and the sea does not fill. ", 8)
	feeds := map[string]string{
		"/a": body("a", "Deltas", 1, shared),
		"/b": body("b", "Deltas", 2, shared),
		"/c": body("c", "Tides", 3, "A short note on tides, the moon and the coast."),
	}
	mux := http.NewServeMux()
	for path, b := range feeds {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, b) })
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	app, _, _ := newTestApp(t, srv.URL+"/a", srv.URL+"/b", srv.URL+"/c")
	app.cfg.Rivers = []config.River{
		{Name: "first", Sources: []string{"s0"}, MaxEntries: 10, URL: "https://planet.example/first/atom.xml"},
		{Name: "second", Sources: []string{"s1"}, MaxEntries: 10, URL: "https://planet.example/second/atom.xml"},
	}
	ctx := context.Background()
	if _, err := app.Cycle(ctx, RunOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	ed, err := app.edition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mainIDs := map[string]string{}
	for _, e := range ed.current.Entries {
		mainIDs[e.Title] = e.ID
	}
	if len(ed.current.Entries) != 2 {
		t.Fatalf("main feed has %d entries, want the merged essay and the note", len(ed.current.Entries))
	}
	for _, r := range ed.rivers {
		if len(r.current.Entries) != 1 || r.current.Entries[0].Title != "Deltas" {
			t.Fatalf("river %s: %d entries, want the merged essay alone", r.river.Name, len(r.current.Entries))
		}
		e := r.current.Entries[0]
		if e.ID != mainIDs["Deltas"] {
			t.Errorf("river %s: id %q, the main feed's is %q", r.river.Name, e.ID, mainIDs["Deltas"])
		}
		if len(e.Related) != 1 {
			t.Errorf("river %s: related links %q, want the other copy's", r.river.Name, e.Related)
		}
		if !r.current.Updated.Equal(e.Updated) || !r.current.Updated.Before(ed.current.Updated) {
			t.Errorf("river %s: updated %v, want its entry's %v (before the main feed's %v)",
				r.river.Name, r.current.Updated, e.Updated, ed.current.Updated)
		}
	}
}

// Retention keeps what a river shows, even where the main feed no longer
// does.
func TestRetentionKeepsRiverPosts(t *testing.T) {
	feedOf := func(source string, day int) string {
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title><link>https://%[1]s.example/</link>`, source)
		for i := range 10 {
			fmt.Fprintf(&b, `<item><title>%[1]s %[2]d</title><link>https://%[1]s.example/%[2]d</link><pubDate>%[3]s</pubDate>`+
				`<description>%[4]s</description></item>`, source, i,
				time.Date(2025, 2, day, i, 0, 0, 0, time.UTC).Format(time.RFC1123Z), strings.Repeat(fmt.Sprintf("w%s%d ", source, i), 30))
		}
		b.WriteString(`</channel></rss>`)
		return b.String()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/new", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feedOf("new", 20)) })
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feedOf("old", 10)) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	app, _, _ := newTestApp(t, srv.URL+"/new", srv.URL+"/old")
	app.cfg.Output.MaxEntries, app.cfg.Output.ArchivePages = 3, 0
	app.cfg.Retain.MaxPerSource, app.cfg.Retain.MaxAge = 2, 0
	ctx := context.Background()
	if _, err := app.Cycle(ctx, RunOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		rivers []config.River
		want   int // entries of "old" pruned
	}{
		{"without rivers", nil, 8},
		{"with a river of the old source", []config.River{{Name: "old", Sources: []string{"s1"}, MaxEntries: 5}}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app.cfg.Rivers = tc.rivers
			rep, err := app.Prune(ctx, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := rep.BySource["s1"]; got != tc.want {
				t.Errorf("would prune %d of the old source's entries, want %d", got, tc.want)
			}
		})
	}
}

// A river's patterns read the whole post once its page has been read,
// as the published entry carries it, and not only the feed's excerpt:
// words found only on the post's page bring a post into a river, or keep
// it out.
func TestRiversMatchWholePosts(t *testing.T) {
	blog := newTestBlog(t, teaPosts)
	app, _, _ := newTestApp(t, blog.URL+"/feeds/posts/default")
	app.cfg.Sources[0].FullContent = true
	app.cfg.Rivers = []config.River{
		// Each pattern is in one post's last paragraph, which only its
		// page holds.
		{Name: "second-cups", Include: []string{"second steeping"}, MaxEntries: 10, URL: "https://planet.example/second-cups/atom.xml"},
		{Name: "lids-on", Exclude: []string{"keep the lid off"}, MaxEntries: 10, URL: "https://planet.example/lids-on/atom.xml"},
	}
	for _, p := range teaPosts {
		for _, r := range app.cfg.Rivers {
			for _, pat := range append(r.Include, r.Exclude...) {
				if strings.Contains(strings.Join(p.paras[:len(p.paras)-1], " "), pat) {
					t.Fatalf("%s: pattern %q is in the excerpt's paragraphs; the test needs it on the page only", p.slug, pat)
				}
			}
		}
	}
	ctx := context.Background()
	sum, err := app.Cycle(ctx, RunOptions{All: true})
	if err != nil || sum.FullPosts != len(teaPosts) {
		t.Fatalf("cycle: %+v, %v; want every post read whole", sum, err)
	}
	ed, err := app.edition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"second-cups": {"Green tea, gently"},
		"lids-on":     {"Black tea, properly", "Green tea, gently"},
	}
	for _, r := range ed.rivers {
		var got []string
		for _, e := range r.current.Entries {
			got = append(got, e.Title)
		}
		slices.Sort(got)
		if !slices.Equal(got, want[r.river.Name]) {
			t.Errorf("river %s: %q, want %q", r.river.Name, got, want[r.river.Name])
		}
	}
}
