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
	"testing"
	"time"
)

func TestLease(t *testing.T) { storetest.Each(t, testLease) }

func testLease(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	one, err := db.Acquire(ctx, "leader", "one", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Acquire(ctx, "leader", "two", time.Hour); !errors.Is(err, ErrLeaseHeld) {
		t.Errorf("second holder: got %v, want ErrLeaseHeld", err)
	}
	// A lease renewed to lapse at once is free for the taking.
	if err := one.Renew(ctx, -time.Second); err != nil {
		t.Fatal(err)
	}
	two, err := db.Acquire(ctx, "leader", "two", time.Hour)
	if err != nil {
		t.Fatalf("lapsed lease not taken over: %v", err)
	}
	if two.Token() <= one.Token() {
		t.Errorf("token after take-over = %d, want more than %d", two.Token(), one.Token())
	}
	if err := one.Renew(ctx, time.Hour); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("renew after take-over: got %v, want ErrLeaseLost", err)
	}
	if _, err := db.Fenced(one).SaveOutputs(ctx, []Output{{Name: "a", Body: []byte("stale")}}, t0, nil); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("write under a lost lease: got %v, want ErrLeaseLost", err)
	}
	if err := db.Fenced(one).SetMeta(ctx, "publish_stamp", "stale"); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("meta write under a lost lease: got %v, want ErrLeaseLost", err)
	}
	if err := db.Fenced(two).SetMeta(ctx, "publish_stamp", "fresh"); err != nil {
		t.Errorf("meta write under the lease: %v", err)
	}
	if _, err := db.Fenced(two).SaveOutputs(ctx, []Output{{Name: "a", Body: []byte("fresh")}}, t0, nil); err != nil {
		t.Errorf("write under the lease: %v", err)
	}
	if err := db.Fenced(one).MarkOutputsOnDisk(ctx, map[string]string{"publish_stamp": "stale"}); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("outputs recorded under a lost lease: got %v, want ErrLeaseLost", err)
	}
	if stamp, _ := db.Meta(ctx, "publish_stamp"); stamp != "fresh" {
		t.Errorf("stamp after writes under a lost lease = %q, want fresh", stamp)
	}
	if err := two.Release(ctx); err != nil {
		t.Fatal(err)
	}
	three, err := db.Acquire(ctx, "leader", "three", time.Hour)
	if err != nil {
		t.Fatalf("released lease not taken: %v", err)
	}
	if three.Token() <= two.Token() {
		t.Errorf("token after release = %d, want more than %d", three.Token(), two.Token())
	}
	st, err := db.Lease(ctx, "leader")
	if err != nil || st.Holder != "three" || st.Token != three.Token() || !st.Live {
		t.Errorf("lease state = %+v, %v", st, err)
	}
}

func TestLeaseOfADeadProcessIsTakenOver(t *testing.T) {
	storetest.Each(t, testLeaseOfADeadProcessIsTakenOver)
}

func testLeaseOfADeadProcessIsTakenOver(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	host, _ := os.Hostname()
	// A process that has exited: its pid is free (until reused).
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run a child process:", err)
	}
	dead := fmt.Sprintf("%s:%d", host, cmd.Process.Pid)
	tests := []struct {
		name, holder string
		takeOver     bool
	}{
		// Only on SQLite: a PostgreSQL server's clients may be on
		// other machines, whatever their names say.
		{"dead process on this host", dead, engine == dburl.SQLite},
		{"live process on this host", fmt.Sprintf("%s:%d", host, os.Getppid()), false},
		{"process on another host", fmt.Sprintf("elsewhere-%s:%d", host, cmd.Process.Pid), false},
		{"holder in another form", "some-daemon", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openOn(t, engine)
			if _, err := db.Acquire(ctx, "leader", tt.holder, time.Hour); err != nil {
				t.Fatal(err)
			}
			_, err := db.Acquire(ctx, "leader", "me:1", time.Hour)
			if got := err == nil; got != tt.takeOver {
				t.Errorf("taken over = %v (err %v), want %v", got, err, tt.takeOver)
			}
		})
	}
}

func TestOutputs(t *testing.T) { storetest.Each(t, testOutputs) }

// testOutputs stores outputs in the database, as a publish on PostgreSQL
// does; the method works on either engine. The version it keeps is its
// own key's, which OutputsVersion reads where the outputs are not kept on
// disk.
func testOutputs(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	version := func() string { return metaOf(t, db, outputsVersionKey) }
	if v := version(); v != "" {
		t.Fatalf("version before any publish = %q", v)
	}
	if got, err := db.OutputsVersion(ctx); !db.OutputsOnDisk() && (err != nil || got != "") {
		t.Fatalf("OutputsVersion before any publish = %q, %v", got, err)
	}
	first := []Output{{Name: "atom.xml", Body: []byte("<feed/>"), ETag: `"a"`, ContentType: "application/atom+xml"},
		{Name: "archive/1.xml", Body: []byte("<feed>1</feed>"), ETag: `"b"`, ContentType: "application/atom+xml"}}
	changed, err := db.SaveOutputs(ctx, first, t0, map[string]string{"publish_stamp": "s1"})
	if err != nil || len(changed) != 2 {
		t.Fatalf("first save: %v, %v", changed, err)
	}
	v1 := version()
	if got, _ := db.OutputsVersion(ctx); !db.OutputsOnDisk() && got != v1 {
		t.Errorf("OutputsVersion = %q, want the stored outputs' %q", got, v1)
	}
	second := []Output{{Name: "atom.xml", Body: []byte("<feed/>"), ETag: `"a"`, ContentType: "application/atom+xml"}}
	changed, err = db.SaveOutputs(ctx, second, t0.Add(time.Hour), map[string]string{"publish_stamp": "s2"})
	if err != nil || len(changed) != 1 || changed[0] != "archive/1.xml" {
		t.Fatalf("second save changed %v, %v; want the dropped archive page", changed, err)
	}
	v2 := version()
	if v1 == v2 {
		t.Errorf("version stayed %q though an output was deleted", v1)
	}
	got, err := db.Outputs(ctx)
	if err != nil || len(got) != 1 {
		t.Fatalf("outputs = %+v, %v", got, err)
	}
	if !got[0].LastModified.Equal(t0) {
		t.Errorf("unchanged output's Last-Modified = %v, want %v (kept from the first publish)", got[0].LastModified, t0)
	}
	if stamp, _ := db.Meta(ctx, "publish_stamp"); stamp != "s2" {
		t.Errorf("stamp = %q, want s2", stamp)
	}
	if _, err := db.SaveOutputs(ctx, second, t0.Add(2*time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	if v3 := version(); v3 != v2 {
		t.Errorf("version moved from %q to %q though nothing changed", v2, v3)
	}
}

// TestOutputsOnDisk: on SQLite a publish records only that its outputs,
// kept in the output directory, changed. Outputs that a copy from
// PostgreSQL brought along go with their version, so that nothing serves
// them once the directory has newer ones.
func TestOutputsOnDisk(t *testing.T) {
	ctx := context.Background()
	db := openOn(t, dburl.SQLite)
	if !db.OutputsOnDisk() {
		t.Fatal("SQLite keeps its outputs in the database")
	}
	if _, err := db.SaveOutputs(ctx, []Output{{Name: "atom.xml", Body: []byte("<feed/>"), ETag: `"a"`}}, t0, nil); err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, stamp := range []string{"s1", "s2"} {
		if err := db.MarkOutputsOnDisk(ctx, map[string]string{"publish_stamp": stamp}); err != nil {
			t.Fatal(err)
		}
		v, err := db.OutputsVersion(ctx)
		if err != nil || v == "" || slices.Contains(seen, v) {
			t.Errorf("version after publish %s = %q (%v); want a new one, not %q", stamp, v, err, seen)
		}
		seen = append(seen, v)
		if got, _ := db.Meta(ctx, "publish_stamp"); got != stamp {
			t.Errorf("stamp = %q, want %s", got, stamp)
		}
	}
	if outs, err := db.Outputs(ctx); err != nil || len(outs) != 0 {
		t.Errorf("stored outputs after a publish on disk: %d, %v; want none", len(outs), err)
	}
	if v, _ := db.Meta(ctx, outputsVersionKey); v != "" {
		t.Errorf("the stored outputs' version stayed (%q)", v)
	}
}
