package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// migrations holds each engine's schema changes. The two sets share their
// version numbers, and their tables and columns (TestSchemasMatch).
//
//go:embed migrations/*.sql migrations/postgres/*.sql
var migrations embed.FS

// ledgerDDL creates the record of applied migrations.
const ledgerDDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)`

// migrate claims the database and applies every embedded migration not
// yet recorded, each in its own transaction together with its record.
// Every transaction first takes the engine's migration lock, so that
// processes opening an empty database at once apply each migration once.
func (db *DB) migrate(ctx context.Context) error {
	err := db.inTx(ctx, func(tx *sqlTx) error {
		if err := db.dialect.lockMigrations(ctx, tx); err != nil {
			return err
		}
		if err := db.dialect.claim(ctx, tx, db.Path()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, ledgerDDL)
		return err
	})
	if err != nil {
		return err
	}
	names, err := fs.Glob(migrations, db.dialect.migrationGlob())
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := path.Base(name)
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: bad name", base)
		}
		if err := db.apply(ctx, name, version); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, name string, version int) error {
	return db.inTx(ctx, func(tx *sqlTx) error {
		if err := db.dialect.lockMigrations(ctx, tx); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		// The script runs as it is, not through the binder: its text
		// (a function body's, say) is not a statement with parameters.
		if _, err := tx.tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", version, time.Now().Unix())
		return err
	})
}
