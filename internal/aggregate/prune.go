package aggregate

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tributary/tributary/internal/store"
)

// The full retention pass runs at most once per pruneEvery; lastPruneKey
// holds, in the meta table, when it last ran.
const (
	lastPruneKey = "last_prune"
	pruneEvery   = 24 * time.Hour
)

// PruneReport says what one retention pass removed, or would remove.
type PruneReport struct {
	Entries   int            // entries pruned
	Posts     int            // posts (clusters of duplicates) they made up
	BySource  map[string]int // entries pruned per source
	Kept      int            // entries stored after the pass
	Reclaimed int64          // bytes the database file shrank by
	DryRun    bool
}

// pruneScope selects the rules of one pass: the daily pass applies both
// to every source; between daily passes a cycle only trims the sources
// over their cap.
type pruneScope struct {
	age     bool
	sources []string // only these sources' entries may go; nil for all
}

// Prune applies the retention rules now: an entry older than
// retention.max_age, or beyond the newest retention.max_per_source of its
// source, goes, unless the merged feed or its archive pages show it. The
// freed space goes back to the file system. With dryRun nothing changes
// and the report says what would go.
func (a *App) Prune(ctx context.Context, dryRun bool) (PruneReport, error) {
	if dryRun {
		rep, _, err := a.planPrune(ctx, pruneScope{age: true})
		rep.DryRun = true
		return rep, err
	}
	leader, lctx, stop, err := a.acquire(ctx)
	if err != nil {
		return PruneReport{}, err
	}
	defer stop()
	return leader.prune(lctx, pruneScope{age: true}, true)
}

// retain is the cycle's share of retention, after publishing: the full
// pass at most once a day, and in between a trim of the sources this
// cycle pushed over retention.max_per_source, so that cycles fetching many
// new posts never let the database outgrow its bound. The first full pass
// comes a day after the first cycle, so that a cold start pays only for
// what it stores. Pruning only removes what the outputs do not show, so
// the outputs just written stay valid and their stamp is carried over.
func (a *App) retain(ctx context.Context, sum Summary) error {
	last, err := a.db.Meta(ctx, lastPruneKey)
	if err != nil {
		return err
	}
	if last == "" {
		if err := a.db.SetMeta(ctx, lastPruneKey, a.now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
	}
	full, err := a.due(ctx, lastPruneKey, pruneEvery)
	if err != nil {
		return err
	}
	scope := pruneScope{age: full}
	if !full {
		over, err := a.overCap(ctx, sum)
		if err != nil || len(over) == 0 {
			return err
		}
		scope.sources = over
	}
	rep, err := a.prune(ctx, scope, full)
	if err != nil {
		return err
	}
	if full {
		if err := a.db.SetMeta(ctx, lastPruneKey, a.now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
	}
	if rep.Entries > 0 {
		a.log.Info("Pruned old entries", "entries", rep.Entries, "posts", rep.Posts, "kept", rep.Kept,
			"reclaimed_bytes", rep.Reclaimed)
		if sum.Wrote || sum.Published > 0 {
			return a.carryStamp(ctx, sum.Published)
		}
	}
	return nil
}

// overCap returns the sources a cycle that stored new entries left above
// retention.max_per_source, in config order.
func (a *App) overCap(ctx context.Context, sum Summary) ([]string, error) {
	limit := a.cfg.Retain.MaxPerSource
	if limit <= 0 || sum.Inserted == 0 {
		return nil, nil
	}
	counts, err := a.db.EntryCounts(ctx)
	if err != nil {
		return nil, err
	}
	var over []string
	for name, n := range counts {
		if n > limit {
			over = append(over, name)
		}
	}
	slices.Sort(over)
	return over, nil
}

// carryStamp records that the outputs on disk, written before the prune,
// are still what the database now makes.
func (a *App) carryStamp(ctx context.Context, published int) error {
	stamp, err := a.publishStamp(ctx)
	if err != nil {
		return err
	}
	return a.db.SetMeta(ctx, stampKey, fmt.Sprintf("%s %d", stamp, published))
}

// prune plans and applies one pass; reclaim returns the freed pages to
// the file system (otherwise new entries reuse them).
func (a *App) prune(ctx context.Context, scope pruneScope, reclaim bool) (PruneReport, error) {
	rep, ids, err := a.planPrune(ctx, scope)
	if err != nil || len(ids) == 0 && !reclaim {
		return rep, err
	}
	if len(ids) > 0 {
		if _, err := a.db.Prune(ctx, ids, rep.Posts, a.now()); err != nil {
			return rep, err
		}
	}
	if reclaim {
		free, err := a.db.FreeBytes(ctx)
		if err != nil {
			return rep, err
		}
		if free > 0 || len(ids) > 0 {
			if rep.Reclaimed, err = a.db.Reclaim(ctx); err != nil {
				return rep, err
			}
		}
	}
	return rep, nil
}

// planPrune decides what goes. A post (a cluster of duplicates) goes as a
// whole or not at all, so no published post loses a copy or changes
// winner; it goes when every copy is past its source's cap or (with
// scope.age) older than retention.max_age, and the outputs do not show it:
// neither the current feed nor a kept archive page. Each source's most
// recently updated entry also stays, since the outputs' per-source dates
// come from it. A pass scoped to some sources reads only their posts and
// the window the outputs show.
func (a *App) planPrune(ctx context.Context, scope pruneScope) (PruneReport, []int64, error) {
	rep := PruneReport{BySource: map[string]int{}}
	var members []store.Member
	var err error
	// Reading every entry costs less than finding the posts of most of
	// the sources (after a cycle that brought new posts everywhere); the
	// posts outside scope.sources are left alone either way (expired).
	if scope.sources == nil || 2*len(scope.sources) >= len(a.cfg.Sources) {
		members, err = a.db.Members(ctx)
	} else {
		members, err = a.db.MembersOfSources(ctx, scope.sources)
	}
	if err != nil {
		return rep, nil, err
	}
	expired := a.expired(members, scope)
	shown, err := a.shownClusters(ctx)
	if err != nil {
		return rep, nil, err
	}
	var ids []int64
	for _, p := range a.group(members) {
		if shown[p.winner.Cluster] || !allExpired(p, expired) {
			continue
		}
		rep.Posts++
		for _, m := range p.members {
			ids = append(ids, m.ID)
			rep.BySource[m.Source]++
		}
	}
	slices.Sort(ids)
	stored, _, err := a.db.Totals(ctx)
	if err != nil {
		return rep, nil, err
	}
	rep.Entries = len(ids)
	rep.Kept = stored - len(ids)
	return rep, ids, nil
}

// shownClusters returns the posts (by cluster) the outputs show: the
// current feed's and the kept archive pages'.
func (a *App) shownClusters(ctx context.Context) (map[int64]bool, error) {
	total, err := a.db.PostCount(ctx)
	if err != nil {
		return nil, err
	}
	posts, err := a.window(ctx)
	if err != nil {
		return nil, err
	}
	current, pages, err := a.layout(ctx, posts, total)
	if err != nil {
		return nil, err
	}
	shown := make(map[int64]bool, len(current))
	for _, p := range current {
		shown[p.winner.Cluster] = true
	}
	for _, pg := range pages {
		for _, p := range pg.posts {
			shown[p.winner.Cluster] = true
		}
	}
	return shown, nil
}

// expired marks the entries the rules would let go, before protection:
// beyond the newest MaxPerSource of their source (newest by the effective
// published date: the source's, else first seen), or older than MaxAge.
// Each source's most recently updated entry is never marked.
func (a *App) expired(members []store.Member, scope pruneScope) map[int64]bool {
	r := a.cfg.Retain
	var cutoff time.Time
	if scope.age && r.MaxAge > 0 {
		cutoff = a.now().Add(-r.MaxAge)
	}
	bySource := map[string][]store.Member{}
	for _, m := range members {
		bySource[m.Source] = append(bySource[m.Source], m)
	}
	if scope.sources != nil {
		// The others' entries here are only those sharing a post with
		// them: too few to rank, and not this pass's to prune.
		for name := range bySource {
			if _, ok := slices.BinarySearch(scope.sources, name); !ok {
				delete(bySource, name)
			}
		}
	}
	out := map[int64]bool{}
	for _, ms := range bySource {
		slices.SortFunc(ms, func(x, y store.Member) int {
			if c := y.Published.Compare(x.Published); c != 0 {
				return c
			}
			return cmp.Compare(y.ID, x.ID)
		})
		latest := ms[0]
		for _, m := range ms[1:] {
			if m.Updated.After(latest.Updated) {
				latest = m
			}
		}
		for i, m := range ms {
			if m.ID == latest.ID {
				continue
			}
			if r.MaxPerSource > 0 && i >= r.MaxPerSource || !cutoff.IsZero() && m.Published.Before(cutoff) {
				out[m.ID] = true
			}
		}
	}
	return out
}

func allExpired(p *post, expired map[int64]bool) bool {
	for _, m := range p.members {
		if !expired[m.ID] {
			return false
		}
	}
	return true
}

// due reports whether the chore whose last run is recorded under key is
// due again: it never ran, or it ran at least every ago.
func (a *App) due(ctx context.Context, key string, every time.Duration) (bool, error) {
	v, err := a.db.Meta(ctx, key)
	if err != nil {
		return false, err
	}
	last, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return true, nil
	}
	return !a.now().Before(last.Add(every)), nil
}
