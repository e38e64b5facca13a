package dburl

import (
	"errors"
	"strings"
	"testing"
)

func TestEngineOf(t *testing.T) {
	tests := []struct {
		in   string
		want Engine
	}{
		{"data/tributary.db", SQLite},
		{"/var/lib/tributary/t.db", SQLite},
		{"postgres://u@h/db", Postgres},
		{"postgresql://u@h/db", Postgres},
		{"POSTGRES://u@h/db", Postgres},
		{"file:postgres://x", SQLite},
		{"mysql://u@h/db", SQLite},
	}
	for _, tt := range tests {
		if got := EngineOf(tt.in); got != tt.want {
			t.Errorf("EngineOf(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestCheckAndRedactHidePasswords(t *testing.T) {
	tests := []struct {
		name, in string
		bad      bool
	}{
		{"path", "data/t.db", false},
		{"empty", " ", true},
		{"url with password", "postgres://me:s3cret@db.example:5432/trib?sslmode=disable", false},
		{"password parameter", "postgres://me@db.example/trib?password=s3cret", false},
		{"host parameter", "postgres:///trib?host=/run/postgresql&password=s3cret", false},
		{"no host", "postgres://me:s3cret@/trib", true},
		{"unparsable", "postgres://me:s3cret@db.example:port/trib", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.in)
			if (err != nil) != tt.bad {
				t.Fatalf("Check(%q) = %v, want error %v", tt.in, err, tt.bad)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error prints the password: %v", err)
			}
			if err != nil && IsPostgres(tt.in) && !errors.Is(err, ErrBadURL) {
				t.Errorf("error %v is not ErrBadURL", err)
			}
			if r := Redact(tt.in); strings.Contains(r, "s3cret") {
				t.Errorf("Redact(%q) = %q", tt.in, r)
			}
		})
	}
	if got := Redact("data/t.db"); got != "data/t.db" {
		t.Errorf("Redact(path) = %q", got)
	}
}

func TestScrub(t *testing.T) {
	base := errors.New("dial postgres://me:s3cret@h/db: refused")
	err := Scrub(base, "postgres://me:s3cret@h/db")
	if strings.Contains(err.Error(), "s3cret") || !errors.Is(err, base) {
		t.Errorf("Scrub = %q (is base: %v)", err, errors.Is(err, base))
	}
	if Scrub(base, "data/t.db") != base || Scrub(nil, "postgres://me:s3cret@h/db") != nil {
		t.Error("Scrub changed what it should leave alone")
	}
}
