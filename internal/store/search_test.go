package store

import (
	"cmp"
	"context"
	"fmt"
	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/store/storetest"
	"slices"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

// searchCorpus is a few posts across two sources, for the search tests.
func searchCorpus(t *testing.T, db *DB) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	mk := func(key, title, content string, age time.Duration) Record {
		r := rec(key, title, "h-"+key)
		r.Content, r.Published = content, t0.Add(-age)
		return r
	}
	a := []Record{
		mk("gophers", "Gophers in the garden", "<p>A post about <b>burrowing</b> animals.</p>", 5*time.Hour),
		mk("sqlite", "Notes on storage", "<p>SQLite full-text search with FTS5 and gophers.</p>", 4*time.Hour),
		mk("cafe", "Le café", "<p>Un café crème, s'il vous plaît.</p>", 3*time.Hour),
	}
	a[0].Authors, a[0].Categories = []string{"Ada Lovelace"}, []string{"zoology"}
	b := []Record{
		mk("walking", "Walking home", "<p>A long walk by the river &amp; the sea.</p>", 2*time.Hour),
		mk("copy", "Notes on storage", "<p>SQLite full-text search with FTS5 and gophers.</p>", time.Hour),
	}
	b[0].Summary = "<p>An excerpt about rivers.</p>"
	ids := map[string]int64{}
	for _, src := range []struct {
		name string
		recs []Record
	}{{"alpha", a}, {"beta", b}} {
		recs := src.recs
		if _, err := db.Ingest(ctx, feed.SourceState{Name: src.name}, recs, t0); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			ids[r.Key] = r.ID
		}
	}
	return ids
}

func searchKeys(t *testing.T, db *DB, ids map[string]int64, query string, o SearchOptions) []string {
	t.Helper()
	q, err := ParseQuery(query)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", query, err)
	}
	hits, err := db.Search(context.Background(), q, o)
	if err != nil {
		t.Fatalf("Search(%q): %v", query, err)
	}
	var out []string
	for _, h := range hits {
		for k, id := range ids {
			if id == h.ID {
				out = append(out, k)
			}
		}
	}
	return out
}

func TestSearch(t *testing.T) { storetest.Each(t, testSearch) }

func testSearch(t *testing.T, engine dburl.Engine) {
	db := openOn(t, engine)
	ids := searchCorpus(t, db)
	tests := []struct {
		query string
		want  []string // best first; nil for no match
	}{
		{"gophers", []string{"gophers", "sqlite", "copy"}},
		{"GOPHERS garden", []string{"gophers"}},
		{`"full-text search"`, []string{"sqlite", "copy"}},
		{"gophers -garden", []string{"sqlite", "copy"}},
		{"burrowing OR river", []string{"gophers", "walking"}},
		{"walk*", []string{"walking"}},
		{"café crème", []string{"cafe"}},
		{"ada", []string{"gophers"}},
		{"zoology", []string{"gophers"}},
		{"beta walking", []string{"walking"}},
		{"alpha storage", []string{"sqlite"}},
		{"excerpt rivers", []string{"walking"}},
		{"amp", nil},
		{"nothing-here", nil},
	}
	if engine == dburl.SQLite {
		// FTS5 folds diacritics; PostgreSQL's 'simple' configuration
		// does not (README, Search).
		tests = append(tests, struct {
			query string
			want  []string
		}{"cafe creme", []string{"cafe"}})
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := searchKeys(t, db, ids, tt.query, SearchOptions{})
			if !slices.Equal(got, tt.want) {
				t.Errorf("search %q = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestSearchNewestFirstAndLimit(t *testing.T) { storetest.Each(t, testSearchNewestFirstAndLimit) }

func testSearchNewestFirstAndLimit(t *testing.T, engine dburl.Engine) {
	db := openOn(t, engine)
	ids := searchCorpus(t, db)
	got := searchKeys(t, db, ids, "gophers", SearchOptions{Newest: true})
	if want := []string{"copy", "sqlite", "gophers"}; !slices.Equal(got, want) {
		t.Errorf("newest = %v, want %v", got, want)
	}
	got = searchKeys(t, db, ids, "gophers", SearchOptions{Newest: true, Limit: 2})
	if want := []string{"copy", "sqlite"}; !slices.Equal(got, want) {
		t.Errorf("newest, limit 2 = %v, want %v", got, want)
	}
}

func TestSearchShowsAMergedPostOnce(t *testing.T) { storetest.Each(t, testSearchShowsAMergedPostOnce) }

func testSearchShowsAMergedPostOnce(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	ids := searchCorpus(t, db)
	if err := db.Merge(ctx, ids["sqlite"], ids["copy"], "same text", 1, 1, t0); err != nil {
		t.Fatal(err)
	}
	got := searchKeys(t, db, ids, "gophers", SearchOptions{})
	if len(got) != 2 || got[0] != "gophers" || got[1] != "sqlite" && got[1] != "copy" {
		t.Errorf("search after merge = %v, want gophers and one copy of the storage notes", got)
	}
}

func TestSearchTitleOutranksBody(t *testing.T) { storetest.Each(t, testSearchTitleOutranksBody) }

func testSearchTitleOutranksBody(t *testing.T, engine dburl.Engine) {
	db := openOn(t, engine)
	ctx := context.Background()
	body := rec("body", "Something else", "h1")
	body.Content = "<p>Lighthouse lighthouse lighthouse, and more about the lighthouse.</p>"
	title := rec("title", "The lighthouse", "h2")
	title.Content = "<p>A keeper's story, told over a long winter by the sea.</p>"
	recs := []Record{body, title}
	// BM25 weighs words by their rarity: a corpus of two posts that both
	// have the word ranks nothing.
	for _, k := range []string{"f1", "f2", "f3", "f4", "f5", "f6"} {
		r := rec(k, "Filler "+k, "h-"+k)
		r.Content = "<p>Nothing to see here, only words about the sea and a long winter.</p>"
		recs = append(recs, r)
	}
	if _, err := db.Ingest(ctx, feed.SourceState{Name: "s"}, recs, t0); err != nil {
		t.Fatal(err)
	}
	got := searchKeys(t, db, map[string]int64{"body": recs[0].ID, "title": recs[1].ID}, "lighthouse", SearchOptions{})
	if want := []string{"title", "body"}; !slices.Equal(got, want) {
		t.Errorf("ranking = %v, want %v", got, want)
	}
}

func TestSearchMarks(t *testing.T) { storetest.Each(t, testSearchMarks) }

func testSearchMarks(t *testing.T, engine dburl.Engine) {
	db := openOn(t, engine)
	searchCorpus(t, db)
	q, _ := ParseQuery("storage fts5")
	hits, err := db.Search(context.Background(), q, SearchOptions{Limit: 1})
	if err != nil || len(hits) != 1 {
		t.Fatalf("Search: %v, %v", hits, err)
	}
	if got, want := string(hits[0].Title), "Notes on \x02storage\x03"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got, want := string(hits[0].Snippet), "SQLite full-text search with \x02FTS5\x03 and gophers."; got != want {
		t.Errorf("snippet = %q, want %q", got, want)
	}
	if hits[0].Score <= 0 {
		t.Errorf("score = %v, want a positive relevance", hits[0].Score)
	}
}

// TestSearchFollowsIngestAndPrune holds the index to the entries: an
// update replaces an entry's words, and pruning or purging a source takes
// its entries out of the results.
func TestSearchFollowsIngestAndPrune(t *testing.T) {
	storetest.Each(t, testSearchFollowsIngestAndPrune)
}

func testSearchFollowsIngestAndPrune(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	ids := searchCorpus(t, db)
	edited := rec("walking", "Cycling home", "h-walking-2")
	edited.Content = "<p>By bicycle this time.</p>"
	if _, err := db.Ingest(ctx, feed.SourceState{Name: "beta"}, []Record{edited}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := searchKeys(t, db, ids, "walking", SearchOptions{}); got != nil {
		t.Errorf("old words still found: %v", got)
	}
	if got := searchKeys(t, db, ids, "bicycle", SearchOptions{}); !slices.Equal(got, []string{"walking"}) {
		t.Errorf("new words: %v", got)
	}
	if _, err := db.Prune(ctx, []int64{ids["gophers"]}, 1, t0); err != nil {
		t.Fatal(err)
	}
	if got := searchKeys(t, db, ids, "gophers", SearchOptions{}); !slices.Equal(slices.Sorted(slices.Values(got)), []string{"copy", "sqlite"}) {
		t.Errorf("after prune: %v", got)
	}
	if _, err := db.DeleteSource(ctx, "beta"); err != nil {
		t.Fatal(err)
	}
	if got := searchKeys(t, db, ids, "gophers", SearchOptions{}); !slices.Equal(got, []string{"sqlite"}) {
		t.Errorf("after purge: %v", got)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM search_text").Scan(&n); err != nil || n != 2 {
		t.Errorf("search_text rows = %d, %v; want the 2 stored entries", n, err)
	}
}

// TestSearchBackfill indexes entries stored before the index existed, as
// the migration leaves them, on the first search.
func TestSearchBackfill(t *testing.T) { storetest.Each(t, testSearchBackfill) }

func testSearchBackfill(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	ids := searchCorpus(t, db)
	if _, err := db.sql.ExecContext(ctx, "DELETE FROM search_text"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMeta(ctx, searchBackfillKey, "0"); err != nil {
		t.Fatal(err)
	}
	if got := searchKeys(t, db, ids, "gophers", SearchOptions{}); !slices.Equal(got, []string{"gophers", "sqlite", "copy"}) {
		t.Errorf("after backfill: %v", got)
	}
	if v, err := db.Meta(ctx, searchBackfillKey); err != nil || v != "" {
		t.Errorf("backfill mark = %q, %v; want it gone", v, err)
	}
}

// TestSearchBeyondTheWindow covers a word more entries hold than a search
// ranks: the newest matches are still exactly the newest (a walk down the
// dates), ranking considers the most recently stored, and a rarer word in
// an old entry is still found.
func TestSearchBeyondTheWindow(t *testing.T) { storetest.Each(t, testSearchBeyondTheWindow) }

func testSearchBeyondTheWindow(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	n := rankWindow + 300
	recs := make([]Record, n)
	for i := range recs {
		key := fmt.Sprint(i)
		recs[i] = rec(key, "Common title "+key, "h"+key)
		// Dates out of storage order, as a backfilled archive has them.
		recs[i].Published = t0.Add(-time.Duration((i*7919)%n) * time.Minute)
		recs[i].Content = "<p>common words</p>"
	}
	recs[3].Content = "<p>common words and a needle</p>"
	if _, err := db.Ingest(ctx, feed.SourceState{Name: "s"}, recs, t0); err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(recs)
	slices.SortFunc(want, func(x, y Record) int {
		if c := y.Published.Compare(x.Published); c != 0 {
			return c
		}
		return cmp.Compare(y.ID, x.ID)
	})
	q, _ := ParseQuery("common")
	hits, err := db.Search(ctx, q, SearchOptions{Newest: true, Limit: 30})
	if err != nil || len(hits) != 30 {
		t.Fatalf("newest: %d hits, %v", len(hits), err)
	}
	for i, h := range hits {
		if h.ID != want[i].ID {
			t.Fatalf("newest hit %d = entry %d, want %d", i, h.ID, want[i].ID)
		}
	}
	hits, err = db.Search(ctx, q, SearchOptions{Limit: 30})
	if err != nil || len(hits) != 30 {
		t.Fatalf("ranked: %d hits, %v", len(hits), err)
	}
	for _, h := range hits {
		if h.ID <= recs[n-rankWindow-1].ID {
			t.Errorf("ranked hit %d is older than the window", h.ID)
		}
	}
	q, _ = ParseQuery(`"common words"`)
	hits, err = db.Search(ctx, q, SearchOptions{Limit: 3})
	if err != nil || len(hits) != 3 {
		t.Fatalf("a phrase in more entries than the window: %+v, %v", hits, err)
	}
	// FTS5 lists such a phrase most recently stored first (see
	// fts5Search.rankedSQL); PostgreSQL ranks it, within the window.
	if engine == dburl.SQLite && (hits[0].ID != recs[n-1].ID || hits[2].ID != recs[n-3].ID) {
		t.Errorf("a phrase in more entries than the window: %+v; want the most recently stored first", hits)
	}
	for _, h := range hits {
		if h.ID <= recs[n-rankWindow-1].ID {
			t.Errorf("phrase hit %d is older than the window", h.ID)
		}
	}
	q, _ = ParseQuery("common needle")
	if hits, err := db.Search(ctx, q, SearchOptions{}); err != nil || len(hits) != 1 || hits[0].ID != recs[3].ID {
		t.Errorf("needle: %+v, %v", hits, err)
	}
}

// TestSearchTablesMatch holds the search's shared table to one shape on
// both engines, and checks that every other search table is one
// searchIndexTable names, the engine's own index.
func TestSearchTablesMatch(t *testing.T) {
	ctx := context.Background()
	columns := func(db *DB) (shared []string, own []string) {
		q := `SELECT m.name, coalesce(c.name, '') FROM sqlite_master m LEFT JOIN pragma_table_info(m.name) c
			WHERE m.type = 'table' AND m.name LIKE 'search%' ORDER BY m.name, c.cid`
		if db.Engine() == dburl.Postgres {
			q = `SELECT table_name, column_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name LIKE 'search%' ORDER BY table_name, ordinal_position`
		}
		rows, err := db.sql.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var table, col string
			if err := rows.Scan(&table, &col); err != nil {
				t.Fatal(err)
			}
			if searchIndexTable(table) {
				own = append(own, table)
			} else {
				shared = append(shared, table+"."+col)
			}
		}
		return shared, own
	}
	lite, liteOwn := columns(openOn(t, dburl.SQLite))
	want := []string{"search_text.entry_id", "search_text.title", "search_text.body", "search_text.authors",
		"search_text.categories", "search_text.source"}
	if !slices.Equal(lite, want) || len(liteOwn) == 0 {
		t.Errorf("SQLite search tables: shared %v, own %v; want shared %v", lite, liteOwn, want)
	}
	pg, pgOwn := columns(openOn(t, dburl.Postgres))
	if !slices.Equal(pg, want) || len(pgOwn) == 0 {
		t.Errorf("PostgreSQL search tables: shared %v, own %v; want shared %v", pg, pgOwn, want)
	}
}

// TestSearchAfterCopy copies a database to the other engine: the engine's
// own index is not copied but rebuilt from search_text, so the copy finds
// what the original does.
func TestSearchAfterCopy(t *testing.T) {
	ctx := context.Background()
	src := openOn(t, dburl.SQLite)
	ids := searchCorpus(t, src)
	dsn := storetest.DSN(t, dburl.Postgres)
	if _, err := src.CopyTo(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	dst, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	for _, query := range []string{"gophers", `"full-text search" -garden`, "walk*"} {
		want := searchKeys(t, src, ids, query, SearchOptions{})
		if got := searchKeys(t, dst, ids, query, SearchOptions{}); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("search %q on the copy = %v, on the original %v", query, got, want)
		}
	}
}

// Newest-first search has several ways to its page, chosen by how many
// matches there are and how densely they fill the ids (matchWindow): each
// gives exactly the reference, every match sorted by date, whatever the
// window says, for words, phrases, prefixes and exclusions, page by page.
func TestSearchNewestWaysAgree(t *testing.T) { storetest.Each(t, testSearchNewestWaysAgree) }

func testSearchNewestWaysAgree(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	const n = 120
	recs := make([]Record, n)
	words := []string{"alpha", "beta", "gamma", "delta"}
	for i := range recs {
		key := fmt.Sprint(i)
		recs[i] = rec(key, "Entry "+key, "h"+key)
		// Dates out of storage order, with ties, as archives have them.
		recs[i].Published = t0.Add(-time.Duration((i*37)%50) * time.Hour)
		text := words[i%len(words)] + " " + words[(i/3)%len(words)]
		if i%5 == 0 {
			text += " rare"
		}
		recs[i].Content = "<p>" + text + " common</p>"
	}
	if _, err := db.Ingest(ctx, feed.SourceState{Name: "s"}, recs, t0); err != nil {
		t.Fatal(err)
	}
	published := map[int64]time.Time{}
	for _, r := range recs {
		published[r.ID] = r.Published
	}
	ways := []matchWindow{
		{},                       // few: every match listed
		{many: true},             // many and sparse
		{many: true, density: 1}, // many and dense: a walk down the dates
		{from: 1, many: true, density: 0.5},
	}
	eng := db.searchEngine()
	for _, query := range []string{"common", "alpha", "rare", `"alpha beta"`, "del*", "alpha OR rare -beta", "nothing"} {
		q, err := ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		// The reference: every match, by date then id, newest first.
		all, err := db.searchRows(ctx, `SELECT id, cluster, 0.0 FROM entries`, nil)
		if err != nil {
			t.Fatal(err)
		}
		matches := map[int64]bool{}
		for _, page := range []int{0, 1} {
			sql, args := eng.rankedSQL(q, matchWindow{}, 1000, page*1000)
			got, err := db.searchRows(ctx, sql, args)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range got {
				matches[h.ID] = true
			}
		}
		var want []int64
		slices.SortFunc(all, func(x, y Hit) int {
			if c := published[y.ID].Compare(published[x.ID]); c != 0 {
				return c
			}
			return cmp.Compare(y.ID, x.ID)
		})
		for _, h := range all {
			if matches[h.ID] {
				want = append(want, h.ID)
			}
		}
		if len(want) == 0 && query != "nothing" {
			t.Fatalf("%q matches nothing", query)
		}
		for _, w := range ways {
			var got []int64
			for offset := 0; ; offset += 7 {
				sql, args := eng.newestSQL(q, w, 7, offset)
				page, err := db.searchRows(ctx, sql, args)
				if err != nil {
					t.Fatalf("%q, window %+v: %v", query, w, err)
				}
				for _, h := range page {
					got = append(got, h.ID)
				}
				if len(page) < 7 {
					break
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q, window %+v: newest %v, want %v", query, w, got, want)
			}
		}
	}
}

// TestSearchIndexMergedAfterLargePrunes merges SQLite's search index once
// the entries pruned since its last merge outnumber those left, and not
// before: a prune of a few entries leaves their count waiting.
func TestSearchIndexMergedAfterLargePrunes(t *testing.T) {
	ctx := context.Background()
	db := openOn(t, dburl.SQLite)
	var recs []Record
	for i := range 10 {
		r := rec(fmt.Sprintf("k%d", i), fmt.Sprintf("Post %d", i), fmt.Sprintf("h%d", i))
		r.Content = fmt.Sprintf("<p>Harbour notes, day %d.</p>", i)
		recs = append(recs, r)
	}
	res, err := db.Ingest(ctx, feed.SourceState{Name: "s"}, recs, t0)
	if err != nil {
		t.Fatal(err)
	}
	ids := res.Changed
	deleted := func() string { return metaOf(t, db, searchDeletedKey) }
	if _, err := db.Prune(ctx, ids[:2], 2, t0); err != nil {
		t.Fatal(err)
	}
	if got := deleted(); got != "2" {
		t.Errorf("after pruning 2 of 10: count %q, want 2 (no merge yet)", got)
	}
	if _, err := db.Prune(ctx, ids[2:6], 4, t0); err != nil {
		t.Fatal(err)
	}
	if got := deleted(); got != "" {
		t.Errorf("after pruning 6 of 10: count %q, want it reset by a merge", got)
	}
	q, _ := ParseQuery("harbour")
	hits, err := db.Search(ctx, q, SearchOptions{Limit: 100})
	if err != nil || len(hits) != 4 {
		t.Errorf("search after the merge: %d hits, %v; want the 4 entries left", len(hits), err)
	}
}
