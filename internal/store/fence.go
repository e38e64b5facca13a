package store

import (
	"context"
	"database/sql"
)

// Fence is what a write must still hold to commit: a worker's Claim on a
// source, or a Lease such as the leader's. It is checked inside the
// write's own transaction, so no take-over can slip between the check and
// the commit.
type Fence interface {
	hold(ctx context.Context, tx *sqlTx) error
}

// Fenced returns a view of the database whose writing transactions each
// check f first and fail, wrapping ErrClaimLost or ErrLeaseLost, once f is
// no longer held. Reads are not fenced. The view shares the connections;
// close only the database it came from.
func (db *DB) Fenced(f Fence) *DB {
	view := *db
	view.fence = f
	return &view
}

// begin starts a writing transaction, checking the view's fence.
func (db *DB) begin(ctx context.Context) (*sqlTx, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if db.fence != nil {
		if err := db.fence.hold(ctx, tx); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return tx, nil
}

// exec runs one writing statement, in a transaction of its own that
// checks the view's fence when there is one.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if db.fence == nil {
		return db.sql.ExecContext(ctx, query, args...)
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return res, tx.Commit()
}
