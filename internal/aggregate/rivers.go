package aggregate

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/store"
)

// A river is an extra feed cut from the posts the main feed merges: the
// same clusters, winners and public ids, selected by source, tag and
// pattern. Rivers are planned from the main feed's window (widened only
// when a river's current feed is not full there), so publishing them reads
// the database about once, and each post's entry is built once however
// many feeds show it.

// riverSelector is one river's selection, compiled.
type riverSelector struct {
	river config.River
	// sources are the sources the river draws from; nil means every one.
	sources          map[string]bool
	include, exclude []textPattern
}

// newRiverSelector compiles r's selection against the configured sources.
func newRiverSelector(cfg *config.Config, r config.River) (riverSelector, error) {
	s := riverSelector{river: r}
	if r.Selective() {
		s.sources = map[string]bool{}
		for _, name := range r.Sources {
			s.sources[name] = true
		}
		for _, src := range cfg.Sources {
			for _, t := range src.Tags {
				for _, want := range r.Tags {
					if strings.EqualFold(t, want) {
						s.sources[src.Name] = true
					}
				}
			}
		}
	}
	var err error
	if s.include, err = compileFilters(r.Include); err != nil {
		return s, fmt.Errorf("river %s: include pattern: %w", r.Name, err)
	}
	if s.exclude, err = compileFilters(r.Exclude); err != nil {
		return s, fmt.Errorf("river %s: exclude pattern: %w", r.Name, err)
	}
	return s, nil
}

// textual reports whether the selection reads the posts' text.
func (s riverSelector) textual() bool { return len(s.include) > 0 || len(s.exclude) > 0 }

// admits says whether the post belongs to the river: whether one of its
// copies comes from a selected source and passes the patterns. Merging is
// the main feed's, so a post is in or out as a whole.
func (s riverSelector) admits(p *post, text func(store.Member) *matchable) bool {
	for _, m := range p.members {
		if s.sources != nil && !s.sources[m.Source] {
			continue
		}
		if !s.textual() || admitsText(s.include, s.exclude, text(m)) {
			return true
		}
	}
	return false
}

// riverPlan is what one river shows: its current posts, newest first, and
// its archive pages. A river's archive page n holds its posts among the
// main feed's archive page n, less those still in its current feed, so it
// is numbered, pruned and kept like the main feed's; empty pages are left
// out of its chain.
type riverPlan struct {
	river   config.River
	sel     riverSelector
	current []*post
	pages   []archivePage
	// admitted remembers the selection's verdict on each post (by
	// cluster): patterns over a post's whole text are the costly part of
	// a river, and planning asks about a post more than once.
	admitted map[int64]bool
}

// admits is sel.admits, once per post.
func (pl *riverPlan) admits(p *post, text func(store.Member) *matchable) bool {
	ok, known := pl.admitted[p.winner.Cluster]
	if !known {
		ok = pl.sel.admits(p, text)
		pl.admitted[p.winner.Cluster] = ok
	}
	return ok
}

// recordCache holds the full records publishing has loaded, by entry id,
// and the text patterns match, so that each is loaded and reduced once
// however many rivers look at it.
type recordCache struct {
	db    *store.DB
	byID  map[int64]store.Record
	texts map[int64]*matchable
	read  map[int64]bool // clusters whose text loadTexts has read
}

func newRecordCache(db *store.DB) *recordCache {
	return &recordCache{db: db, byID: map[int64]store.Record{}, texts: map[int64]*matchable{}, read: map[int64]bool{}}
}

// load fetches the records of the posts' members that are not held yet.
func (c *recordCache) load(ctx context.Context, posts ...[]*post) error {
	var ids []int64
	for _, ps := range posts {
		for _, p := range ps {
			for _, m := range p.members {
				if _, ok := c.byID[m.ID]; !ok {
					ids = append(ids, m.ID)
				}
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	recs, err := c.db.Entries(ctx, ids)
	if err != nil {
		return err
	}
	for _, r := range recs {
		c.byID[r.ID] = r
	}
	return nil
}

// loadTexts reads the text patterns match for the members of the posts
// that are neither in window (whose records load keeps, for publishing)
// nor read before, without keeping their records.
func (c *recordCache) loadTexts(ctx context.Context, posts []*post, window map[int64]*post) error {
	var ids []int64
	for _, p := range posts {
		if window[p.winner.Cluster] != nil || c.read[p.winner.Cluster] {
			continue
		}
		c.read[p.winner.Cluster] = true
		for _, m := range p.members {
			if _, ok := c.byID[m.ID]; !ok {
				ids = append(ids, m.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	recs, err := c.db.Entries(ctx, ids)
	if err != nil {
		return err
	}
	for _, r := range recs {
		c.texts[r.ID] = recordText(r)
	}
	return nil
}

// dropTexts lets the text of judged posts beyond the window go: a river
// asks about a post beyond the window only while it is still hungry,
// which it never is again once past it.
func (c *recordCache) dropTexts(posts []*post, window map[int64]*post) {
	for _, p := range posts {
		if window[p.winner.Cluster] != nil {
			continue
		}
		for _, m := range p.members {
			if _, ok := c.byID[m.ID]; !ok {
				delete(c.texts, m.ID)
			}
		}
	}
}

// text is what the patterns match for a loaded member.
func (c *recordCache) text(m store.Member) *matchable {
	if t, ok := c.texts[m.ID]; ok {
		return t
	}
	r := c.byID[m.ID]
	t := recordText(r)
	c.texts[m.ID] = t
	return t
}

// recordText is what a river's patterns match for a stored entry: the
// fields a source's patterns match in a feed's item, with the text the
// published entry carries (Record.Body): once its post's page has been
// read, the whole post and the feed's excerpt beside it. A post that the
// source's patterns admitted on its excerpt is still judged on that
// excerpt's words, and on the rest of the post as well.
func recordText(r store.Record) *matchable {
	content, summary := r.Body()
	return matchText(r.Title, content, summary, r.Authors, r.Categories)
}

// planRivers lays out every configured river from the main feed's window
// (newest first), its archive pages and the records loaded so far. Only
// when a river finds fewer posts than its cap in the window, and posts
// exist beyond it, is the database read again: once, as deep as the
// hungriest river needs. beyond are the posts that rivers show from
// there, whose public ids the caller settles (separateShown) before
// publishing them; the window's were settled with the main feed's.
func (a *App) planRivers(ctx context.Context, window []*post, mainPages []archivePage, recs *recordCache) (plans []riverPlan, beyond []*post, err error) {
	if len(a.cfg.Rivers) == 0 {
		return nil, nil, nil
	}
	plans = make([]riverPlan, 0, len(a.cfg.Rivers))
	textual := false
	for _, r := range a.cfg.Rivers {
		sel, err := newRiverSelector(a.cfg, r)
		if err != nil {
			return nil, nil, err
		}
		textual = textual || sel.textual()
		plans = append(plans, riverPlan{river: r, sel: sel, admitted: map[int64]bool{}})
	}
	if textual {
		if err := recs.load(ctx, window); err != nil {
			return nil, nil, err
		}
	}
	candidates, deeper := window, map[int64]bool(nil)
	if len(window) >= a.windowSize() && a.hungry(plans, window, recs.text) {
		if candidates, deeper, err = a.deeperCandidates(ctx, window, plans, textual, recs); err != nil {
			return nil, nil, err
		}
	}
	var cutoff time.Time
	if age := a.cfg.Output.MaxAge; age > 0 {
		cutoff = a.now().Add(-age)
	}
	for i := range plans {
		pl := &plans[i]
		inCurrent := map[int64]bool{}
		for _, p := range candidates {
			if len(pl.current) == pl.river.MaxEntries || !cutoff.IsZero() && p.winner.Published.Before(cutoff) {
				break
			}
			if pl.admits(p, recs.text) {
				pl.current = append(pl.current, p)
				inCurrent[p.winner.Cluster] = true
				if deeper[p.winner.Cluster] {
					beyond = append(beyond, p)
					delete(deeper, p.winner.Cluster)
				}
			}
		}
		for _, pg := range mainPages {
			var posts []*post
			for _, p := range pg.posts {
				if !inCurrent[p.winner.Cluster] && pl.admits(p, recs.text) {
					posts = append(posts, p)
				}
			}
			if len(posts) > 0 {
				pl.pages = append(pl.pages, archivePage{number: pg.number, posts: posts})
			}
		}
	}
	return plans, beyond, nil
}

// hungry reports whether some river finds fewer posts than its cap among
// the ranked posts. Every river judges the posts, up to its cap, even once
// one is found hungry: deeperCandidates lets their text go after this.
func (a *App) hungry(plans []riverPlan, ranked []*post, text func(store.Member) *matchable) bool {
	hungry := false
	for i := range plans {
		pl := &plans[i]
		n := 0
		for _, p := range ranked {
			if n == pl.river.MaxEntries {
				break
			}
			if pl.admits(p, text) {
				n++
			}
		}
		hungry = hungry || n < pl.river.MaxEntries
	}
	return hungry
}

// deeperCandidates reads the posts beyond the main window until every
// river's current feed is full or every post is read, and returns them
// newest first, as far as the rivers judged them, with the window's own
// posts (whose ids are settled) in place; and the clusters of those
// beyond it.
func (a *App) deeperCandidates(ctx context.Context, window []*post, plans []riverPlan, textual bool, recs *recordCache) ([]*post, map[int64]bool, error) {
	known := make(map[int64]*post, len(window))
	for _, p := range window {
		known[p.winner.Cluster] = p
	}
	judged := 0
	judge := func(ranked []*post) (bool, error) {
		if !textual {
			judged = len(ranked)
			return !a.hungry(plans, ranked, recs.text), nil
		}
		// A window's worth at a time, newest first: the text of the
		// posts beyond the window is read only as deep as a river still
		// needs it, and let go once judged, so a river that matches
		// little costs time but not the memory of every stored post.
		for judged = 0; judged < len(ranked); {
			chunk := ranked[judged:min(judged+max(1, a.windowSize()), len(ranked))]
			if err := recs.loadTexts(ctx, chunk, known); err != nil {
				return false, err
			}
			judged += len(chunk)
			hungry := a.hungry(plans, ranked[:judged], recs.text)
			recs.dropTexts(chunk, known)
			if !hungry {
				return true, nil
			}
		}
		return false, nil
	}
	posts, ranked, err := a.scan(ctx, 4*a.windowSize(), judge)
	if err != nil {
		return nil, nil, err
	}
	if ranked == len(posts) && judged < ranked {
		// Every post was read at once: judge them all.
		if _, err := judge(posts); err != nil {
			return nil, nil, err
		}
	}
	posts = posts[:judged]
	beyond := map[int64]bool{}
	for i, p := range posts {
		if k, ok := known[p.winner.Cluster]; ok {
			posts[i] = k
		} else {
			beyond[p.winner.Cluster] = true
		}
	}
	return posts, beyond, nil
}
