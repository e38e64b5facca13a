package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strconv"
	"strings"
	"sync"
)

// The store's SQL is written once, with `?` placeholders, for both
// engines. sqlDB, sqlTx, sqlConn and sqlStmt wrap database/sql's types so
// that every statement passes through one place on its way to the driver:
// binder, which rewrites the placeholders for PostgreSQL ($1, $2, ...) and
// removes NUL characters from string arguments (see clean).

// binder rewrites queries for the engine and remembers what it rewrote.
type binder struct {
	numbered bool     // $n placeholders (PostgreSQL) instead of ?
	cache    sync.Map // query text -> rewritten text
}

// bind returns q with its placeholders in the engine's form.
func (b *binder) bind(q string) string {
	if !b.numbered {
		return q
	}
	if v, ok := b.cache.Load(q); ok {
		return v.(string)
	}
	out := numberPlaceholders(q)
	b.cache.Store(q, out)
	return out
}

// numberPlaceholders turns each ? outside quotes into $1, $2, ... in
// order. Quoted strings, quoted identifiers and comments keep theirs.
func numberPlaceholders(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(q[i+1:], c)
			if end < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+end+2])
			i += end + 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			end := strings.IndexByte(q[i:], '\n')
			if end < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+end])
			i += end - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// clean returns args with every NUL character removed from the strings.
// PostgreSQL's text types reject U+0000 outright; removing it on both
// engines, at the one door every value passes, keeps what is stored (and
// so what is published) the same on both. Feeds carry NULs only by
// mistake. The slice is copied only when something changes.
func clean(args []any) []any {
	var out []any
	for i, a := range args {
		s, ok := a.(string)
		if !ok || strings.IndexByte(s, 0) < 0 {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = strings.ReplaceAll(s, "\x00", "")
	}
	if out == nil {
		return args
	}
	return out
}

// sqlDB is the database handle every store method goes through. Reads
// outside a transaction share a pool; transactions and writes go through
// w, which on SQLite is one connection (see sqliteDialect.writer) and on
// PostgreSQL the same pool.
type sqlDB struct {
	db *sql.DB
	w  *sql.DB
	b  *binder
}

// openSQL opens the handles for dsn.
func openSQL(ctx context.Context, d dialect, dsn string) (*sqlDB, error) {
	readers, err := d.open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	w, err := d.writer(dsn, readers)
	if err != nil {
		readers.Close()
		return nil, err
	}
	return &sqlDB{db: readers, w: w, b: &binder{numbered: d.numbered()}}, nil
}

func (d *sqlDB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.w.ExecContext(ctx, d.b.bind(q), clean(args)...)
}

func (d *sqlDB) Exec(q string, args ...any) (sql.Result, error) {
	return d.ExecContext(context.Background(), q, args...)
}

func (d *sqlDB) QueryRow(q string, args ...any) *sql.Row {
	return d.QueryRowContext(context.Background(), q, args...)
}

func (d *sqlDB) Query(q string, args ...any) (*sql.Rows, error) {
	return d.QueryContext(context.Background(), q, args...)
}

func (d *sqlDB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return d.db.QueryContext(ctx, d.b.bind(q), clean(args)...)
}

func (d *sqlDB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return d.db.QueryRowContext(ctx, d.b.bind(q), clean(args)...)
}

// WriteQueryContext runs a writing statement that returns rows (UPDATE
// ... RETURNING) outside a transaction, on the writing handle.
func (d *sqlDB) WriteQueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return d.w.QueryContext(ctx, d.b.bind(q), clean(args)...)
}

// WriteQueryRowContext runs a writing statement that returns a row
// (INSERT ... RETURNING) outside a transaction, on the writing handle.
func (d *sqlDB) WriteQueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return d.w.QueryRowContext(ctx, d.b.bind(q), clean(args)...)
}

func (d *sqlDB) PrepareContext(ctx context.Context, q string) (*sqlStmt, error) {
	st, err := d.w.PrepareContext(ctx, d.b.bind(q))
	if err != nil {
		return nil, err
	}
	return &sqlStmt{st}, nil
}

func (d *sqlDB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sqlTx, error) {
	tx, err := d.w.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &sqlTx{tx: tx, b: d.b}, nil
}

// Conn reserves one reading connection, for reads that must stay on it.
func (d *sqlDB) Conn(ctx context.Context) (*sqlConn, error) {
	c, err := d.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &sqlConn{c: c, b: d.b}, nil
}

// WriteConn reserves the writing connection, for writes that must stay on
// one connection; nothing else writes until it is closed.
func (d *sqlDB) WriteConn(ctx context.Context) (*sqlConn, error) {
	c, err := d.w.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &sqlConn{c: c, b: d.b}, nil
}

func (d *sqlDB) Close() error {
	err := d.db.Close()
	if d.w != d.db {
		err = errors.Join(err, d.w.Close())
	}
	return err
}

// sqlTx is a transaction whose statements go through the binder.
type sqlTx struct {
	tx *sql.Tx
	b  *binder
}

func (t *sqlTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.b.bind(q), clean(args)...)
}

func (t *sqlTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.b.bind(q), clean(args)...)
}

func (t *sqlTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.b.bind(q), clean(args)...)
}

func (t *sqlTx) PrepareContext(ctx context.Context, q string) (*sqlStmt, error) {
	st, err := t.tx.PrepareContext(ctx, t.b.bind(q))
	if err != nil {
		return nil, err
	}
	return &sqlStmt{st}, nil
}

func (t *sqlTx) Commit() error   { return t.tx.Commit() }
func (t *sqlTx) Rollback() error { return t.tx.Rollback() }

// sqlConn is one reserved connection whose statements go through the
// binder.
type sqlConn struct {
	c *sql.Conn
	b *binder
}

func (c *sqlConn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.c.ExecContext(ctx, c.b.bind(q), clean(args)...)
}

func (c *sqlConn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.c.QueryContext(ctx, c.b.bind(q), clean(args)...)
}

func (c *sqlConn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return c.c.QueryRowContext(ctx, c.b.bind(q), clean(args)...)
}

func (c *sqlConn) PrepareContext(ctx context.Context, q string) (*sqlStmt, error) {
	st, err := c.c.PrepareContext(ctx, c.b.bind(q))
	if err != nil {
		return nil, err
	}
	return &sqlStmt{st}, nil
}

func (c *sqlConn) Close() error { return c.c.Close() }

// BeginTx starts a transaction on the reserved connection.
func (c *sqlConn) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sqlTx, error) {
	tx, err := c.c.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &sqlTx{tx: tx, b: c.b}, nil
}

// discard makes the connection close instead of going back to its pool
// when it is closed: its session is in a state no other user may find.
func (c *sqlConn) discard() {
	_ = c.c.Raw(func(any) error { return driver.ErrBadConn })
}

// sqlStmt is a prepared statement (already rewritten) whose arguments are
// cleaned.
type sqlStmt struct{ st *sql.Stmt }

func (s *sqlStmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return s.st.ExecContext(ctx, clean(args)...)
}

func (s *sqlStmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return s.st.QueryContext(ctx, clean(args)...)
}

func (s *sqlStmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return s.st.QueryRowContext(ctx, clean(args)...)
}

func (s *sqlStmt) Close() error { return s.st.Close() }
