package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/tributary/tributary/internal/dburl"
)

// migrationLockKey is the advisory lock taken around migrating ("TRIB"
// and "MIGR"), held to the end of each migration's transaction.
const migrationLockKey = 0x54524942_4d494752

// ledgerComment marks the migrations table of a Tributary database, the
// counterpart of SQLite's application id: a database holding tables but
// not this mark belongs to someone else.
const ledgerComment = "tributary"

// postgresDialect serves several processes, on several machines, sharing
// one database.
type postgresDialect struct{}

func (postgresDialect) engine() dburl.Engine    { return dburl.Postgres }
func (postgresDialect) numbered() bool          { return true }
func (postgresDialect) migrationGlob() string   { return "migrations/postgres/*.sql" }
func (postgresDialect) indexedBy(string) string { return "" }

// cachesStatements: pgx prepares each statement once per connection, by
// its text, and keeps it.
func (postgresDialect) cachesStatements() bool { return true }

func (postgresDialect) open(ctx context.Context, dsn string) (*sql.DB, error) {
	sqldb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", dburl.Redact(dsn), dburl.Scrub(err, dsn))
	}
	// A run's fetchers share a few connections; several processes on one
	// server must stay well under its max_connections (100 by default).
	sqldb.SetMaxOpenConns(16)
	sqldb.SetMaxIdleConns(16)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open database %s: %w", dburl.Redact(dsn), dburl.Scrub(err, dsn))
	}
	return sqldb, nil
}

// writer is the shared pool: PostgreSQL keeps no page cache per
// connection, and its writers run side by side.
func (postgresDialect) writer(_ string, readers *sql.DB) (*sql.DB, error) { return readers, nil }

// lockMigrations takes a transaction-level advisory lock: released by the
// commit or rollback whatever happens, and safe behind a pooler.
func (postgresDialect) lockMigrations(ctx context.Context, tx *sqlTx) error {
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", int64(migrationLockKey))
	return err
}

// lockRows takes SHARE ROW EXCLUSIVE: it waits for the transactions
// holding ROW EXCLUSIVE (any insert, update or delete) on table, and
// keeps new ones out, while reads go on. table is a constant of this
// package.
func (postgresDialect) lockRows(ctx context.Context, tx *sqlTx, table string) error {
	_, err := tx.ExecContext(ctx, "LOCK TABLE "+table+" IN SHARE ROW EXCLUSIVE MODE")
	return err
}

// claim refuses a schema holding tables but no Tributary migrations table,
// and creates that table, marked, in an empty one.
func (postgresDialect) claim(ctx context.Context, tx *sqlTx, name string) error {
	var tables int
	var mark sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()),
		obj_description(to_regclass('schema_migrations'), 'pg_class')`).Scan(&tables, &mark)
	if err != nil {
		return fmt.Errorf("open database %s: %w", name, err)
	}
	if mark.Valid && mark.String == ledgerComment {
		return nil
	}
	if tables > 0 {
		return fmt.Errorf("open database %s: %w (it holds another program's tables; refusing to touch it)", name, ErrForeign)
	}
	if _, err := tx.ExecContext(ctx, ledgerDDL); err != nil {
		return fmt.Errorf("open database %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, "COMMENT ON TABLE schema_migrations IS '"+ledgerComment+"'"); err != nil {
		return fmt.Errorf("open database %s: %w", name, err)
	}
	return nil
}

// nextIDs takes ids from the entries table's identity sequence: each is
// handed out once, whatever other processes insert at the same moment,
// and the sequence never goes back to a pruned entry's id.
func (postgresDialect) nextIDs(ctx context.Context, tx *txStmts, n int) ([]int64, error) {
	rows, err := tx.tx.QueryContext(ctx, "SELECT nextval(pg_get_serial_sequence('entries', 'id')) FROM generate_series(1, CAST(? AS INTEGER))", n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, rows.Err()
}

// reclaim gives nothing back: see DB.Reclaim.
func (postgresDialect) reclaim(context.Context, *sqlDB) (int64, error) { return 0, nil }

func (postgresDialect) freeBytes(context.Context, *sqlDB) (int64, error) { return 0, nil }

func (postgresDialect) size(ctx context.Context, db *sqlDB) (int64, error) {
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT pg_database_size(current_database())").Scan(&n); err != nil {
		return 0, fmt.Errorf("database size: %w", err)
	}
	return n, nil
}

// integrityCheck can only say the server answers: checking PostgreSQL's
// pages is the server's business (and amcheck's), not a client's.
func (postgresDialect) integrityCheck(ctx context.Context, db *sqlDB) (string, error) {
	var one int
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return "", err
	}
	return "ok", nil
}

func (postgresDialect) beforeClose(*sqlDB) {}
