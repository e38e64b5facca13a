package aggregate

import (
	"context"
	"math"
	"slices"

	"github.com/tributary/tributary/internal/store"
)

// shownPosts returns the posts the outputs show, with their public ids
// settled: the current feed's and the kept archive pages'; and the window
// they were laid out from. It reads only the posts that can be among them
// and those contending for their ids, not every stored entry, so a
// cycle's publishing costs the size of the window, not of the archive.
// The result is the one layout gives over all the stored posts
// (window_test.go holds it to that).
func (a *App) shownPosts(ctx context.Context) (window, current []*post, pages []archivePage, err error) {
	total, err := a.db.PostCount(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	posts, err := a.window(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := a.separateShown(ctx, posts); err != nil {
		return nil, nil, nil, err
	}
	current, pages, err = a.layout(ctx, posts, total)
	return posts, current, pages, err
}

// windowSize is how many of the newest posts the outputs can show: the
// current feed's cap and as many again for each kept archive page.
func (a *App) windowSize() int {
	o := a.cfg.Output
	return max(0, o.MaxEntries) * (1 + max(0, o.ArchivePages))
}

// window returns the newest windowSize posts, newest first, as group
// orders all posts.
func (a *App) window(ctx context.Context) ([]*post, error) {
	want := a.windowSize()
	if want == 0 {
		return nil, nil
	}
	posts, _, err := a.scan(ctx, 2*want, func(ranked []*post) (bool, error) { return len(ranked) >= want, nil })
	return posts[:min(want, len(posts))], err
}

// scan reads the newest posts, newest first as group orders them, until
// enough is satisfied by those ranked so far, or every post is read. A
// post ranks by its winner's published date, which is never later than
// its newest entry's: so once the entries published at or after some date
// are read, with every post they belong to, the posts ranking at or after
// that date are complete and in order, and no post left unread can
// outrank them. The date starts where depth entries are, and goes down
// (depth doubling) until enough holds. ranked is how many of the posts,
// from the first, are in their final order: all of them when every post
// was read.
func (a *App) scan(ctx context.Context, depth int, enough func(ranked []*post) (bool, error)) (posts []*post, ranked int, err error) {
	for ; ; depth *= 2 {
		since, found, err := a.db.PublishedFloor(ctx, depth)
		if err != nil {
			return nil, 0, err
		}
		if since <= 0 {
			// Unknown and pre-1970 dates do not order the same as
			// stored numbers and as times: take every post.
			since, found = math.MinInt64, false
		}
		members, err := a.db.MembersSince(ctx, since)
		if err != nil {
			return nil, 0, err
		}
		posts := a.group(members)
		if !found {
			return posts, len(posts), nil
		}
		ranked := 0
		for _, p := range posts {
			if p.winner.Published.Unix() >= since {
				ranked++
			}
		}
		if ok, err := enough(posts[:ranked]); err != nil || ok {
			return posts, ranked, err
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
