package store

import (
	"context"
	"database/sql"

	"github.com/tributary/tributary/internal/dburl"
)

// dialect is where the two engines differ: connecting, the placeholder
// form, guarding migrations, claiming a database, allocating entry ids,
// index hints and space management. Everything else, every query
// included, is shared.
type dialect interface {
	engine() dburl.Engine
	// open connects to the database named by dsn, creating what the
	// engine needs for that (a SQLite file's directory).
	open(ctx context.Context, dsn string) (*sql.DB, error)
	// writer returns the handle every transaction and every write outside
	// one goes through, given the handle open returned (see sqlDB).
	writer(dsn string, readers *sql.DB) (*sql.DB, error)
	// numbered says whether placeholders are $1, $2... instead of ?.
	numbered() bool
	// cachesStatements says whether the driver keeps prepared statements
	// across transactions by itself (see txStmts).
	cachesStatements() bool
	// migrationGlob names the engine's embedded migrations.
	migrationGlob() string
	// lockMigrations runs first in every migration transaction, so that
	// processes starting at once apply each migration exactly once.
	lockMigrations(ctx context.Context, tx *sqlTx) error
	// claim refuses a database holding another program's data, and marks
	// an empty one as Tributary's; it runs under the migration lock,
	// before anything is created.
	claim(ctx context.Context, tx *sqlTx, name string) error
	// nextIDs allocates n ids for new entries, ascending, above every id
	// ever used (pruned entries' included), within an ingest transaction.
	nextIDs(ctx context.Context, tx *txStmts, n int) ([]int64, error)
	// indexedBy is the clause naming the index a query must use on
	// engines that take such hints, placed after the table's alias.
	indexedBy(index string) string
	// reclaim returns free space to the file system (see DB.Reclaim).
	reclaim(ctx context.Context, db *sqlDB) (int64, error)
	// freeBytes is the space Reclaim could return.
	freeBytes(ctx context.Context, db *sqlDB) (int64, error)
	// size is the database's size in bytes.
	size(ctx context.Context, db *sqlDB) (int64, error)
	// integrityCheck returns "ok" for a healthy database, else what is
	// wrong.
	integrityCheck(ctx context.Context, db *sqlDB) (string, error)
	// snapshotOptions begins the transaction a copy reads from.
	snapshotOptions() *sql.TxOptions
	// tables lists the database's tables, by name.
	tables(ctx context.Context, tx *sqlTx) ([]string, error)
	// columns lists a table's columns in their order.
	columns(ctx context.Context, tx *sqlTx, table string) ([]string, error)
	// afterCopy readies a database CopyTo filled for new rows.
	afterCopy(ctx context.Context, tx *sqlTx) error
	// version names the engine and its version, for check --probe.
	version(ctx context.Context, db *sqlDB) (string, error)
	// beforeClose runs last on an open database.
	beforeClose(db *sqlDB)
	// lockRows makes the transaction wait for every other transaction
	// that changed table's rows and keeps others from changing them until
	// it ends: a no-op on SQLite, whose writes already take turns.
	lockRows(ctx context.Context, tx *sqlTx, table string) error
}

// dialectFor picks the dialect a database value selects.
func dialectFor(dsn string) dialect {
	if dburl.IsPostgres(dsn) {
		return postgresDialect{}
	}
	return sqliteDialect{}
}
