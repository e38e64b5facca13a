package store

import (
	"context"
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
	var cur string
	var expires int64
	err = tx.QueryRowContext(ctx, "SELECT holder, expires FROM leases WHERE name = ?", name).Scan(&cur, &expires)
	if err == nil && cur != holder && expires > now.Unix() && !abandoned(cur) {
		return nil, fmt.Errorf("lease %s: %w (%s, until %s)", name, ErrLeaseHeld, cur, time.Unix(expires, 0).UTC().Format(time.RFC3339))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO leases (name, holder, expires) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires`,
		name, holder, now.Add(ttl).Unix()); err != nil {
		return nil, fmt.Errorf("lease %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("lease %s: %w", name, err)
	}
	return &Lease{db: db, name: name, holder: holder}, nil
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
