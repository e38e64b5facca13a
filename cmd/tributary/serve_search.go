package main

import (
	"context"

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
