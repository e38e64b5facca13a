package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tributary/tributary/internal/dburl"
)

// ErrNotEmpty is returned by CopyTo when the target already holds data.
var ErrNotEmpty = errors.New("the target database is not empty")

// notCopied says whether a table describes a running process rather than
// the data: the migration ledger (the target has its own) and the leases,
// which would make the target wait for holders that never ran there; or
// is search's, which each engine keeps in its own way (SQLite without the
// body's text): the target indexes the copied entries afresh, on first use
// (see IndexForSearch).
func notCopied(table string) bool {
	return table == "schema_migrations" || table == "leases" || table == "search_text" || searchIndexTable(table)
}

// userTables are the tables a database that was ever run holds rows in:
// a target with rows in any of them is not empty.
func userTables() []string { return []string{"sources", "entries", "tombstones", "published"} }

// TableCount is how many rows of one table a copy wrote.
type TableCount struct {
	Table string
	Rows  int
}

// CopyTo copies every table of db (entries with their ids, tombstones,
// band keys, the de-duplication queue, merges, the ledger of published
// ids, sources with their state, meta) into the database named by dsn, on
// either engine. The target must be new or empty: CopyTo creates and
// migrates it, and refuses one holding data (ErrNotEmpty). The rows are
// read from one snapshot of db and written in one transaction, so the
// target ends up with all of them or none. Id generators on the target
// continue past the copied ids.
func (db *DB) CopyTo(ctx context.Context, dsn string) ([]TableCount, error) {
	name := dburl.Redact(dsn)
	if dsn == db.dsn {
		return nil, fmt.Errorf("copy to %s: that is the database being copied", name)
	}
	dst, err := Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	src, err := db.sql.BeginTx(ctx, db.dialect.snapshotOptions())
	if err != nil {
		return nil, fmt.Errorf("copy: read %s: %w", db.Path(), err)
	}
	defer src.Rollback()
	tables, err := db.dialect.tables(ctx, src)
	if err != nil {
		return nil, fmt.Errorf("copy: read %s: %w", db.Path(), err)
	}
	tables = copyOrder(tables)
	var counts []TableCount
	err = dst.inTx(ctx, func(tx *sqlTx) error {
		for _, t := range userTables() {
			var some bool
			if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+quoteIdent(t)+")").Scan(&some); err != nil {
				return err
			}
			if some {
				return fmt.Errorf("%w (its table %s has rows); copy into a new database", ErrNotEmpty, t)
			}
		}
		// Rows a migration put there (a default in meta, say) give way
		// to the copied ones.
		for _, t := range slices.Backward(tables) {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+quoteIdent(t)); err != nil {
				return err
			}
		}
		for _, t := range tables {
			n, err := copyTable(ctx, src, tx, db.dialect, dst.dialect, t)
			if err != nil {
				return fmt.Errorf("table %s: %w", t, err)
			}
			counts = append(counts, TableCount{t, n})
		}
		// The target indexes every copied entry for search (see
		// notCopied).
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, '0')
			ON CONFLICT (key) DO UPDATE SET value = '0'`, searchBackfillKey); err != nil {
			return err
		}
		return dst.dialect.afterCopy(ctx, tx)
	})
	if err != nil {
		return nil, fmt.Errorf("copy to %s: %w", name, dburl.Scrub(err, dsn))
	}
	return counts, nil
}

// copyOrder is the order tables are filled in: what other tables refer to
// (sources, then entries) first, the rest by name; the tables not copied
// are left out.
func copyOrder(tables []string) []string {
	rank := func(t string) int {
		switch t {
		case "sources":
			return 0
		case "entries":
			return 1
		}
		return 2
	}
	out := slices.DeleteFunc(slices.Clone(tables), notCopied)
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
	})
	return out
}

// copyTable copies the rows of table from src to dst, several rows per
// statement, and returns how many it copied.
func copyTable(ctx context.Context, src, dst *sqlTx, from, to dialect, table string) (int, error) {
	cols, err := from.columns(ctx, src, table)
	if err != nil {
		return 0, err
	}
	theirs, err := to.columns(ctx, dst, table)
	if err != nil {
		return 0, err
	}
	slices.Sort(theirs)
	if mine := slices.Sorted(slices.Values(cols)); !slices.Equal(mine, theirs) {
		return 0, fmt.Errorf("the engines' columns differ: %v and %v (are both at the same version?)", mine, theirs)
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	list := strings.Join(quoted, ", ")
	rows, err := src.QueryContext(ctx, "SELECT "+list+" FROM "+quoteIdent(table))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	// SQLite takes at most 32766 parameters a statement; far fewer keep
	// each statement's text and arguments small.
	perStmt := max(1, 900/len(cols))
	insert := func(n int) string {
		row := "(" + placeholders(len(cols)) + ")"
		return "INSERT INTO " + quoteIdent(table) + " (" + list + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+",", n), ",")
	}
	full, err := dst.PrepareContext(ctx, insert(perStmt))
	if err != nil {
		return 0, err
	}
	defer full.Close()
	var batch []any
	total, pending := 0, 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return total, err
		}
		batch = append(batch, vals...)
		pending++
		if pending == perStmt {
			if _, err := full.ExecContext(ctx, batch...); err != nil {
				return total, err
			}
			total += pending
			batch, pending = batch[:0], 0
		}
	}
	if err := rows.Err(); err != nil {
		return total, err
	}
	if pending > 0 {
		if _, err := dst.ExecContext(ctx, insert(pending), batch...); err != nil {
			return total, err
		}
		total += pending
	}
	return total, nil
}

// quoteIdent quotes a table or column name read from the schema.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// querier runs queries: the database or one of its transactions.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// queryStrings runs a query yielding one text column.
func queryStrings(ctx context.Context, on querier, q string, args ...any) ([]string, error) {
	rows, err := on.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (sqliteDialect) snapshotOptions() *sql.TxOptions { return nil }

func (sqliteDialect) tables(ctx context.Context, tx *sqlTx) ([]string, error) {
	return queryStrings(ctx, tx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
}

func (sqliteDialect) columns(ctx context.Context, tx *sqlTx, table string) ([]string, error) {
	return queryStrings(ctx, tx, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table)
}

// afterCopy has nothing to do on SQLite: new ids are counted from the
// largest stored ones.
func (sqliteDialect) afterCopy(context.Context, *sqlTx) error { return nil }

// snapshotOptions reads the whole copy from one snapshot, without locking
// out the writers.
func (postgresDialect) snapshotOptions() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

func (postgresDialect) tables(ctx context.Context, tx *sqlTx) ([]string, error) {
	return queryStrings(ctx, tx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
}

func (postgresDialect) columns(ctx context.Context, tx *sqlTx, table string) ([]string, error) {
	return queryStrings(ctx, tx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, table)
}

// afterCopy moves every id generator past the copied ids; the entries'
// also past the pruned ones (tombstones keep their ids, which must never
// be handed out again).
func (postgresDialect) afterCopy(ctx context.Context, tx *sqlTx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`)
	if err != nil {
		return err
	}
	var gens [][2]string
	for rows.Next() {
		var g [2]string
		if err := rows.Scan(&g[0], &g[1]); err != nil {
			rows.Close()
			return err
		}
		gens = append(gens, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, g := range gens {
		table, col := quoteIdent(g[0]), quoteIdent(g[1])
		floor := "0"
		if g[0] == "entries" {
			floor = "(SELECT coalesce(max(id), 0) FROM tombstones)"
		}
		_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence(?, ?),
			greatest((SELECT coalesce(max(`+col+`), 0) FROM `+table+`), `+floor+`, 1))`, g[0], g[1])
		if err != nil {
			return fmt.Errorf("move the id generator of %s.%s: %w", g[0], g[1], err)
		}
	}
	return nil
}
