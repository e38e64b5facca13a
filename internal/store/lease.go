package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrLeaseHeld is returned when another live process holds a lease.
var ErrLeaseHeld = errors.New("lease held by another process")

// ErrLeaseLost is returned by a write fenced by a lease that another
// process has taken over since: the write is rolled back.
var ErrLeaseLost = errors.New("lease lost to another process")

// Lease is a named lease kept in the database, timed on the database's
// clock so that holders on several machines agree on when it lapses, and
// carrying a fencing token: every take-over raises the token, and a write
// made under the lease checks the token in its own transaction, so a
// holder that stalled past its lease cannot write over its successor.
// Unlike a session lock, it survives connection pools and PgBouncer.
type Lease struct {
	db     *DB
	name   string
	holder string
	token  int64
}

// LeaseState is what is known of a lease: who holds it and under which
// token, and whether it is live.
type LeaseState struct {
	Holder  string
	Token   int64
	Expires time.Time
	Live    bool
}

// Acquire takes the named lease for holder for ttl, or returns
// ErrLeaseHeld (wrapped, naming the holder) if someone else holds a live
// one. Taking a lease, even one's own again, raises its token. On a
// database one machine uses, a lease whose holder was a process on this
// machine that has died (see abandoned) is taken over at once.
func (db *DB) Acquire(ctx context.Context, name, holder string, ttl time.Duration) (*Lease, error) {
	token, err := db.takeLease(ctx, name, holder, ttl, "")
	if errors.Is(err, ErrLeaseHeld) && db.singleHost() {
		if st, serr := db.Lease(ctx, name); serr == nil && st.Live && abandoned(st.Holder) {
			token, err = db.takeLease(ctx, name, holder, ttl, st.Holder)
		}
	}
	if err != nil {
		return nil, err
	}
	return &Lease{db: db, name: name, holder: holder, token: token}, nil
}

// takeLease takes the lease if it is free, lapsed or holder's own, or,
// when dead is not empty, if dead holds it. The conditional upsert is one
// statement, so two processes taking the lease at once cannot both win.
func (db *DB) takeLease(ctx context.Context, name, holder string, ttl time.Duration, dead string) (int64, error) {
	now := db.clockSQL()
	var token int64
	err := db.sql.WriteQueryRowContext(ctx, `INSERT INTO leases (name, holder, expires, token) VALUES (?, ?, `+now+` + ?, 1)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires, token = leases.token + 1
		WHERE leases.expires <= `+now+` OR leases.holder = excluded.holder OR leases.holder = ?
		RETURNING token`, name, holder, ttl.Milliseconds(), dead).Scan(&token)
	if errors.Is(err, sql.ErrNoRows) {
		st, serr := db.Lease(ctx, name)
		if serr != nil {
			return 0, fmt.Errorf("lease %s: %w", name, ErrLeaseHeld)
		}
		return 0, fmt.Errorf("lease %s: %w (%s, until %s)", name, ErrLeaseHeld, st.Holder, st.Expires.Format(time.RFC3339))
	}
	if err != nil {
		return 0, fmt.Errorf("lease %s: %w", name, err)
	}
	return token, nil
}

// Lease returns the state of the named lease; a lease never taken has a
// zero state.
func (db *DB) Lease(ctx context.Context, name string) (LeaseState, error) {
	var st LeaseState
	var expires int64
	var live int
	err := db.sql.QueryRowContext(ctx, "SELECT holder, token, expires, CASE WHEN expires > "+db.clockSQL()+
		" THEN 1 ELSE 0 END FROM leases WHERE name = ?", name).Scan(&st.Holder, &st.Token, &expires, &live)
	if errors.Is(err, sql.ErrNoRows) {
		return LeaseState{}, nil
	}
	if err != nil {
		return st, fmt.Errorf("lease %s: %w", name, err)
	}
	st.Expires, st.Live = time.UnixMilli(expires).UTC(), live != 0
	return st, nil
}

// Token is the lease's fencing token.
func (l *Lease) Token() int64 { return l.token }

// Holder is who holds the lease.
func (l *Lease) Holder() string { return l.holder }

// Renew extends the lease to ttl from now; it fails with ErrLeaseLost if
// the lease was taken over.
func (l *Lease) Renew(ctx context.Context, ttl time.Duration) error {
	res, err := l.db.sql.ExecContext(ctx, "UPDATE leases SET expires = "+l.db.clockSQL()+
		" + ? WHERE name = ? AND holder = ? AND token = ?", ttl.Milliseconds(), l.name, l.holder, l.token)
	if err != nil {
		return fmt.Errorf("renew lease %s: %w", l.name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("renew lease %s: %w", l.name, ErrLeaseLost)
	}
	return nil
}

// Release gives the lease up. The row stays, so the next holder's token
// is still higher than this one's.
func (l *Lease) Release(ctx context.Context) error {
	_, err := l.db.sql.ExecContext(ctx, "UPDATE leases SET holder = '', expires = 0 WHERE name = ? AND holder = ? AND token = ?",
		l.name, l.holder, l.token)
	if err != nil {
		return fmt.Errorf("release lease %s: %w", l.name, err)
	}
	return nil
}

// hold checks, inside a writing transaction, that the lease is still this
// holder's under this token. The UPDATE locks the lease's row until the
// transaction ends, so a take-over waits for the write to commit, and a
// write after a take-over fails.
func (l *Lease) hold(ctx context.Context, tx *sqlTx) error {
	res, err := tx.ExecContext(ctx, "UPDATE leases SET token = token WHERE name = ? AND holder = ? AND token = ?",
		l.name, l.holder, l.token)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("lease %s: %w (token %d)", l.name, ErrLeaseLost, l.token)
	}
	return nil
}
