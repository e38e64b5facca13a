package aggregate

import (
	"context"
	"math"
	"slices"

	"github.com/tributary/tributary/internal/store"
)

// shownPosts returns the posts the outputs show, with their public ids
// settled: the current feed's and the kept archive pages'. It reads only
// the posts that can be among them and those contending for their ids,
// not every stored entry, so a cycle's publishing costs the size of the
// window, not of the archive. The result is the one layout gives over all
// the stored posts (window_test.go holds it to that).
func (a *App) shownPosts(ctx context.Context) (current []*post, pages []archivePage, err error) {
	total, err := a.db.PostCount(ctx)
	if err != nil {
		return nil, nil, err
	}
	posts, err := a.window(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := a.separateShown(ctx, posts); err != nil {
		return nil, nil, err
	}
	return a.layout(ctx, posts, total)
}

// windowSize is how many of the newest posts the outputs can show: the
// current feed's cap and as many again for each kept archive page.
func (a *App) windowSize() int {
	o := a.cfg.Output
	return max(0, o.MaxEntries) * (1 + max(0, o.ArchivePages))
}

// window returns the newest windowSize posts, newest first, as group
// orders all posts. A post ranks by its winner's published date, which is
// never later than its newest entry's: so once the entries published at
// or after some date make up at least windowSize posts ranking at or after
// that date, no post without such an entry can outrank them. The date
// starts where twice the window's entries are, and goes down until it
// holds.
func (a *App) window(ctx context.Context) ([]*post, error) {
	want := a.windowSize()
	if want == 0 {
		return nil, nil
	}
	for depth := 2 * want; ; depth *= 2 {
		since, found, err := a.db.PublishedFloor(ctx, depth)
		if err != nil {
			return nil, err
		}
		if since <= 0 {
			// Unknown and pre-1970 dates do not order the same as
			// stored numbers and as times: take every post.
			since, found = math.MinInt64, false
		}
		members, err := a.db.MembersSince(ctx, since)
		if err != nil {
			return nil, err
		}
		posts := a.group(members)
		if !found {
			return posts[:min(want, len(posts))], nil
		}
		ranked := 0
		for _, p := range posts {
			if p.winner.Published.Unix() >= since {
				ranked++
			}
		}
		if ranked >= want {
			return posts[:want], nil
		}
	}
}

// separateShown settles the public ids of the shown posts as separateIDs
// would over all the posts: with every other post whose id is one of
// theirs, in the same order. Posts contending for other ids do not touch
// the outputs and are left for when they do.
func (a *App) separateShown(ctx context.Context, shown []*post) error {
	ids := make([]string, 0, len(shown))
	clusters := make(map[int64]bool, len(shown))
	for _, p := range shown {
		ids = append(ids, p.publicID)
		clusters[p.winner.Cluster] = true
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	members, err := a.db.MembersSharingIDs(ctx, ids)
	if err != nil {
		return err
	}
	var others []store.Member
	for _, m := range members {
		if !clusters[m.Cluster] {
			others = append(others, m)
		}
	}
	contenders := slices.Clone(shown)
	for _, p := range a.group(others) {
		if _, ok := slices.BinarySearch(ids, p.publicID); ok {
			contenders = append(contenders, p)
		}
	}
	return a.separateIDs(ctx, contenders)
}
