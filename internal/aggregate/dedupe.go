package aggregate

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/dedupe"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/store"
)

// dedupe compares every entry waiting in the pending queue (new or changed
// in this run, or in a run killed before its own pass) with its candidates
// — the entries sharing its canonical link or an LSH band key of its
// signature, found by index lookups, never all pairs — and merges the ones
// that are the same post. The queue is cleared only once every pair is
// decided. It returns how many merges it made.
func (a *App) dedupe(ctx context.Context) (int, error) {
	if err := a.backfillBands(ctx); err != nil {
		return 0, err
	}
	if err := a.db.IndexPending(ctx); err != nil {
		return 0, err
	}
	pending, err := a.db.Pending(ctx)
	if err != nil || len(pending) == 0 {
		return 0, err
	}
	pairs, err := a.candidatePairs(ctx, pending)
	if err != nil {
		return 0, err
	}
	cluster := map[int64]int64{}
	merged := 0
	// Chunks keep memory flat: only the entries of a few hundred pairs are
	// loaded at once.
	for start := 0; start < len(pairs); start += 256 {
		n, err := a.mergePairs(ctx, pairs[start:min(start+256, len(pairs))], cluster)
		merged += n
		if err != nil {
			return merged, err
		}
	}
	return merged, a.db.ClearPending(ctx, pending)
}

// candidatePairs returns the pairs to compare, in ascending order: the
// order decides nothing about which entries end up together (a cluster is
// every entry linked by a pair found the same), but it keeps the recorded
// decisions reproducible.
func (a *App) candidatePairs(ctx context.Context, pending []int64) ([][2]int64, error) {
	want := make(map[int64]bool, len(pending))
	for _, id := range pending {
		want[id] = true
	}
	ps := dedupe.NewPairs(func(id int64) bool { return want[id] })
	err := a.db.Buckets(ctx, pending, dedupe.MaxBucket, func(members []int64) error {
		ps.AddBucket(members)
		return nil
	})
	if err != nil {
		return nil, err
	}
	pairs := ps.Sorted()
	linked, err := a.db.SameLinkPairs(ctx, pending)
	if err != nil {
		return nil, err
	}
	seen := make(map[[2]int64]bool, len(pairs))
	for _, p := range pairs {
		seen[p] = true
	}
	for _, p := range linked {
		if !seen[p] {
			pairs = append(pairs, p)
		}
	}
	slices.SortFunc(pairs, dedupe.ComparePairs)
	return pairs, nil
}

// backfillBatch is how many entries one backfill transaction covers.
const backfillBatch = 5000

// backfillBands stores the band keys of entries stored before the bands
// table existed, a batch at a time, each batch with its progress mark.
func (a *App) backfillBands(ctx context.Context) error {
	for {
		batch, marked, err := a.db.BandsBackfill(ctx, backfillBatch)
		if err != nil || !marked {
			return err
		}
		bands := make([]store.EntryBands, len(batch))
		for i, s := range batch {
			bands[i].ID = s.ID
			var sig dedupe.Signature
			if sig.UnmarshalBinary(s.Signature) == nil {
				bands[i].Bands = sig.BandKeys()
			}
		}
		done := len(batch) < backfillBatch
		if err := a.db.SaveBackfill(ctx, bands, done); err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// mergePairs decides each candidate pair and merges the same posts.
func (a *App) mergePairs(ctx context.Context, pairs [][2]int64, cluster map[int64]int64) (int, error) {
	var ids []int64
	for _, p := range pairs {
		ids = append(ids, p[0], p[1])
	}
	slices.Sort(ids)
	recs, err := a.db.Entries(ctx, slices.Compact(ids))
	if err != nil {
		return 0, err
	}
	byID := make(map[int64]store.Record, len(recs))
	for _, r := range recs {
		byID[r.ID] = r
	}
	// cluster maps a cluster id to the cluster it was merged into during
	// this pass; records loaded earlier may still carry the old one.
	find := func(id int64) int64 {
		c := byID[id].Cluster
		for {
			next, ok := cluster[c]
			if !ok {
				return c
			}
			c = next
		}
	}
	// The decisions are made here, each seeing the clusters the ones
	// before it joined, and stored together.
	var decided []store.Decision
	for _, p := range pairs {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		r, okR := byID[p[0]]
		c, okC := byID[p[1]]
		if !okR || !okC || find(r.ID) == find(c.ID) {
			continue
		}
		same, reason, textSim, titleSim := a.same(r, c)
		if !same {
			continue
		}
		decided = append(decided, store.Decision{A: r.ID, B: c.ID, Reason: reason, TextSim: textSim, TitleSim: titleSim})
		cr, cc := find(r.ID), find(c.ID)
		cluster[max(cr, cc)] = min(cr, cc)
	}
	if err := a.db.MergeAll(ctx, decided, a.now()); err != nil {
		return 0, err
	}
	for _, d := range decided {
		r, c := byID[d.A], byID[d.B]
		a.log.Info("Merged duplicate", "entry", r.Title, "source", r.Source, "with_source", c.Source, "reason", d.Reason)
	}
	return len(decided), nil
}

// same decides whether two stored entries are one post.
func (a *App) same(r, c store.Record) (bool, string, float64, float64) {
	if r.CanonicalLink != "" && r.CanonicalLink == c.CanonicalLink && r.Source != c.Source && a.linkTrusted(r, c) {
		return true, "same link " + r.CanonicalLink, 1, dedupe.TitleSimilarity(r.Title, c.Title)
	}
	var sig, csig dedupe.Signature
	if sig.UnmarshalBinary(r.Signature) != nil || csig.UnmarshalBinary(c.Signature) != nil {
		return false, "", 0, 0
	}
	v := dedupe.Compare(compareDoc(r), compareDoc(c), sig, csig)
	if !v.Same {
		return false, "", v.TextSimilarity, v.TitleSimilarity
	}
	return true, fmt.Sprintf("near-duplicate text: %s", v.Reason), v.TextSimilarity, v.TitleSimilarity
}

func compareDoc(r store.Record) dedupe.Doc {
	content, summary := r.Body() // the whole post once its page was read
	d := dedupe.Doc{Source: r.Source, Title: r.Title, Link: r.CanonicalLink, Published: r.Published,
		Text: htmltext.Text(firstNonEmpty(content, summary))}
	if !r.DateKnown {
		d.Published = time.Time{}
	}
	if len(r.Authors) > 0 {
		d.Author = r.Authors[0]
	}
	return d
}

// linkTrusted says whether a shared link may merge two sources' entries:
// only when the link's host is the own site of both sources, or the config
// says the sources belong together (alias_of, the same author). Any feed can
// claim any URL, so a hostile or sloppy feed must not swallow another blog's
// post; copies that really are the same post still merge on their text.
func (a *App) linkTrusted(r, c store.Record) bool {
	rs, _ := a.cfg.Source(r.Source)
	cs, _ := a.cfg.Source(c.Source)
	if related(rs, cs) {
		return true
	}
	host := hostOf(r.CanonicalLink)
	return host != "" && ownsHost(rs, r, host) && ownsHost(cs, c, host)
}

func related(a, b feed.Source) bool {
	if a.Name == "" || b.Name == "" {
		return false
	}
	if a.AliasOf == b.Name || b.AliasOf == a.Name || (a.AliasOf != "" && a.AliasOf == b.AliasOf) {
		return true
	}
	return a.Author != "" && strings.EqualFold(a.Author, b.Author)
}

func ownsHost(s feed.Source, r store.Record, host string) bool {
	for _, u := range []string{s.URL, s.Link, r.OriginLink, r.OriginFeed} {
		if h := hostOf(u); h != "" && (h == host || strings.HasSuffix(host, "."+h) || strings.HasSuffix(h, "."+host)) {
			return true
		}
	}
	return false
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
