package store

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store/storetest"
)

// TestExpiredPosts checks the database's ranking against the rules
// worked out entry by entry (expectExpired) on an archive with shared
// dates, equal update times, unknown and pre-1970 dates, and posts spread
// over several sources.
func TestExpiredPosts(t *testing.T) { storetest.Each(t, testExpiredPosts) }

func testExpiredPosts(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	rng := rand.New(rand.NewPCG(7, 17))
	sources := []string{"a", "b", "c", "d"}
	var ids []int64
	for si, name := range sources {
		var batch []Record
		for i := range 10 + 8*si {
			r := rec(fmt.Sprint(name, i), fmt.Sprint("Post ", name, i), fmt.Sprint("h", name, i))
			switch rng.IntN(10) {
			case 0, 1:
				r.Published = time.Date(1965, 1, 1+rng.IntN(3), 0, 0, 0, 0, time.UTC) // before 1970
			default:
				r.Published = t0.Add(-time.Duration(rng.IntN(40)) * 24 * time.Hour) // shared days
			}
			r.Updated = r.Published
			if rng.IntN(4) == 0 {
				r.Updated = t0.Add(time.Duration(1+rng.IntN(3)) * time.Hour) // updated since, with ties
			}
			batch = append(batch, r)
		}
		res, err := db.Ingest(ctx, feed.SourceState{Name: name}, batch, t0)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Changed...)
	}
	// A source whose oldest entry (by the stored numbers) is the one
	// published before 1970, and whose unknown date ranks below it.
	z := []Record{rec("z1", "Z1", "hz1"), rec("z2", "Z2", "hz2"), rec("z3", "Z3", "hz3")}
	z[1].Published = time.Date(1965, 1, 1, 0, 0, 0, 0, time.UTC)
	res, err := db.Ingest(ctx, feed.SourceState{Name: "z"}, z, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, "UPDATE entries SET published = 0 WHERE id = ?", res.Changed[2]); err != nil {
		t.Fatal(err)
	}
	for range 25 {
		a, b := ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]
		if err := db.Merge(ctx, a, b, "test", 1, 1, t0); err != nil {
			t.Fatal(err)
		}
	}
	// Ingest stores an unknown date as the first-seen one; older rows
	// may hold 0 for unknown.
	for i := range 16 {
		col := []string{"published", "published", "published", "updated"}[i%4]
		if _, err := db.sql.ExecContext(ctx, "UPDATE entries SET "+col+" = 0 WHERE id = ?", ids[rng.IntN(len(ids))]); err != nil {
			t.Fatal(err)
		}
	}
	members, err := db.Members(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		rule ExpiryRule
		none bool // no entry expires
	}{
		{"nothing to apply", ExpiryRule{}, true},
		{"cap", ExpiryRule{MaxPerSource: 5}, false},
		{"cap of one", ExpiryRule{MaxPerSource: 1}, false},
		{"cap above every source", ExpiryRule{MaxPerSource: 100}, true},
		{"age", ExpiryRule{Before: t0.Add(-20 * 24 * time.Hour)}, false},
		{"age between seconds", ExpiryRule{Before: t0.Add(-20*24*time.Hour + 500*time.Millisecond)}, false},
		{"age and cap", ExpiryRule{MaxPerSource: 8, Before: t0.Add(-30 * 24 * time.Hour)}, false},
		{"cap on some sources", ExpiryRule{MaxPerSource: 3, Sources: []string{"b", "d"}}, false},
		{"unknown dates rank last", ExpiryRule{MaxPerSource: 2, Sources: []string{"z"}}, false},
		{"cap on no source", ExpiryRule{MaxPerSource: 3, Sources: []string{}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.ExpiredPosts(ctx, tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []int64
			for _, e := range got {
				gotIDs = append(gotIDs, e.ID)
			}
			want := expectExpired(members, tt.rule)
			if (len(want) == 0) != tt.none {
				t.Fatalf("the archive does not exercise the rule: %d entries expire", len(want))
			}
			if !slices.Equal(gotIDs, want) {
				t.Errorf("expired entries:\n got %v\nwant %v", gotIDs, want)
			}
		})
	}
}

// expectExpired applies the rule to every entry in turn: each source's
// entries ranked newest first (the zero time last, then the higher id
// first), its most recently updated entry spared, and a post's entries
// kept unless all of them expire.
func expectExpired(members []Member, rule ExpiryRule) []int64 {
	bySource := map[string][]Member{}
	for _, m := range members {
		if rule.Sources == nil || slices.Contains(rule.Sources, m.Source) {
			bySource[m.Source] = append(bySource[m.Source], m)
		}
	}
	expired := map[int64]bool{}
	for _, ms := range bySource {
		slices.SortFunc(ms, func(x, y Member) int {
			if c := y.Published.Compare(x.Published); c != 0 {
				return c
			}
			return cmp.Compare(y.ID, x.ID)
		})
		latest := ms[0]
		for _, m := range ms[1:] {
			if m.Updated.After(latest.Updated) {
				latest = m
			}
		}
		for i, m := range ms {
			if m.ID != latest.ID && (rule.MaxPerSource > 0 && i >= rule.MaxPerSource ||
				!rule.Before.IsZero() && m.Published.Before(rule.Before)) {
				expired[m.ID] = true
			}
		}
	}
	kept := map[int64]bool{}
	for _, m := range members {
		if !expired[m.ID] {
			kept[m.Cluster] = true
		}
	}
	var out []int64
	for _, m := range members {
		if expired[m.ID] && !kept[m.Cluster] {
			out = append(out, m.ID)
		}
	}
	slices.Sort(out)
	return out
}
