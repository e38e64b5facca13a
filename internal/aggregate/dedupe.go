package aggregate

import (
	"cmp"
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

// dedupe compares every new or changed entry with its candidates — the
// entries sharing its canonical link or an LSH band of its signature, never
// all pairs — and merges the ones that are the same post. It returns how
// many merges it made.
func (a *App) dedupe(ctx context.Context, changed []int64) (int, error) {
	if len(changed) == 0 {
		return 0, nil
	}
	want := make(map[int64]bool, len(changed))
	for _, id := range changed {
		want[id] = true
	}
	pairs, err := a.candidatePairs(ctx, want)
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
	return merged, nil
}

func (a *App) candidatePairs(ctx context.Context, want map[int64]bool) ([][2]int64, error) {
	// Sized up front: growing a slice of half-kilobyte signatures by
	// copying would briefly hold them twice.
	n, _, err := a.db.Totals(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, n)
	sigs := make([]dedupe.Signature, 0, n)
	err = a.db.EachSketch(ctx, func(id int64, b []byte) error {
		var sig dedupe.Signature
		if sig.UnmarshalBinary(b) == nil {
			ids, sigs = append(ids, id), append(sigs, sig)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pairs := dedupe.CandidatePairs(ids, sigs, func(id int64) bool { return want[id] })
	linked, err := a.db.SameLinkPairs(ctx, want)
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
	slices.SortFunc(pairs, func(x, y [2]int64) int {
		if c := cmp.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return cmp.Compare(x[1], y[1])
	})
	return pairs, nil
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
	merged := 0
	for _, p := range pairs {
		if err := ctx.Err(); err != nil {
			return merged, err
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
		if err := a.db.Merge(ctx, r.ID, c.ID, reason, textSim, titleSim, a.now()); err != nil {
			return merged, err
		}
		cr, cc := find(r.ID), find(c.ID)
		cluster[max(cr, cc)] = min(cr, cc)
		merged++
		a.log.Info("Merged duplicate", "entry", r.Title, "source", r.Source, "with_source", c.Source, "reason", reason)
	}
	return merged, nil
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
	d := dedupe.Doc{Source: r.Source, Title: r.Title, Link: r.CanonicalLink, Published: r.Published,
		Text: htmltext.Text(firstNonEmpty(r.Content, r.Summary))}
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
