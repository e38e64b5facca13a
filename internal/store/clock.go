package store

import "github.com/tributary/tributary/internal/dburl"

// The few places where the fleet's SQL differs between the engines.

// postgres reports whether the database is PostgreSQL rather than SQLite.
func (db *DB) postgres() bool { return db.dialect.engine() == dburl.Postgres }

// clockSQL is an expression for the database's clock in milliseconds since
// the Unix epoch. Claims and leases are timed on it, so that workers on
// machines whose clocks disagree still agree on when a claim lapses.
// PostgreSQL's clock_timestamp moves within a transaction (now() would
// not); SQLite's 'now' is fixed for one statement, which is all a claim
// needs.
func (db *DB) clockSQL() string {
	if db.postgres() {
		return "CAST(floor(extract(epoch FROM clock_timestamp()) * 1000) AS BIGINT)"
	}
	return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
}

// skipLockedSQL ends the sub-select that picks the sources to claim. On
// PostgreSQL, workers claiming at once lock the rows they pick and skip
// each other's; SQLite has one writer at a time (immediate transactions),
// so the statement is already alone and takes no row locks.
func (db *DB) skipLockedSQL() string {
	if db.postgres() {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// singleHost reports whether every process using the database runs on
// this machine, so that a lease or claim holder named "host:pid" can be
// found dead by its pid (see abandoned). A SQLite file is one machine's; a
// PostgreSQL server may serve workers on many, in containers that reuse
// host names and pids.
func (db *DB) singleHost() bool { return !db.postgres() }
