package store

import (
	"context"
	"errors"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store/storetest"
)

// FuzzParseQuery holds the query translator to its promise: whatever a
// user types gives either a *QueryError or a query the index runs without
// an error, in both orders, and whose normalised form parses again to the
// same search.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"go sqlite", `"full text" -java`, "a OR b*", "NOT x y", `-"`, `"*`, "OR",
		`NEAR(a b) {title}: ^x`, "c++ \x00 é", `a""b"*`, "- -- ---a", "AND OR NOT"} {
		f.Add(s)
	}
	ctx := context.Background()
	// Both engines when a PostgreSQL server is there to test on: each has
	// its own translation.
	dbs := []*DB{mustOpen(f)}
	if os.Getenv(storetest.PostgresEnv) != "" {
		dbs = append(dbs, openOn(f, dburl.Postgres))
	}
	for _, db := range dbs {
		r := rec("1", "A title about go", "h1")
		r.Content = "<p>Some text about sqlite and full text search, with NEAR and OR.</p>"
		if _, err := db.Ingest(ctx, feed.SourceState{Name: "s"}, []Record{r}, t0); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) || !errors.Is(err, ErrBadQuery) {
				t.Fatalf("ParseQuery(%q) = %v, want a *QueryError", s, err)
			}
			return
		}
		for _, db := range dbs {
			for _, newest := range []bool{false, true} {
				if _, err := db.Search(ctx, q, SearchOptions{Limit: 3, Newest: newest}); err != nil {
					t.Fatalf("%s: Search(%q → %s): %v", db.Engine(), s, q.fts5(), err)
				}
			}
		}
		if utf8.RuneCountInString(q.String()) > maxQueryChars {
			// Quoting every term can take a query near the limit past it.
			return
		}
		again, err := ParseQuery(q.String())
		if err != nil {
			t.Fatalf("ParseQuery(%q) parsed, its String %q does not: %v", s, q.String(), err)
		}
		if again.String() != q.String() {
			t.Fatalf("String of %q is not stable: %q, then %q", s, q.String(), again.String())
		}
	})
}
