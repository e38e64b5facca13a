package main

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/store/storetest"
)

// TestRunOnPostgresMatchesSQLite runs the same corpus into a SQLite file
// and into PostgreSQL (chosen by TRIBUTARY_DATABASE): every output must be
// byte-identical (but the status page's time of the run), and a second run on unchanged input must leave
// PostgreSQL's alone too.
func TestRunOnPostgresMatchesSQLite(t *testing.T) {
	pg := storetest.DSN(t, dburl.Postgres)
	s := newSite(t)
	outputs := map[dburl.Engine]map[string][]byte{}
	for _, engine := range storetest.Engines() {
		dir := t.TempDir()
		cfg := writeConfig(t, dir, s.srv.URL, "")
		if engine == dburl.Postgres {
			t.Setenv(databaseEnv, pg)
		}
		if _, stderr, err := runCLI(t, "-c", cfg, "run"); err != nil {
			t.Fatalf("%s: run: %v\n%s", engine, err, stderr)
		}
		outputs[engine] = readTree(t, filepath.Join(dir, "public"))
		if engine == dburl.Postgres {
			if _, stderr, err := runCLI(t, "-c", cfg, "run", "--all"); err != nil {
				t.Fatalf("%s: second run: %v\n%s", engine, err, stderr)
			}
			if again := readTree(t, filepath.Join(dir, "public")); !equalTrees(again, outputs[engine]) {
				t.Errorf("postgres: outputs changed on unchanged input")
			}
			if _, err := os.Stat(filepath.Join(dir, "data", "t.db")); err == nil {
				t.Errorf("postgres run created the SQLite file of the config")
			}
		}
	}
	lite, pgOut := outputs[dburl.SQLite], outputs[dburl.Postgres]
	if len(lite) == 0 || lite["atom.xml"] == nil {
		t.Fatalf("sqlite run published %d files, no atom.xml", len(lite))
	}
	for name, want := range lite {
		if name == "index.html" {
			// The status page shows when the run happened.
			continue
		}
		if got, ok := pgOut[name]; !ok || !bytes.Equal(got, want) {
			t.Errorf("%s differs between sqlite and postgres (present on postgres: %v)", name, ok)
		}
	}
	if len(pgOut) != len(lite) {
		t.Errorf("postgres published %d files, sqlite %d", len(pgOut), len(lite))
	}
}

// readTree reads every file under dir, keyed by relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalTrees(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// withPassword is dsn with a password in its user info: the test server
// trusts loopback, so any password connects, and none may be printed.
func withPassword(t *testing.T, dsn, pw string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), pw)
	return u.String()
}

func TestCheckProbeNamesTheDatabase(t *testing.T) {
	s := newSite(t)
	pg := withPassword(t, storetest.DSN(t, dburl.Postgres), "s3cret-pw")
	tests := []struct {
		name, database string
		code           int
		want           string
	}{
		{"postgres", pg, 0, "ok    postgres postgres://tributary:xxxxx@"},
		{"postgres server", pg, 0, "(PostgreSQL 1"},
		{"unreachable", "postgres://tributary:s3cret-pw@127.0.0.1:1/none?connect_timeout=2", exitFailure, "FAIL  postgres postgres://tributary:xxxxx@127.0.0.1:1/none"},
		{"sqlite not yet created", "", 0, "ok    sqlite "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := writeConfig(t, dir, s.srv.URL, "")
			if tt.database != "" {
				t.Setenv(databaseEnv, tt.database)
			}
			stdout, stderr, err := runCLI(t, "-c", cfg, "check", "--probe")
			if exitCode(err) != tt.code {
				t.Fatalf("exit code %d, want %d (%v)\n%s", exitCode(err), tt.code, err, stdout)
			}
			if !strings.Contains(stdout, tt.want) {
				t.Errorf("want %q in\n%s", tt.want, stdout)
			}
			if strings.Contains(stdout+stderr+errText(err), "s3cret") {
				t.Errorf("the password was printed:\n%s\n%s\n%v", stdout, stderr, err)
			}
		})
	}
}

// TestDBCopyThenRun copies a SQLite database to PostgreSQL and that copy
// back to a new SQLite file: a run on each copy publishes what a run on the
// original did, and a copy onto a database holding data is refused.
func TestDBCopyThenRun(t *testing.T) {
	pg := withPassword(t, storetest.DSN(t, dburl.Postgres), "s3cret-pw")
	s := newSite(t)
	runIn := func(database string) (map[string][]byte, string) {
		t.Helper()
		dir := t.TempDir()
		cfg := writeConfig(t, dir, s.srv.URL, "")
		if database != "" {
			t.Setenv(databaseEnv, database)
		}
		if _, stderr, err := runCLI(t, "-c", cfg, "run"); err != nil {
			t.Fatalf("run on %s: %v\n%s", database, err, stderr)
		}
		out := readTree(t, filepath.Join(dir, "public"))
		delete(out, "index.html") // shows the time of the run
		return out, cfg
	}
	want, cfg := runIn("")
	stdout, stderr, err := runCLI(t, "-c", cfg, "db", "copy", "--to", pg)
	if err != nil {
		t.Fatalf("db copy to postgres: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "entries") || strings.Contains(stdout, "s3cret") {
		t.Errorf("db copy output:\n%s", stdout)
	}
	if got, _ := runIn(pg); !equalTrees(got, want) {
		t.Errorf("a run on the postgres copy published other outputs")
	}
	back := filepath.Join(t.TempDir(), "back.db")
	t.Setenv(databaseEnv, pg)
	if _, stderr, err := runCLI(t, "-c", cfg, "db", "copy", "--to", back); err != nil {
		t.Fatalf("db copy back to sqlite: %v\n%s", err, stderr)
	}
	if got, _ := runIn(back); !equalTrees(got, want) {
		t.Errorf("a run on the sqlite copy of the copy published other outputs")
	}
	t.Setenv(databaseEnv, back)
	_, _, err = runCLI(t, "-c", cfg, "db", "copy", "--to", pg)
	if exitCode(err) != exitFailure || !strings.Contains(errText(err), "not empty") || strings.Contains(errText(err), "s3cret") {
		t.Errorf("copy onto a database with data: %v", err)
	}
}

// TestDatabaseFromTheEnvironment: TRIBUTARY_DATABASE overrides database:,
// is validated like it, and its password is never printed.
func TestDatabaseFromTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "http://127.0.0.1:1", "")
	tests := []struct {
		name, value string
		code        int
		want        string
	}{
		{"url", "postgres://trib:s3cret@db.example/trib", 0, `database: "postgres://trib:xxxxx@db.example/trib"`},
		{"path", filepath.Join(dir, "other.db"), 0, `database: "` + filepath.Join(dir, "other.db") + `"`},
		{"bad url", "postgres://trib:s3cret@/trib", exitUsage, "TRIBUTARY_DATABASE: bad PostgreSQL URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(databaseEnv, tt.value)
			stdout, stderr, err := runCLI(t, "-c", cfg, "check")
			if exitCode(err) != tt.code {
				t.Fatalf("exit code %d, want %d (%v)", exitCode(err), tt.code, err)
			}
			all := stdout + stderr + errText(err)
			if !strings.Contains(all, tt.want) {
				t.Errorf("want %q in\n%s", tt.want, all)
			}
			if strings.Contains(all, "s3cret") {
				t.Errorf("the password was printed:\n%s", all)
			}
		})
	}
}
