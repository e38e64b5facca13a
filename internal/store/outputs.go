package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/tributary/tributary/internal/dburl"
)

// outputsVersionKey is the meta key that changes whenever the stored
// outputs do: what serving instances poll to know when to reload.
const outputsVersionKey = "outputs_version"

// diskOutputsVersionKey is its counterpart where the outputs stay on disk
// (see OutputsOnDisk): it changes whenever a publish wrote new outputs into
// the output directory. A key of its own, so that a copy to PostgreSQL
// (see CopyTo) does not take it for outputs stored there.
const diskOutputsVersionKey = "disk_outputs_version"

// OutputsOnDisk reports whether serving instances read the published
// outputs from the output directory rather than from the outputs table:
// on SQLite, whose processes all run on the machine that holds the file
// and share its disk. A second copy of every output in the database would
// write each publish twice, and a third time when the WAL is checkpointed.
func (db *DB) OutputsOnDisk() bool { return db.dialect.engine() == dburl.SQLite }

// MarkOutputsOnDisk records a publish whose outputs stay in the output
// directory (see OutputsOnDisk): it sets the meta values and advances the
// version serving instances poll, in one transaction that commits only
// while a fenced view's fence holds. Outputs a database copied from
// PostgreSQL still holds go, with their version.
func (db *DB) MarkOutputsOnDisk(ctx context.Context, meta map[string]string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("record outputs: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM outputs"); err != nil {
		return fmt.Errorf("record outputs: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM meta WHERE key = ?", outputsVersionKey); err != nil {
		return fmt.Errorf("record outputs: %w", err)
	}
	if err := bumpVersion(ctx, tx, diskOutputsVersionKey, meta); err != nil {
		return fmt.Errorf("record outputs: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record outputs: %w", err)
	}
	return nil
}

// bumpVersion sets the meta values and the version under key, one past
// the stored one.
func bumpVersion(ctx context.Context, tx *sqlTx, key string, meta map[string]string) error {
	var version string
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE((SELECT value FROM meta WHERE key = ?), '0')", key).Scan(&version); err != nil {
		return err
	}
	n, _ := strconv.ParseInt(version, 10, 64)
	return setMeta(ctx, tx, meta, key, strconv.FormatInt(n+1, 10))
}

// setMeta sets the meta values, and extra pairs of key and value.
func setMeta(ctx context.Context, tx *sqlTx, meta map[string]string, extra ...string) error {
	set := func(k, v string) error {
		if _, err := tx.ExecContext(ctx, setMetaSQL, k, v); err != nil {
			return fmt.Errorf("write meta %s: %w", k, err)
		}
		return nil
	}
	for k, v := range meta {
		if err := set(k, v); err != nil {
			return err
		}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if err := set(extra[i], extra[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// Output is one published file as every serving instance serves it.
type Output struct {
	Name         string // slash-separated path relative to the output directory
	Body         []byte
	ETag         string // quoted strong validator
	LastModified time.Time
	ContentType  string
}

// SaveOutputs replaces the stored outputs with outs and sets the meta
// values in the same transaction (a publish stamp and its outputs are
// never out of step). An output whose body is unchanged keeps its stored
// Last-Modified; a new or changed one takes now. Bodies are told apart by
// their ETags, which must be strong validators (a hash of the bytes). Stored outputs not in outs
// are deleted. On a fenced view (the leader's) it commits only while the
// fence holds. It returns the names that changed.
func (db *DB) SaveOutputs(ctx context.Context, outs []Output, now time.Time, meta map[string]string) ([]string, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("save outputs: %w", err)
	}
	defer tx.Rollback()
	// The ETags say which bodies changed, without reading the bodies.
	old := map[string]string{}
	rows, err := tx.QueryContext(ctx, "SELECT name, etag FROM outputs")
	if err != nil {
		return nil, fmt.Errorf("save outputs: %w", err)
	}
	for rows.Next() {
		var name, etag string
		if err := rows.Scan(&name, &etag); err != nil {
			rows.Close()
			return nil, fmt.Errorf("save outputs: %w", err)
		}
		old[name] = etag
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("save outputs: %w", err)
	}
	var changed []string
	keep := map[string]bool{}
	for _, o := range outs {
		keep[o.Name] = true
		if etag, ok := old[o.Name]; ok && etag == o.ETag {
			continue
		}
		changed = append(changed, o.Name)
		if _, err := tx.ExecContext(ctx, `INSERT INTO outputs (name, body, etag, last_modified, content_type)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body, etag = excluded.etag,
			last_modified = excluded.last_modified, content_type = excluded.content_type`,
			o.Name, o.Body, o.ETag, now.Unix(), o.ContentType); err != nil {
			return nil, fmt.Errorf("save output %s: %w", o.Name, err)
		}
	}
	for name := range old {
		if !keep[name] {
			changed = append(changed, name)
			if _, err := tx.ExecContext(ctx, "DELETE FROM outputs WHERE name = ?", name); err != nil {
				return nil, fmt.Errorf("delete output %s: %w", name, err)
			}
		}
	}
	if len(changed) > 0 {
		err = bumpVersion(ctx, tx, outputsVersionKey, meta)
	} else {
		err = setMeta(ctx, tx, meta)
	}
	if err != nil {
		return nil, fmt.Errorf("save outputs: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("save outputs: %w", err)
	}
	return changed, nil
}

// OutputsVersion changes whenever the stored outputs do, or with
// OutputsOnDisk whenever a publish wrote new ones; "" when none were ever
// published so. Polling it is cheap.
func (db *DB) OutputsVersion(ctx context.Context) (string, error) {
	if db.OutputsOnDisk() {
		return db.Meta(ctx, diskOutputsVersionKey)
	}
	return db.Meta(ctx, outputsVersionKey)
}

// Outputs returns every stored output, sorted by name.
func (db *DB) Outputs(ctx context.Context) ([]Output, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT name, body, etag, last_modified, content_type FROM outputs ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("load outputs: %w", err)
	}
	defer rows.Close()
	var out []Output
	for rows.Next() {
		var o Output
		var mod int64
		if err := rows.Scan(&o.Name, &o.Body, &o.ETag, &mod, &o.ContentType); err != nil {
			return nil, fmt.Errorf("load outputs: %w", err)
		}
		o.LastModified = time.Unix(mod, 0).UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}
