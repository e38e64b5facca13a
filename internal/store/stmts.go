package store

import (
	"context"
	"database/sql"
)

// txStmts prepares each statement once per transaction. An ingest runs the
// same few statements for every entry of a feed, and preparing them anew
// each time cost as much as a quarter of the ingest on a cold run. Where
// the driver keeps prepared statements itself (pgx, per connection), it
// leaves them to it: preparing and releasing them per transaction would
// cost two round trips to the server each.
type txStmts struct {
	tx      *sqlTx
	dialect dialect
	cache   map[string]*sqlStmt
	// buried says whether any tombstone exists, looked up once per
	// transaction (see loadTombstones): a database retention has never
	// pruned spares every source the lookups.
	buried *bool
	// search holds the search text queued by indexEntry, written by
	// flushSearch before the transaction commits.
	search []searchRow
}

func newTxStmts(tx *sqlTx, d dialect) *txStmts {
	return &txStmts{tx: tx, dialect: d, cache: map[string]*sqlStmt{}}
}

func (s *txStmts) stmt(ctx context.Context, query string) (*sqlStmt, error) {
	if st, ok := s.cache[query]; ok {
		return st, nil
	}
	st, err := s.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.cache[query] = st
	return st, nil
}

// exec runs a prepared statement in the transaction.
func (s *txStmts) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s.dialect.cachesStatements() {
		return s.tx.ExecContext(ctx, query, args...)
	}
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// queryRow runs a prepared single-row query in the transaction; errors,
// the preparation's included, surface from Scan.
func (s *txStmts) queryRow(ctx context.Context, query string, args ...any) scanner {
	if s.dialect.cachesStatements() {
		return s.tx.QueryRowContext(ctx, query, args...)
	}
	st, err := s.stmt(ctx, query)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(ctx, args...)
}

// close releases the statements; the transaction's end would too, but
// not before the caller is done with the transaction.
func (s *txStmts) close() {
	for _, st := range s.cache {
		st.Close()
	}
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
