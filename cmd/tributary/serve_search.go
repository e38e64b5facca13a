package main

import (
	"context"
	"errors"

	"github.com/tributary/tributary/internal/publish"
)

// daemonSearch answers the server's searches with the daemon's current
// app, which a reload of the config replaces.
type daemonSearch struct{ d *daemon }

func (s daemonSearch) SearchPage(ctx context.Context, query string) (publish.SearchPage, error) {
	return s.d.current().SearchPage(ctx, query)
}

func (s daemonSearch) SearchFeed(ctx context.Context, query, base string) (publish.Feed, string, error) {
	return s.d.current().SearchFeed(ctx, query, base)
}

// indexForSearch indexes, in the background, the entries a database kept
// from before it had a search index, so that the first search does not
// wait for it. The channel closes when it is done or ctx ends.
func (d *daemon) indexForSearch(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := d.db.IndexForSearch(ctx); err != nil && !errors.Is(err, context.Canceled) {
			d.log.Warn("Indexing stored entries for search failed; the first search will try again", "error", err.Error())
		}
	}()
	return done
}
