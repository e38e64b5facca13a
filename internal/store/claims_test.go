package store

import (
	"context"
	"errors"
	"fmt"
	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/store/storetest"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

// claimQuery is a query for everything due by t0 in a run that started now.
func claimQuery(t *testing.T, db *DB, holder string, limit int) ClaimQuery {
	t.Helper()
	since, err := db.RunStart(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ClaimQuery{Holder: holder, Limit: limit, TTL: time.Minute, DueBy: t0, Since: since}
}

func names(cs []Claim) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Source)
	}
	return out
}

func TestClaimDue(t *testing.T) { storetest.Each(t, testClaimDue) }

func testClaimDue(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	if err := db.RegisterSources(ctx, []string{"a", "b", "c", "d"}); err != nil {
		t.Fatal(err)
	}
	// Registering again (another worker starting) changes nothing.
	if err := db.RegisterSources(ctx, []string{"d", "c", "e"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSourceState(ctx, feed.SourceState{Name: "d", URL: "u", NextDue: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	q1 := claimQuery(t, db, "w1", 2)
	q1.Skip = []string{"e"}
	got, err := db.ClaimDue(ctx, q1)
	if err != nil || !slices.Equal(names(got), []string{"a", "b"}) {
		t.Fatalf("w1 claimed %v, %v; want a and b", names(got), err)
	}
	q2 := q1 // a worker that started with w1
	q2.Holder, q2.Limit = "w2", 5
	q2.Skip = []string{"e"}
	got2, err := db.ClaimDue(ctx, q2)
	if err != nil || !slices.Equal(names(got2), []string{"c"}) {
		t.Fatalf("w2 claimed %v, %v; want only c (a, b held, d not due, e skipped)", names(got2), err)
	}
	holders, _, err := db.ClaimedElsewhere(ctx, q2)
	if err != nil || !slices.Equal(holders, []string{"w1"}) {
		t.Errorf("claimed elsewhere = %v, %v; want w1", holders, err)
	}
	// w1 finishes a: its claim is released with the state.
	lost, err := db.SaveClaimedStates(ctx, []ClaimedState{{Claim: got[0], State: feed.SourceState{Name: "a", URL: "u"}}})
	if err != nil || len(lost) != 0 {
		t.Fatalf("save a: lost %v, %v", lost, err)
	}
	// a is still due by next_due (the state above kept it so), but it was
	// handled in this run: nobody claims it again.
	if again, err := db.ClaimDue(ctx, q2); err != nil || len(again) != 0 {
		t.Errorf("after a was saved, w2 claimed %v, %v; want nothing", names(again), err)
	}
	// A later run claims it again, and the epoch has grown.
	q3 := claimQuery(t, db, "w3", 1)
	q3.Only = []string{"a"}
	later, err := db.ClaimDue(ctx, q3)
	if err != nil || len(later) != 1 || later[0].Epoch <= got[0].Epoch {
		t.Errorf("later run claimed %+v, %v; want a with an epoch above %d", later, err, got[0].Epoch)
	}
	all := claimQuery(t, db, "w4", 10)
	all.All, all.Only = true, []string{"d"}
	if forced, err := db.ClaimDue(ctx, all); err != nil || !slices.Equal(names(forced), []string{"d"}) {
		t.Errorf("--all claimed %v, %v; want d although it is not due", names(forced), err)
	}
}

// TestClaimFence: a worker that stalled past its claim cannot write over
// its successor, whose write stands.
func TestClaimFence(t *testing.T) { storetest.Each(t, testClaimFence) }

func testClaimFence(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	if err := db.RegisterSources(ctx, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	q := claimQuery(t, db, "stalled", 1)
	q.TTL = -time.Second // lapses at once, as if the worker stalled
	stale, err := db.ClaimDue(ctx, q)
	if err != nil || len(stale) != 1 {
		t.Fatalf("claim: %v, %v", stale, err)
	}
	fresh, err := db.ClaimDue(ctx, claimQuery(t, db, "successor", 1))
	if err != nil || len(fresh) != 1 || fresh[0].Epoch != stale[0].Epoch+1 {
		t.Fatalf("the lapsed claim was not taken over: %+v, %v", fresh, err)
	}
	st := feed.SourceState{Name: "a", URL: "u"}
	if _, err := db.Fenced(fresh[0]).Ingest(ctx, st, []Record{rec("k1", "Successor's", "h1")}, t0); err != nil {
		t.Fatalf("successor's ingest: %v", err)
	}
	_, err = db.Fenced(stale[0]).Ingest(ctx, st, []Record{rec("k1", "Stalled", "h2")}, t0)
	if !errors.Is(err, ErrClaimLost) {
		t.Fatalf("stalled worker's ingest: got %v, want ErrClaimLost", err)
	}
	lost, err := db.SaveClaimedStates(ctx, []ClaimedState{{Claim: stale[0], State: feed.SourceState{Name: "a", URL: "stale"}}})
	if err != nil || !slices.Equal(lost, []string{"a"}) {
		t.Errorf("stalled worker's state: lost %v, %v; want a", lost, err)
	}
	var n int
	var title string
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*), max(title) FROM entries WHERE source = 'a'").Scan(&n, &title); err != nil || n != 1 || title != "Successor's" {
		t.Errorf("stored %d entries, titled %q (%v); want the successor's entry alone", n, title, err)
	}
	if got, _ := db.SourceState(ctx, "a"); got.URL != "u" {
		t.Errorf("state URL = %q, want the successor's", got.URL)
	}
}

// TestClaimsOfADeadWorker: claims of a worker that died are fetched by
// another once they lapse, and at once when it was a process on this
// machine.
func TestClaimsOfADeadWorker(t *testing.T) { storetest.Each(t, testClaimsOfADeadWorker) }

func testClaimsOfADeadWorker(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	host, _ := os.Hostname()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run a child process:", err)
	}
	dead := fmt.Sprintf("%s:%d", host, cmd.Process.Pid)
	db := openOn(t, engine)
	if err := db.RegisterSources(ctx, []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.ClaimDue(ctx, claimQuery(t, db, dead, 2)); err != nil || len(got) != 2 {
		t.Fatalf("dead worker's claims: %v, %v", got, err)
	}
	q := claimQuery(t, db, "survivor", 2)
	if got, err := db.ClaimDue(ctx, q); err != nil || len(got) != 0 {
		t.Fatalf("live claims were taken: %v, %v", names(got), err)
	}
	if ok, err := db.ReleaseAbandonedClaims(ctx, "elsewhere:1"); err != nil || ok {
		t.Errorf("released the claims of a holder that holds none: %v, %v", ok, err)
	}
	if ok, err := db.ReleaseAbandonedClaims(ctx, dead); err != nil || ok != (engine == dburl.SQLite) {
		t.Fatalf("dead holder's claims released: %v, %v; want it only on SQLite", ok, err)
	}
	if engine != dburl.SQLite {
		// On PostgreSQL they lapse: here at once.
		if _, err := db.sql.ExecContext(ctx, "UPDATE sources SET claim_expires = 0"); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := db.ClaimDue(ctx, q); err != nil || !slices.Equal(names(got), []string{"a", "b"}) {
		t.Errorf("survivor claimed %v, %v; want a and b", names(got), err)
	}
	claims, err := db.SourceClaims(ctx)
	if err != nil || claims["a"].Holder != "survivor" || claims["a"].Expired {
		t.Errorf("claims = %+v, %v", claims, err)
	}
	if err := db.ReleaseClaims(ctx, "survivor"); err != nil {
		t.Fatal(err)
	}
	if got, err := db.ClaimDue(ctx, claimQuery(t, db, "next", 2)); err != nil || len(got) != 2 {
		t.Errorf("released sources not claimable: %v, %v", names(got), err)
	}
}

// TestClaimsRace: workers claiming at once never share a source, and
// between them claim every one.
func TestClaimsRace(t *testing.T) { storetest.Each(t, testClaimsRace) }

func testClaimsRace(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	var all []string
	for i := range 300 {
		all = append(all, fmt.Sprintf("s%03d", i))
	}
	if err := db.RegisterSources(ctx, all); err != nil {
		t.Fatal(err)
	}
	since, err := db.RunStart(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	owner := map[string]string{}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			holder := fmt.Sprintf("w%d", w)
			for {
				got, err := db.ClaimDue(ctx, ClaimQuery{Holder: holder, Limit: 7, TTL: time.Minute, DueBy: t0, Since: since})
				if err != nil {
					errs <- err
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, c := range got {
					if prev, dup := owner[c.Source]; dup {
						errs <- fmt.Errorf("%s claimed by %s and %s", c.Source, prev, holder)
					}
					owner[c.Source] = holder
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(owner) != len(all) {
		t.Errorf("%d of %d sources claimed", len(owner), len(all))
	}
}
