package store

import (
	"context"
	"database/sql"

	"github.com/tributary/tributary/internal/dburl"
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

// beginUnchecked starts a writing transaction, checking the view's fence,
// in which SQLite does not enforce foreign keys: the caller deletes what
// refers to the rows it deletes itself. A delete whose foreign keys
// cascade makes SQLite keep a journal of every page each statement
// touches, so that the statement can be undone alone; pruning 35,000
// entries spent more than half its time writing and freeing that journal.
// done ends the transaction (rolling it back unless committed) and puts
// the connection back as it was. On PostgreSQL it is begin.
func (db *DB) beginUnchecked(ctx context.Context) (tx *sqlTx, done func(), err error) {
	if db.dialect.engine() == dburl.Postgres {
		tx, err := db.begin(ctx)
		if err != nil {
			return nil, nil, err
		}
		return tx, func() { tx.Rollback() }, nil
	}
	conn, err := db.sql.WriteConn(ctx)
	if err != nil {
		return nil, nil, err
	}
	restore := func() {
		// The writing connection goes back to its pool enforcing foreign
		// keys again, or not at all.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); err != nil {
			conn.discard()
		}
		conn.Close()
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		restore()
		return nil, nil, err
	}
	tx, err = conn.BeginTx(ctx, nil)
	if err != nil {
		restore()
		return nil, nil, err
	}
	if db.fence != nil {
		if err := db.fence.hold(ctx, tx); err != nil {
			tx.Rollback()
			restore()
			return nil, nil, err
		}
	}
	return tx, func() { tx.Rollback(); restore() }, nil
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
