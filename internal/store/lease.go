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

// Lease is a named lock kept in the database, with an expiry so that a
// crashed holder does not block others forever.
type Lease struct {
	db     *DB
	name   string
	holder string
}

// Acquire takes the named lease for holder until now+ttl, or returns
// ErrLeaseHeld (wrapped, naming the holder) if someone else holds an
// unexpired one. A lease whose holder was a process on this host that has
// died (see abandoned) is taken over at once.
func (db *DB) Acquire(ctx context.Context, name, holder string, ttl time.Duration, now time.Time) (*Lease, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("lease %s: %w", name, err)
	}
	defer tx.Rollback()
	// What was read is written back only if it is still there, so that of
	// two processes taking an expired lease at once (on PostgreSQL,
	// reading is not locking) one wins: the other's upsert changes no row.
	cur, expires := "", int64(-1)
	err = tx.QueryRowContext(ctx, "SELECT holder, expires FROM leases WHERE name = ?", name).Scan(&cur, &expires)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("lease %s: %w", name, err)
	}
	if err == nil && cur != holder && expires > now.Unix() && !abandoned(cur) {
		return nil, heldError(name, cur, expires)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO leases (name, holder, expires) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
		WHERE leases.holder = ? AND leases.expires = ?`,
		name, holder, now.Add(ttl).Unix(), cur, expires)
	if err != nil {
		return nil, fmt.Errorf("lease %s: %w", name, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return nil, fmt.Errorf("lease %s: %w (taken by another process just now)", name, ErrLeaseHeld)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("lease %s: %w", name, err)
	}
	return &Lease{db: db, name: name, holder: holder}, nil
}

func heldError(name, holder string, expires int64) error {
	return fmt.Errorf("lease %s: %w (%s, until %s)", name, ErrLeaseHeld, holder, time.Unix(expires, 0).UTC().Format(time.RFC3339))
}

// Renew extends the lease to now+ttl; it fails if the lease was taken over.
func (l *Lease) Renew(ctx context.Context, ttl time.Duration, now time.Time) error {
	res, err := l.db.sql.ExecContext(ctx, "UPDATE leases SET expires = ? WHERE name = ? AND holder = ?",
		now.Add(ttl).Unix(), l.name, l.holder)
	if err != nil {
		return fmt.Errorf("renew lease %s: %w", l.name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("renew lease %s: %w", l.name, ErrLeaseHeld)
	}
	return nil
}

// Release gives the lease up.
func (l *Lease) Release(ctx context.Context) error {
	_, err := l.db.sql.ExecContext(ctx, "DELETE FROM leases WHERE name = ? AND holder = ?", l.name, l.holder)
	if err != nil {
		return fmt.Errorf("release lease %s: %w", l.name, err)
	}
	return nil
}
