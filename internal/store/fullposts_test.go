package store

import (
	"context"
	"slices"
	"testing"

	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store/storetest"
)

// pageIDs lists the ids PagesDue returns.
func pageIDs(t *testing.T, db *DB, sources ...string) []int64 {
	t.Helper()
	due, err := db.PagesDue(context.Background(), sources, 3, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, d := range due {
		ids = append(ids, d.ID)
	}
	return ids
}

// Pages are due for excerpts only, of the named sources, once per revision;
// an outcome is stored beside the excerpt and published in its place; a
// retry is due again until its tries run out; a new revision is due again.
func TestPagesDueAndSaved(t *testing.T) { storetest.Each(t, testPagesDueAndSaved) }

func testPagesDueAndSaved(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	excerpt := func(key, hash string) Record {
		r := rec(key, "Post "+key, hash)
		r.Excerpt, r.Content = true, "<p>The start...</p>"
		return r
	}
	whole := rec("w", "Whole", "hw")
	whole.Content = "<p>All of it.</p>"
	if _, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, []Record{excerpt("1", "h1"), excerpt("2", "h2"), whole}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Ingest(ctx, feed.SourceState{Name: "b"}, []Record{excerpt("3", "h3")}, t0); err != nil {
		t.Fatal(err)
	}
	due, err := db.PagesDue(ctx, []string{"a"}, 3, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 2 || due[0].Source != "a" || due[0].HasFull {
		t.Fatalf("due = %+v, want the two excerpts of a", due)
	}
	id1, id2 := due[0].ID, due[1].ID
	if due[0].ContentHash == "h2" {
		id1, id2 = id2, id1
	}

	changed, err := db.SavePages(ctx, []PageResult{
		{ID: id1, Hash: "h1", Outcome: PageArticle, Content: "<p>The start, and the rest.</p>", URL: "https://a.example/1",
			ETag: `"e1"`, Signature: []byte{1}, Bands: []int64{7}, Checked: t0},
		{ID: id2, Hash: "h2", Outcome: PageRetry, Reason: "timed out", Checked: t0},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []int64{id1}) {
		t.Errorf("changed = %v, want [%d]", changed, id1)
	}
	if got := pageIDs(t, db, "a", "b"); len(got) != 2 || slices.Contains(got, id1) {
		t.Errorf("due after one article and one retry = %v, want the retry and b's", got)
	}
	recs, err := db.Entries(ctx, []int64{id1, id2})
	if err != nil {
		t.Fatal(err)
	}
	if c, s := recs[0].Body(); c != "<p>The start, and the rest.</p>" || s != "<p>The start...</p>" || recs[0].FullURL != "https://a.example/1" {
		t.Errorf("Body() = %q, %q; url %q", c, s, recs[0].FullURL)
	}
	if c, _ := recs[1].Body(); c != "<p>The start...</p>" || recs[1].FullReason != "timed out" {
		t.Errorf("retry: Body() = %q, reason %q", c, recs[1].FullReason)
	}
	pending, err := db.Pending(ctx)
	if err != nil || !slices.Contains(pending, id1) {
		t.Errorf("pending = %v, %v; want the article's entry queued for de-duplication", pending, err)
	}
	if texts, err := db.PageTexts(ctx, id1); err != nil || texts.Content != "<p>The start...</p>" || texts.Article != "<p>The start, and the rest.</p>" {
		t.Errorf("PageTexts = %+v, %v", texts, err)
	}
	// The article is searchable: ingest indexed the excerpt only.
	q, err := ParseQuery("rest")
	if err != nil {
		t.Fatal(err)
	}
	if hits, err := db.Search(ctx, q, SearchOptions{}); err != nil || len(hits) != 1 || hits[0].ID != id1 {
		t.Errorf("search for a word of the article = %+v, %v; want entry %d", hits, err, id1)
	}
	if mark, _ := db.Meta(ctx, PagesChangedKey); mark != "1" {
		t.Errorf("%s = %q, want 1", PagesChangedKey, mark)
	}

	// Two more failed tries and the retry is given up on.
	for range 2 {
		if _, err := db.SavePages(ctx, []PageResult{{ID: id2, Hash: "h2", Outcome: PageRetry, Reason: "timed out"}}); err != nil {
			t.Fatal(err)
		}
	}
	if got := pageIDs(t, db, "a"); len(got) != 0 {
		t.Errorf("due after three tries = %v, want none", got)
	}

	// A new revision of the item is due again, with the stored validators,
	// and the stored article stays until its page says otherwise.
	again := excerpt("1", "h1b")
	if _, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, []Record{again, excerpt("2", "h2"), whole}, t0); err != nil {
		t.Fatal(err)
	}
	due, err = db.PagesDue(ctx, []string{"a"}, 3, 100)
	if err != nil || len(due) != 1 || due[0].ID != id1 || !due[0].HasFull || due[0].ETag != `"e1"` || due[0].Tries != 0 {
		t.Fatalf("due after a new revision = %+v, %v", due, err)
	}
	// A result for a revision that is no longer current is dropped.
	if changed, err := db.SavePages(ctx, []PageResult{{ID: id1, Hash: "h1", Outcome: PageRejected, Reason: "old"}}); err != nil || len(changed) != 0 {
		t.Errorf("stale result: changed %v, %v", changed, err)
	}
	if _, err := db.SavePages(ctx, []PageResult{{ID: id1, Hash: "h1b", Outcome: PageRejected, Reason: "paywall"}}); err != nil {
		t.Fatal(err)
	}
	recs, _ = db.Entries(ctx, []int64{id1})
	if recs[0].FullContent != "" || recs[0].FullReason != "paywall" {
		t.Errorf("rejected: article %q, reason %q", recs[0].FullContent, recs[0].FullReason)
	}
	// The feed now carries the whole post: the entry is no excerpt any more.
	full := rec("1", "Post 1", "h1c")
	full.Content = "<p>Everything.</p>"
	if _, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, []Record{full, excerpt("2", "h2"), whole}, t0); err != nil {
		t.Fatal(err)
	}
	recs, _ = db.Entries(ctx, []int64{id1})
	if recs[0].Excerpt || recs[0].FullReason != "" || pageIDs(t, db, "a") != nil {
		t.Errorf("whole again: excerpt %v, reason %q", recs[0].Excerpt, recs[0].FullReason)
	}
	states, err := db.PageStates(ctx, "", 10)
	if err != nil || len(states) != 2 {
		t.Errorf("page states = %+v, %v; want the two excerpts left", states, err)
	}
}
