package store

import (
	"context"
	"slices"
	"testing"
	"time"

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

// The published post changes when its page's article is stored or
// dropped, so its updated moves forward to when that was decided (readers
// re-read an entry only when its updated changes); nothing else about the
// entry's identity moves, and an outcome that changes nothing published
// leaves updated alone.
func TestSavePagesMovesUpdated(t *testing.T) { storetest.Each(t, testSavePagesMovesUpdated) }

func testSavePagesMovesUpdated(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	excerpt := rec("1", "Post", "h1")
	excerpt.Excerpt, excerpt.Content = true, "<p>The start...</p>"
	ahead := rec("2", "Ahead", "h2")
	ahead.Excerpt, ahead.Content, ahead.Updated = true, "<p>Also the start...</p>", t0.Add(48*time.Hour)
	if _, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, []Record{excerpt, ahead}, t0); err != nil {
		t.Fatal(err)
	}
	stored, err := db.Entries(ctx, pageIDs(t, db, "a"))
	if err != nil || len(stored) != 2 {
		t.Fatalf("entries = %+v, %v", stored, err)
	}
	first, second := stored[0], stored[1]
	if first.Key != "1" {
		first, second = second, first
	}
	article := "<p>The start, and the rest.</p>"
	steps := []struct {
		name   string
		result PageResult
		want   time.Time // the entry's updated after the step
	}{
		{"retry", PageResult{ID: first.ID, Hash: "h1", Outcome: PageRetry, Reason: "timed out", Checked: t0.Add(time.Hour)}, first.Updated},
		{"article", PageResult{ID: first.ID, Hash: "h1", Outcome: PageArticle, Content: article, Checked: t0.Add(2 * time.Hour)}, t0.Add(2 * time.Hour)},
		{"same article", PageResult{ID: first.ID, Hash: "h1", Outcome: PageArticle, Content: article, Checked: t0.Add(3 * time.Hour)}, t0.Add(2 * time.Hour)},
		{"not modified", PageResult{ID: first.ID, Hash: "h1", Outcome: PageUnchanged, Checked: t0.Add(4 * time.Hour)}, t0.Add(2 * time.Hour)},
		{"changed article", PageResult{ID: first.ID, Hash: "h1", Outcome: PageArticle, Content: "<p>The start, and more.</p>", Checked: t0.Add(5 * time.Hour)}, t0.Add(5 * time.Hour)},
		{"article dropped", PageResult{ID: first.ID, Hash: "h1", Outcome: PageRejected, Reason: "paywall", Checked: t0.Add(6 * time.Hour)}, t0.Add(6 * time.Hour)},
		{"rejected again", PageResult{ID: first.ID, Hash: "h1", Outcome: PageRejected, Reason: "paywall", Checked: t0.Add(7 * time.Hour)}, t0.Add(6 * time.Hour)},
		// The feed's own updated, later than the read, stays.
		{"feed ahead", PageResult{ID: second.ID, Hash: "h2", Outcome: PageArticle, Content: article, Checked: t0.Add(8 * time.Hour)}, t0.Add(48 * time.Hour)},
	}
	for _, s := range steps {
		if _, err := db.SavePages(ctx, []PageResult{s.result}); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		recs, err := db.Entries(ctx, []int64{s.result.ID})
		if err != nil || len(recs) != 1 {
			t.Fatalf("%s: entries %+v, %v", s.name, recs, err)
		}
		was := first
		if s.result.ID == second.ID {
			was = second
		}
		got := recs[0]
		if !got.Updated.Equal(s.want) {
			t.Errorf("%s: updated %v, want %v", s.name, got.Updated, s.want)
		}
		if got.PublicID != was.PublicID || !got.Published.Equal(was.Published) || got.Cluster != was.Cluster {
			t.Errorf("%s: public id %q, published %v, cluster %d; want %q, %v, %d unchanged", s.name,
				got.PublicID, got.Published, got.Cluster, was.PublicID, was.Published, was.Cluster)
		}
	}
}
