package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

// ErrClaimLost is returned when a worker writes a source whose claim is no
// longer its own: the claim expired and another worker took the source
// over. The write is rolled back; the successor's result stands.
var ErrClaimLost = errors.New("claim on the source lost to another worker")

// Claim is a worker's hold on one source: the source is the worker's to
// fetch until the claim expires. Holder and Epoch together are the fence
// its writes carry.
type Claim struct {
	Source string
	Holder string
	Epoch  int64
	// State is the source's state as the claim found it: what the worker
	// fetches from (validators, failures), written by whoever held the
	// source before.
	State feed.SourceState
}

// hold checks, inside the writing transaction, that the claim is still
// the holder's and releases it: the write and the release commit together
// or not at all. The UPDATE also locks the row, so no other worker can
// claim the source between the check and the commit.
func (c Claim) hold(ctx context.Context, tx *sqlTx) error {
	res, err := tx.ExecContext(ctx, `UPDATE sources SET claim_holder = '', claim_expires = 0
		WHERE name = ? AND claim_holder = ? AND claim_epoch = ?`, c.Source, c.Holder, c.Epoch)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("%w (%s, epoch %d)", ErrClaimLost, c.Holder, c.Epoch)
	}
	return nil
}

// ClaimQuery says which sources a worker may claim, and for how long.
type ClaimQuery struct {
	Holder string
	Limit  int           // at most this many claims at once
	TTL    time.Duration // a claim lapses this long after it was taken or renewed
	// DueBy: a source is due when its next_due is at or before it. It is
	// the worker's clock, which stamped next_due.
	DueBy time.Time
	All   bool // every source is due
	// Since is the database clock (Clock) when the worker's run began: a
	// source claimed since then, by any worker, was handled in this run
	// and is not claimed again unless that claim lapsed unfinished.
	Since int64
	Only  []string // when not empty, only these sources
	Skip  []string // never these sources (disabled, or not fetched by workers)
}

// where is the condition a claimable source meets, with its arguments,
// given the database clock expression now.
func (q ClaimQuery) where(now string) (string, []any) {
	cond := `(claim_holder = '' OR claim_expires <= ` + now + `)
		AND (next_due <= ? OR ? = 1)
		AND (claimed_at < ? OR claim_holder <> '')`
	args := []any{toUnix(q.DueBy), boolInt(q.All), q.Since}
	if len(q.Only) > 0 {
		cond += " AND name IN (" + placeholders(len(q.Only)) + ")"
		args = append(args, stringArgs(q.Only)...)
	}
	if len(q.Skip) > 0 {
		cond += " AND name NOT IN (" + placeholders(len(q.Skip)) + ")"
		args = append(args, stringArgs(q.Skip)...)
	}
	return cond, args
}

// Clock is the database's clock in milliseconds since the Unix epoch: the
// one clock every worker agrees on, whatever their own say.
func (db *DB) Clock(ctx context.Context) (int64, error) {
	var now int64
	if err := db.sql.QueryRowContext(ctx, "SELECT "+db.clockSQL()).Scan(&now); err != nil {
		return 0, fmt.Errorf("read the database clock: %w", err)
	}
	return now, nil
}

// RunStart is the ClaimQuery.Since of a run starting now: a moment on
// the database's clock after every claim taken before the call and at or
// before every claim taken after it returns. It waits for the clock to
// tick past the moment it read (a millisecond at most), so that a run
// following another within the same millisecond still tells their claims
// apart.
func (db *DB) RunStart(ctx context.Context) (int64, error) {
	start, err := db.Clock(ctx)
	if err != nil {
		return 0, err
	}
	for {
		now, err := db.Clock(ctx)
		if err != nil {
			return 0, err
		}
		if now > start {
			return start + 1, nil
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(100 * time.Microsecond):
		}
	}
}

// RegisterSources makes sure every named source has a row to claim. A
// source already stored is left as it is, so several workers starting at
// once may register the same sources.
func (db *DB) RegisterSources(ctx context.Context, names []string) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("register sources: %w", err)
	}
	defer tx.Rollback()
	// Sorted, so that workers registering at once lock rows in the same
	// order and cannot deadlock.
	names = slices.Sorted(slices.Values(names))
	for start := 0; start < len(names); start += 500 {
		chunk := names[start:min(start+500, len(names))]
		values := strings.TrimSuffix(strings.Repeat("(?),", len(chunk)), ",")
		if _, err := tx.ExecContext(ctx, "INSERT INTO sources (name) VALUES "+values+
			" ON CONFLICT (name) DO NOTHING", stringArgs(chunk)...); err != nil {
			return fmt.Errorf("register sources: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("register sources: %w", err)
	}
	return nil
}

// ClaimDue claims up to q.Limit due sources for q.Holder, the most overdue
// first, and returns the claims sorted by source. Each claim bumps the
// source's epoch. Sources another worker holds are skipped, not waited
// for: on PostgreSQL their rows are locked and skipped; on SQLite the
// statement's write transaction excludes every other writer.
func (db *DB) ClaimDue(ctx context.Context, q ClaimQuery) ([]Claim, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	now := db.clockSQL()
	cond, args := q.where(now)
	query := `UPDATE sources SET claim_holder = ?, claim_epoch = claim_epoch + 1,
		claim_expires = ` + now + ` + ?, claimed_at = ` + now + `
		WHERE name IN (SELECT name FROM sources WHERE ` + cond + `
			ORDER BY next_due, name LIMIT ?` + db.skipLockedSQL() + `)
		RETURNING claim_epoch, ` + sourceColumns
	all := append([]any{q.Holder, q.TTL.Milliseconds()}, args...)
	all = append(all, q.Limit)
	rows, err := db.sql.WriteQueryContext(ctx, query, all...)
	if err != nil {
		return nil, fmt.Errorf("claim sources: %w", err)
	}
	defer rows.Close()
	var out []Claim
	for rows.Next() {
		c := Claim{Holder: q.Holder}
		st, err := scanSource(leadingScan{rows, &c.Epoch})
		if err != nil {
			return nil, fmt.Errorf("claim sources: %w", err)
		}
		c.Source, c.State = st.Name, st
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim sources: %w", err)
	}
	slices.SortFunc(out, func(a, b Claim) int { return strings.Compare(a.Source, b.Source) })
	return out, nil
}

// ClaimedElsewhere returns the workers other than q.Holder whose unexpired
// claims cover sources q would otherwise claim, and the earliest of those
// claims' expiries (database clock, milliseconds). A worker that found
// nothing to claim waits for them: they finish, or lapse and are claimed.
func (db *DB) ClaimedElsewhere(ctx context.Context, q ClaimQuery) (holders []string, expires int64, err error) {
	now := db.clockSQL()
	cond := `claim_holder <> '' AND claim_holder <> ? AND claim_expires > ` + now + ` AND (next_due <= ? OR ? = 1)`
	args := []any{q.Holder, toUnix(q.DueBy), boolInt(q.All)}
	if len(q.Only) > 0 {
		cond += " AND name IN (" + placeholders(len(q.Only)) + ")"
		args = append(args, stringArgs(q.Only)...)
	}
	if len(q.Skip) > 0 {
		cond += " AND name NOT IN (" + placeholders(len(q.Skip)) + ")"
		args = append(args, stringArgs(q.Skip)...)
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT claim_holder, min(claim_expires) FROM sources WHERE "+cond+
		" GROUP BY claim_holder ORDER BY claim_holder", args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list claims: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		var exp int64
		if err := rows.Scan(&h, &exp); err != nil {
			return nil, 0, fmt.Errorf("list claims: %w", err)
		}
		holders = append(holders, h)
		if expires == 0 || exp < expires {
			expires = exp
		}
	}
	return holders, expires, rows.Err()
}

// ReleaseAbandonedClaims lets the claims of holder lapse at once when it
// is a process on this machine that has died (see abandoned), rather than
// making the next run wait out a killed run's claims. It reports whether
// it released any. Only a database one machine uses may trust it: another
// machine's process of the same name is not visible from here.
func (db *DB) ReleaseAbandonedClaims(ctx context.Context, holder string) (bool, error) {
	if !db.singleHost() || !abandoned(holder) {
		return false, nil
	}
	res, err := db.sql.ExecContext(ctx, "UPDATE sources SET claim_expires = 0 WHERE claim_holder = ?", holder)
	if err != nil {
		return false, fmt.Errorf("release the claims of %s: %w", holder, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// RenewClaims extends every claim holder still has to ttl from now, and
// returns how many it extended. A claim another worker took over is not
// touched: the fence on the write will refuse the stale result.
func (db *DB) RenewClaims(ctx context.Context, holder string, ttl time.Duration) (int64, error) {
	now := db.clockSQL()
	res, err := db.sql.ExecContext(ctx, "UPDATE sources SET claim_expires = "+now+" + ? WHERE claim_holder = ?",
		ttl.Milliseconds(), holder)
	if err != nil {
		return 0, fmt.Errorf("renew claims of %s: %w", holder, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// ReleaseClaims gives up every claim holder has, for a worker stopping
// before it fetched what it claimed: other workers need not wait for the
// claims to lapse, and the sources stay due.
func (db *DB) ReleaseClaims(ctx context.Context, holder string) error {
	if _, err := db.sql.ExecContext(ctx, "UPDATE sources SET claim_holder = '', claim_expires = 0, claimed_at = 0 WHERE claim_holder = ?",
		holder); err != nil {
		return fmt.Errorf("release claims of %s: %w", holder, err)
	}
	return nil
}

// ClaimedState is a source's state to save under the claim its worker
// fetched it with.
type ClaimedState struct {
	Claim Claim
	State feed.SourceState
}

// SaveClaimedStates records several claimed sources' states in one
// transaction, releasing their claims. A state whose claim was lost is not
// saved; its source is returned in lost, and the others are saved.
func (db *DB) SaveClaimedStates(ctx context.Context, states []ClaimedState) (lost []string, err error) {
	if len(states) == 0 {
		return nil, nil
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("save source states: %w", err)
	}
	defer tx.Rollback()
	// One statement per source both checks the claim and saves the state:
	// a warm run saves a thousand of them.
	stmt, err := tx.PrepareContext(ctx, "UPDATE sources SET "+claimedAssignments()+
		", claim_holder = '', claim_expires = 0 WHERE name = ? AND claim_holder = ? AND claim_epoch = ?")
	if err != nil {
		return nil, fmt.Errorf("save source states: %w", err)
	}
	defer stmt.Close()
	for _, cs := range states {
		args := append(sourceArgs(cs.State)[1:], cs.State.Name, cs.Claim.Holder, cs.Claim.Epoch)
		res, err := stmt.ExecContext(ctx, args...)
		if err != nil {
			return nil, fmt.Errorf("save source %s: %w", cs.State.Name, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			lost = append(lost, cs.State.Name)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("save source states: %w", err)
	}
	return lost, nil
}

// claimedAssignments sets every column of sourceColumns but the name, to
// the values of sourceArgs after the name.
func claimedAssignments() string {
	cols := strings.Split(sourceColumns, ",")
	var set []string
	for _, c := range cols[1:] {
		set = append(set, strings.TrimSpace(c)+" = ?")
	}
	return strings.Join(set, ", ")
}

// SourceClaim is what `tributary sources` and /metrics show of a claim.
type SourceClaim struct {
	Holder  string
	Epoch   int64
	Expires time.Time
	Expired bool // the claim lapsed unfinished: its worker stalled or died
}

// SourceClaims returns the sources under a claim, live or lapsed, keyed by
// source name.
func (db *DB) SourceClaims(ctx context.Context) (map[string]SourceClaim, error) {
	now := db.clockSQL()
	rows, err := db.sql.QueryContext(ctx, "SELECT name, claim_holder, claim_epoch, claim_expires, CASE WHEN claim_expires <= "+
		now+" THEN 1 ELSE 0 END FROM sources WHERE claim_holder <> ''")
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	defer rows.Close()
	out := map[string]SourceClaim{}
	for rows.Next() {
		var name string
		var c SourceClaim
		var exp int64
		var expired int
		if err := rows.Scan(&name, &c.Holder, &c.Epoch, &exp, &expired); err != nil {
			return nil, fmt.Errorf("list claims: %w", err)
		}
		c.Expires, c.Expired = time.UnixMilli(exp).UTC(), expired != 0
		out[name] = c
	}
	return out, rows.Err()
}

// leadingScan scans a row whose first column is lead, and the rest as the
// wrapped call asks.
type leadingScan struct {
	rows *sql.Rows
	lead any
}

func (l leadingScan) Scan(dest ...any) error {
	return l.rows.Scan(append([]any{l.lead}, dest...)...)
}

func stringArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
