package aggregate

import (
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
	// shown holds the posts (by cluster) of the edition being published,
	// which the pass keeps; nil to work out what the outputs show.
	shown map[int64]bool
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

// retain is the cycle's share of retention: the full pass at most once a
// day, and in between a trim of the sources this cycle pushed over
// retention.max_per_source, so that cycles fetching many new posts never
// let the database outgrow its bound. The first full pass comes a day
// after the first cycle, so that a cold start pays only for what it
// stores. shown is what the edition being published shows (nil when the
// cycle publishes nothing). It returns how many entries went: pruning
// only removes what the outputs do not show, so the outputs stay valid,
// but their stamp must be carried over (see carryStamp).
func (a *App) retain(ctx context.Context, sum Summary, shown map[int64]bool) (int, error) {
	last, err := a.db.Meta(ctx, lastPruneKey)
	if err != nil {
		return 0, err
	}
	if last == "" {
		if err := a.db.SetMeta(ctx, lastPruneKey, a.now().UTC().Format(time.RFC3339)); err != nil {
			return 0, err
		}
	}
	full, err := a.due(ctx, lastPruneKey, pruneEvery)
	if err != nil {
		return 0, err
	}
	scope := pruneScope{age: full, shown: shown}
	if !full {
		over, err := a.overCap(ctx, sum)
		if err != nil || len(over) == 0 {
			return 0, err
		}
		scope.sources = over
	}
	rep, err := a.prune(ctx, scope, full)
	if err != nil {
		return rep.Entries, err
	}
	if full {
		if err := a.db.SetMeta(ctx, lastPruneKey, a.now().UTC().Format(time.RFC3339)); err != nil {
			return rep.Entries, err
		}
	}
	if rep.Entries > 0 {
		a.log.Info("Pruned old entries", "entries", rep.Entries, "posts", rep.Posts, "kept", rep.Kept,
			"reclaimed_bytes", rep.Reclaimed)
	}
	return rep.Entries, nil
}

// overCap returns the sources whose new entries this cycle stored left
// them above retention.max_per_source, sorted. Sources above it that the
// cycle did not grow are left to the daily pass: what keeps them there is
// mostly posts the outputs still show, which ranking them again each
// cycle would keep (at 1,000 feeds, a fifth of the sources, ranked for 90
// ms in a cycle in which 10 changed).
func (a *App) overCap(ctx context.Context, sum Summary) ([]string, error) {
	limit := a.cfg.Retain.MaxPerSource
	if limit <= 0 || len(sum.grew) == 0 {
		return nil, nil
	}
	counts, err := a.db.EntryCounts(ctx)
	if err != nil {
		return nil, err
	}
	var over []string
	for _, name := range sum.grew {
		if counts[name] > limit {
			over = append(over, name)
		}
	}
	slices.Sort(over)
	return slices.Compact(over), nil
}

// carryStamp records that the outputs on disk, made before a prune, are
// still what the database now makes.
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
// come from it. The database ranks the entries (see store.ExpiredPosts):
// a pass holds what it removes and what the outputs show, never the
// whole archive.
func (a *App) planPrune(ctx context.Context, scope pruneScope) (PruneReport, []int64, error) {
	rep := PruneReport{BySource: map[string]int{}}
	r := a.cfg.Retain
	rule := store.ExpiryRule{MaxPerSource: r.MaxPerSource, Sources: scope.sources}
	if scope.age && r.MaxAge > 0 {
		rule.Before = a.now().Add(-r.MaxAge)
	}
	// A scope of most sources costs more to list than to leave out.
	// Ranking them all brings the others down to their cap too, as the
	// daily pass would; only that pass applies the age rule.
	if 2*len(scope.sources) >= len(a.cfg.Sources) {
		rule.Sources = nil
	}
	expired, err := a.db.ExpiredPosts(ctx, rule)
	if err != nil {
		return rep, nil, err
	}
	shown := scope.shown
	if shown == nil {
		if shown, err = a.shownClusters(ctx); err != nil {
			return rep, nil, err
		}
	}
	ids := make([]int64, 0, len(expired))
	posts := map[int64]bool{}
	for _, e := range expired {
		if shown[e.Cluster] {
			continue
		}
		ids = append(ids, e.ID)
		rep.BySource[e.Source]++
		posts[e.Cluster] = true
	}
	rep.Posts = len(posts)
	stored, _, err := a.db.Totals(ctx)
	if err != nil {
		return rep, nil, err
	}
	rep.Entries = len(ids)
	rep.Kept = stored - len(ids)
	return rep, ids, nil
}

// shownClusters returns the posts (by cluster) the outputs show: the
// current feed's, the kept archive pages' and the rivers' current feeds'.
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
	plans, _, err := a.planRivers(ctx, posts, pages, newRecordCache(a.db))
	if err != nil {
		return nil, err
	}
	return showing(current, pages, plans), nil
}

// showing returns the posts (by cluster) that the current feed, its
// archive pages and the rivers' current feeds show. A river's archive
// pages are cut from the main feed's; its current posts may reach further
// back.
func showing(current []*post, pages []archivePage, plans []riverPlan) map[int64]bool {
	shown := make(map[int64]bool, len(current))
	for _, p := range current {
		shown[p.winner.Cluster] = true
	}
	for _, pl := range plans {
		for _, p := range pl.current {
			shown[p.winner.Cluster] = true
		}
	}
	for _, pg := range pages {
		for _, p := range pg.posts {
			shown[p.winner.Cluster] = true
		}
	}
	return shown
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
