package aggregate

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/dedupe"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/store"
)

// dedupe compares every new or changed entry with its candidates (entries
// sharing its canonical link or an LSH band: never all pairs) and merges the
// ones that are the same post. It returns how many merges it made.
func (a *App) dedupe(ctx context.Context, changed []int64) (int, error) {
	cluster := map[int64]int64{}
	merged := 0
	// Chunks keep memory flat: a cold run over a thousand feeds changes tens
	// of thousands of entries, and their contents must not all be loaded.
	for start := 0; start < len(changed); start += 256 {
		recs, err := a.db.Entries(ctx, changed[start:min(start+256, len(changed))])
		if err != nil {
			return merged, err
		}
		n, err := a.dedupeChunk(ctx, recs, cluster)
		merged += n
		if err != nil {
			return merged, err
		}
	}
	return merged, nil
}

// dedupeChunk merges each record with its candidates; cluster tracks the
// merges made so far in this pass, ahead of the records loaded earlier.
func (a *App) dedupeChunk(ctx context.Context, recs []store.Record, cluster map[int64]int64) (int, error) {
	find := func(r store.Record) int64 {
		if c, ok := cluster[r.ID]; ok {
			return c
		}
		return r.Cluster
	}
	merged := 0
	for _, r := range recs {
		if err := ctx.Err(); err != nil {
			return merged, err
		}
		var sig dedupe.Signature
		if err := sig.UnmarshalBinary(r.Signature); err != nil {
			continue
		}
		cands, err := a.db.Candidates(ctx, r.ID, r.CanonicalLink, sig.Bands())
		if err != nil {
			return merged, err
		}
		for _, c := range cands {
			if find(c) == find(r) {
				continue
			}
			same, reason, textSim, titleSim := a.same(r, c, sig)
			if !same {
				continue
			}
			if err := a.db.Merge(ctx, r.ID, c.ID, reason, textSim, titleSim, a.now()); err != nil {
				return merged, err
			}
			lo := min(find(r), find(c))
			for id, cl := range cluster {
				if cl == find(r) || cl == find(c) {
					cluster[id] = lo
				}
			}
			cluster[r.ID], cluster[c.ID] = lo, lo
			merged++
			a.log.Info("Merged duplicate", "entry", r.Title, "source", r.Source, "with_source", c.Source, "reason", reason)
		}
	}
	return merged, nil
}

// same decides whether two stored entries are one post.
func (a *App) same(r, c store.Record, sig dedupe.Signature) (bool, string, float64, float64) {
	if r.CanonicalLink != "" && r.CanonicalLink == c.CanonicalLink && r.Source != c.Source && a.linkTrusted(r, c) {
		return true, "same link " + r.CanonicalLink, 1, dedupe.TitleSimilarity(r.Title, c.Title)
	}
	var csig dedupe.Signature
	if err := csig.UnmarshalBinary(c.Signature); err != nil {
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
		Text: normalize.TextFromHTML(firstNonEmpty(r.Content, r.Summary))}
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
