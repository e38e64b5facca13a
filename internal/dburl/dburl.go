// Package dburl tells which engine a `database:` value names: a
// postgres:// (or postgresql://) URL selects PostgreSQL, anything else is
// the path of a SQLite file. It is a leaf shared by the config's validation
// and the store's Open, so that both read a value the same way, and it
// redacts passwords so that no message ever prints one.
package dburl

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Engine is a database engine Tributary can store its state in.
type Engine string

// The engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// ErrBadURL is returned for a postgres:// value that is not a usable URL.
var ErrBadURL = errors.New("bad PostgreSQL URL")

// EngineOf says which engine a database value selects.
func EngineOf(v string) Engine {
	if IsPostgres(v) {
		return Postgres
	}
	return SQLite
}

// IsPostgres says whether v is a PostgreSQL connection URL.
func IsPostgres(v string) bool {
	scheme, _, ok := strings.Cut(v, "://")
	if !ok {
		return false
	}
	scheme = strings.ToLower(scheme)
	return scheme == "postgres" || scheme == "postgresql"
}

// Check validates a database value: a path must not be empty, a URL must
// parse and name a host. Its errors never hold the password.
func Check(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("must not be empty")
	}
	if !IsPostgres(v) {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil {
		// url's errors quote the whole input, password included.
		return fmt.Errorf("%w: %s", ErrBadURL, Redact(v))
	}
	if u.Host == "" && u.Query().Get("host") == "" {
		return fmt.Errorf("%w: %s names no host", ErrBadURL, Redact(v))
	}
	return nil
}

// Redact returns v fit for messages and logs: a URL's password becomes
// "xxxxx" (in the user info or a password= parameter); a path is returned
// as it is.
func Redact(v string) string {
	if !IsPostgres(v) {
		return v
	}
	u, err := url.Parse(v)
	if err != nil {
		// Unparsable: keep the scheme and host-ish part only, never what
		// might be the user info.
		scheme, rest, _ := strings.Cut(v, "://")
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			rest = "xxxxx@" + rest[at+1:]
		}
		return scheme + "://" + rest
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// Scrub wraps err so that its message never shows the password of the
// URL v, whatever the driver put in it; errors.Is and As see err as it is.
func Scrub(err error, v string) error {
	if err == nil || !IsPostgres(v) {
		return err
	}
	u, perr := url.Parse(v)
	if perr != nil {
		return err
	}
	pw, _ := u.User.Password()
	if q := u.Query().Get("password"); q != "" {
		pw = q
	}
	if pw == "" {
		return err
	}
	return scrubbed{err: err, secret: pw}
}

type scrubbed struct {
	err    error
	secret string
}

func (s scrubbed) Error() string { return strings.ReplaceAll(s.err.Error(), s.secret, "xxxxx") }
func (s scrubbed) Unwrap() error { return s.err }
