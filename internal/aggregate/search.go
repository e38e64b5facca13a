package aggregate

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/tributary/tributary/internal/publish"
	"github.com/tributary/tributary/internal/store"
)

// SearchResult is one post a search found, shown as the merged feed shows
// it: its representative entry under the post's public id.
type SearchResult struct {
	Entry publish.Entry
	// Title is the entry's title with the matched words marked; Snippet a
	// passage of the matching copy's text around them.
	Title   store.Marked
	Snippet store.Marked
	Score   float64 // relevance, higher is better; 0 for newest first
}

// Search finds the stored posts matching what a user typed (see
// store.ParseQuery): each post once, as its representative, best match
// first or, with o.Newest, newest first. A query that cannot be searched
// for gives an error matching store.ErrBadQuery; the parsed query comes
// back for showing the search.
func (a *App) Search(ctx context.Context, text string, o store.SearchOptions) (store.Query, []SearchResult, error) {
	q, err := store.ParseQuery(text)
	if err != nil {
		return q, nil, err
	}
	hits, err := a.db.Search(ctx, q, o)
	if err != nil || len(hits) == 0 {
		return q, nil, err
	}
	clusters := make([]int64, len(hits))
	for i, h := range hits {
		clusters[i] = h.Cluster
	}
	members, err := a.db.MembersOfClusters(ctx, clusters)
	if err != nil {
		return q, nil, err
	}
	posts := map[int64]*post{}
	ids := make([]int64, 0, len(members))
	for _, p := range a.group(members) {
		posts[p.winner.Cluster] = p
	}
	for _, m := range members {
		ids = append(ids, m.ID)
	}
	recs, err := a.db.Entries(ctx, ids)
	if err != nil {
		return q, nil, err
	}
	byID := make(map[int64]store.Record, len(recs))
	for _, r := range recs {
		byID[r.ID] = r
	}
	states, err := a.db.SourceStates(ctx)
	if err != nil {
		return q, nil, err
	}
	out := make([]SearchResult, 0, len(hits))
	for _, h := range hits {
		p := posts[h.Cluster]
		if p == nil {
			continue // merged or pruned between the two reads
		}
		res := SearchResult{Entry: a.entry(p, byID, states), Snippet: h.Snippet, Score: h.Score}
		// The marks are the matching copy's; its title is the post's
		// unless another copy represents it with a different one.
		res.Title = store.Marked(res.Entry.Title)
		if h.Title.Plain() == res.Entry.Title {
			res.Title = h.Title
		}
		out = append(out, res)
	}
	return q, out, nil
}

// searchPageLimit is how many posts the search page shows.
const searchPageLimit = 50

// SearchPage is the HTML page of a search, best matches first. A query
// that cannot be run gives a page saying why (Problem), not an error. Its
// links are relative to the server's root: the river page, the form's
// target and the Atom feed of the same search.
func (a *App) SearchPage(ctx context.Context, text string) (publish.SearchPage, error) {
	page := publish.SearchPage{Feed: a.searchHeader(), Query: text, Home: "./", Action: "search"}
	q, results, err := a.Search(ctx, text, store.SearchOptions{Limit: searchPageLimit + 1})
	if errors.Is(err, store.ErrBadQuery) {
		page.Problem = err.Error()
		return page, nil
	}
	if err != nil {
		return page, err
	}
	page.FeedURL = "search.xml?q=" + url.QueryEscape(q.String())
	if len(results) > searchPageLimit {
		results, page.More = results[:searchPageLimit], true
	}
	for _, r := range results {
		page.Results = append(page.Results, publish.SearchResult{Entry: r.Entry,
			Title: highlights(r.Title), Snippet: highlights(r.Snippet)})
	}
	return page, nil
}

func highlights(m store.Marked) []publish.Highlight {
	spans := m.Spans()
	out := make([]publish.Highlight, len(spans))
	for i, s := range spans {
		out[i] = publish.Highlight{Text: s.Text, Match: s.Match}
	}
	return out
}

// searchHeader is the merged feed's metadata that heads a search's page
// and feed.
func (a *App) searchHeader() publish.Feed {
	c := a.cfg.Feed
	return publish.Feed{
		Title: c.Title, Author: c.Author, AuthorURI: c.AuthorURI, AuthorEmail: c.AuthorEmail,
		Generator: publish.Generator{Name: "Tributary", Version: a.version, URI: "https://github.com/tributary/tributary"},
	}
}

// SearchFeed is a search as an Atom-ready feed of its newest matches (as
// many as the merged feed holds), for a reader to subscribe to. base is
// the URL the server answers at (with a trailing slash); the feed's self
// link and id are its search.xml URL with the query normalised, so one
// search keeps one id however it was typed. A query that cannot be run
// gives the reason as problem, not an error.
func (a *App) SearchFeed(ctx context.Context, text, base string) (f publish.Feed, problem string, err error) {
	limit := min(max(a.cfg.Output.MaxEntries, 1), store.MaxSearchLimit)
	q, results, err := a.Search(ctx, text, store.SearchOptions{Newest: true, Limit: limit})
	if errors.Is(err, store.ErrBadQuery) {
		return f, err.Error(), nil
	}
	if err != nil {
		return f, "", err
	}
	f = a.searchHeader()
	query := url.QueryEscape(q.String())
	f.Title = fmt.Sprintf("%s: %s", f.Title, q.String())
	f.Subtitle = fmt.Sprintf("The newest posts matching the search %s", q.String())
	f.SelfURL, f.Link = base+"search.xml?q="+query, base+"search?q="+query
	f.ID = f.SelfURL
	for _, r := range results {
		if r.Entry.Updated.After(f.Updated) {
			f.Updated = r.Entry.Updated
		}
		f.Entries = append(f.Entries, r.Entry)
	}
	return f, "", nil
}
