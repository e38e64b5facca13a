package aggregate

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/publish"
	"github.com/tributary/tributary/internal/store"
	"github.com/tributary/tributary/internal/urlref"
	"github.com/tributary/tributary/internal/websub"
)

// post is one cluster of duplicate entries: what the merged feed shows once.
type post struct {
	winner         store.Member
	members        []store.Member
	publicID       string
	firstPublished time.Time // when publicID first went out; zero if never
}

// Publish writes every output from the database and returns how many
// entries the merged feed holds.
func (a *App) Publish(ctx context.Context) (int, error) {
	start := a.now()
	ed, err := a.edition(ctx)
	if err != nil {
		return 0, err
	}
	a.log.Debug("Publish: read the window", "elapsed", a.now().Sub(start).String())
	return a.publishEdition(ctx, ed)
}

// publishEdition writes the edition's outputs and records which entry ids
// went out, and returns how many entries the merged feed holds.
func (a *App) publishEdition(ctx context.Context, ed edition) (int, error) {
	atomChanged, err := a.write(ed)
	if err != nil {
		return 0, err
	}
	if atomChanged {
		a.pingHub(ctx)
	}
	ids := make(map[string]int64, len(ed.current.Entries))
	for _, e := range ed.current.Entries {
		ids[e.ID] = 0
	}
	for _, r := range ed.rivers {
		for _, e := range r.current.Entries {
			ids[e.ID] = 0
		}
	}
	if err := a.db.RecordPublished(ctx, ids, a.now()); err != nil {
		return 0, err
	}
	return len(ed.current.Entries), nil
}

// Build assembles the merged feed from the database: one entry per post,
// newest first, capped by count and age.
func (a *App) Build(ctx context.Context) (publish.Feed, error) {
	ed, err := a.edition(ctx)
	return ed.current, err
}

// edition is everything one publish writes: the current feed and the RFC
// 5005 archive pages holding what no longer fits in it, and the same for
// each river.
type edition struct {
	current  publish.Feed
	archives []archivePage
	rivers   []riverEdition
	shown    map[int64]bool // the posts (by cluster) it shows; see showing
}

func (a *App) edition(ctx context.Context) (edition, error) {
	window, current, pages, err := a.shownPosts(ctx)
	if err != nil {
		return edition{}, err
	}
	recs := newRecordCache(a.db)
	plans, beyond, err := a.planRivers(ctx, window, pages, recs)
	if err != nil {
		return edition{}, err
	}
	if err := a.separateShown(ctx, beyond); err != nil {
		return edition{}, err
	}
	shown := [][]*post{current}
	for _, pg := range pages {
		shown = append(shown, pg.posts)
	}
	for _, pl := range plans {
		shown = append(shown, pl.current)
	}
	if err := recs.load(ctx, shown...); err != nil {
		return edition{}, err
	}
	byID := recs.byID
	states, err := a.db.SourceStates(ctx)
	if err != nil {
		return edition{}, err
	}
	newest, err := a.db.NewestUpdates(ctx)
	if err != nil {
		return edition{}, err
	}
	header := a.feedHeader(states, newest)
	// Each post's entry is built once, however many feeds show it.
	built := a.entries(slices.Concat(shown...), byID, states)
	fill := func(f publish.Feed, ps []*post) publish.Feed {
		f.Entries = make([]publish.Entry, 0, len(ps))
		for _, p := range ps {
			e, ok := built[p.winner.Cluster]
			if !ok {
				e = a.entry(p, byID, states)
				built[p.winner.Cluster] = e
			}
			if e.Updated.After(f.Updated) {
				f.Updated = e.Updated
			}
			f.Entries = append(f.Entries, e)
		}
		return f
	}
	ed := edition{shown: showing(current, pages, plans)}
	ed.current, ed.archives = assemble(header, a.cfg.Feed.URL, current, pages, fill)
	for _, pl := range plans {
		re := riverEdition{river: pl.river}
		re.current, re.archives = assemble(riverHeader(header, pl.river, pl.sel), pl.river.URL, pl.current, pl.pages, fill)
		ed.rivers = append(ed.rivers, re)
	}
	return ed, nil
}

// assemble fills one feed's current document and archive pages from the
// header and the posts, and links them as RFC 5005 wants. feedURL is the
// public URL of the feed's atom.xml.
func assemble(header publish.Feed, feedURL string, current []*post, pages []archivePage,
	fill func(publish.Feed, []*post) publish.Feed) (publish.Feed, []archivePage) {
	cur := fill(header, current)
	var archives []archivePage
	for i, pg := range pages {
		f := header
		f.Archive, f.Current = true, feedURL
		f.SelfURL = archiveURL(feedURL, pg.number)
		if i > 0 {
			f.PrevArchive = archiveURL(feedURL, pages[i-1].number)
		}
		if i+1 < len(pages) {
			f.NextArchive = archiveURL(feedURL, pages[i+1].number)
		}
		pg.feed = fill(f, pg.posts)
		archives = append(archives, pg)
	}
	if n := len(pages); n > 0 {
		cur.PrevArchive = archiveURL(feedURL, pages[n-1].number)
	}
	return cur, archives
}

// layout places the posts (newest first): those the current feed shows,
// and the archive pages published beyond it. What it places is what
// retention never prunes. posts may stop short of the stored posts, which
// number total, as long as it holds every post the layout can place
// (see window).
func (a *App) layout(ctx context.Context, posts []*post, total int) (current []*post, pages []archivePage, err error) {
	pruned, err := a.db.PrunedPosts(ctx)
	if err != nil {
		return nil, nil, err
	}
	current, rest := a.split(posts)
	o := a.cfg.Output
	return current, archivePages(rest, total-len(current), pruned, o.MaxEntries, o.ArchivePages), nil
}

// split divides the posts (newest first) into those the current feed shows
// and the rest, which go to the archive: beyond the cap or older than
// max_age.
func (a *App) split(posts []*post) (current, rest []*post) {
	var cutoff time.Time
	if age := a.cfg.Output.MaxAge; age > 0 {
		cutoff = a.now().Add(-age)
	}
	for _, p := range posts {
		if len(current) < a.cfg.Output.MaxEntries && (cutoff.IsZero() || !p.winner.Published.Before(cutoff)) {
			current = append(current, p)
		} else {
			rest = append(rest, p)
		}
	}
	return current, rest
}

// group turns entries into posts: clusters with a stable winner and the id
// subscribers first saw for them.
func (a *App) group(members []store.Member) []*post {
	byCluster := map[int64]*post{}
	var order []*post
	for _, m := range members {
		p := byCluster[m.Cluster]
		if p == nil {
			p = &post{}
			byCluster[m.Cluster] = p
			order = append(order, p)
		}
		p.members = append(p.members, m)
	}
	for _, p := range order {
		slices.SortFunc(p.members, a.winnerOrder)
		p.winner = p.members[0]
		p.publicID = p.winner.PublicID
		var first time.Time
		for _, m := range p.members {
			if !m.FirstPublished.IsZero() && (first.IsZero() || m.FirstPublished.Before(first)) {
				first, p.publicID = m.FirstPublished, m.PublicID
			}
		}
		p.firstPublished = first
	}
	slices.SortFunc(order, func(x, y *post) int {
		if c := y.winner.Published.Compare(x.winner.Published); c != 0 {
			return c
		}
		return cmp.Compare(x.publicID, y.publicID)
	})
	return order
}

// separateIDs makes sure no two posts share a public id. Any feed can claim
// any id, so when two sources' different posts carry the same one, the post
// that published it first (else the older row) keeps it and the other gets
// the tag: id derived from its own source and key, stored so it never
// changes again.
func (a *App) separateIDs(ctx context.Context, posts []*post) error {
	owner := make(map[string]*post, len(posts))
	for _, p := range posts {
		q, taken := owner[p.publicID]
		if !taken {
			owner[p.publicID] = p
			continue
		}
		keep, move := q, p
		if keepsID(p, q) {
			keep, move = p, q
		}
		owner[p.publicID] = keep
		id := PublicID(move.winner.Source, move.winner.Key, "")
		if err := a.db.SetPublicID(ctx, move.winner.ID, id); err != nil {
			return err
		}
		a.log.Warn("Two sources use one entry id; giving one a new id", "id", move.publicID,
			"source", move.winner.Source, "new_id", id, "kept_by", keep.winner.Source)
		move.publicID = id
	}
	return nil
}

// keepsID says whether x keeps a public id it shares with y: the post that
// published it first, else the older row.
func keepsID(x, y *post) bool {
	switch {
	case !x.firstPublished.IsZero() && (y.firstPublished.IsZero() || x.firstPublished.Before(y.firstPublished)):
		return true
	case !y.firstPublished.IsZero():
		return false
	default:
		return x.winner.ID < y.winner.ID
	}
}

// winnerOrder ranks the copies of one post: earliest published, then the
// source's priority, then config order, then the oldest row. It depends on
// nothing that changes between runs, so the winner never flips.
func (a *App) winnerOrder(x, y store.Member) int {
	if c := precise(x.Published).Compare(precise(y.Published)); c != 0 {
		return c
	}
	sx, _ := a.cfg.Source(x.Source)
	sy, _ := a.cfg.Source(y.Source)
	if c := cmp.Compare(sy.Priority, sx.Priority); c != 0 {
		return c
	}
	if c := cmp.Compare(sx.Order, sy.Order); c != 0 {
		return c
	}
	return cmp.Compare(x.ID, y.ID)
}

// precise ranks a date known only to the day (a saved page's date header
// gives midnight) at the end of that day, so a copy with the real time of
// the same day is earlier rather than losing to an artefact of precision.
func precise(t time.Time) time.Time {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Add(24*time.Hour - time.Second)
	}
	return t
}

// entries builds the entry of each of posts, keyed by cluster, on every
// core: making each safe (see enforceSafe) reads its HTML again, most of
// the time a publish spends outside the database.
func (a *App) entries(posts []*post, byID map[int64]store.Record, states map[string]feed.SourceState) map[int64]publish.Entry {
	todo := make([]*post, 0, len(posts))
	seen := make(map[int64]bool, len(posts))
	for _, p := range posts {
		if !seen[p.winner.Cluster] {
			seen[p.winner.Cluster] = true
			todo = append(todo, p)
		}
	}
	out := make([]publish.Entry, len(todo))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(todo); i = int(next.Add(1) - 1) {
				out[i] = a.entry(todo[i], byID, states)
			}
		})
	}
	wg.Wait()
	built := make(map[int64]publish.Entry, len(todo))
	for i, p := range todo {
		built[p.winner.Cluster] = out[i]
	}
	return built
}

func (a *App) entry(p *post, byID map[int64]store.Record, states map[string]feed.SourceState) publish.Entry {
	w := byID[p.winner.ID]
	src, _ := a.cfg.Source(w.Source)
	content, summary := w.Body()
	e := publish.Entry{
		ID:         p.publicID,
		Title:      w.Title,
		Link:       w.Link,
		Authors:    w.Authors,
		Categories: w.Categories,
		Published:  w.Published,
		Precision:  datePrecision(w),
		Updated:    w.Updated,
		Content:    content,
		Summary:    summary,
		Source:     a.sourceInfo(src, w, states[w.Source]),
	}
	if len(e.Authors) == 0 && src.Author != "" {
		e.Authors = []string{src.Author}
	}
	for _, enc := range w.Enclosures {
		e.Enclosures = append(e.Enclosures, publish.Enclosure{URL: enc.URL, Type: enc.Type, Length: enc.Length})
	}
	for _, m := range p.members[1:] {
		r, ok := byID[m.ID]
		switch {
		case !ok || r.Link == "" || r.Link == e.Link || slices.Contains(e.Related, r.Link):
		case e.Link == "":
			// A saved page without its address: the first copy that has
			// one gives readers somewhere to go.
			e.Link = r.Link
		default:
			e.Related = append(e.Related, r.Link)
		}
	}
	enforceSafe(&e)
	return e
}

// enforceSafe is the last line of defence, applied to everything an output
// shows: whatever reached the database, nothing unsafe leaves. HTML that
// fails the invariant is sanitised again (Sanitize guarantees it), metadata
// is reduced to plain text, and links that are not http(s) are dropped.
func enforceSafe(e *publish.Entry) {
	if len(normalize.Unsafe(e.Content)) > 0 {
		e.Content = normalize.Sanitize(e.Content, e.Link)
	}
	if len(normalize.Unsafe(e.Summary)) > 0 {
		e.Summary = normalize.Sanitize(e.Summary, e.Link)
	}
	text, link := safeText, safeLink
	e.Title, e.Source.Title, e.Source.Name = text(e.Title), text(e.Source.Title), text(e.Source.Name)
	for i := range e.Authors {
		e.Authors[i] = text(e.Authors[i])
	}
	for i := range e.Categories {
		e.Categories[i] = text(e.Categories[i])
	}
	e.Link, e.Source.Link, e.Source.FeedURL = link(e.Link), link(e.Source.Link), link(e.Source.FeedURL)
	e.Related = slices.DeleteFunc(e.Related, func(s string) bool { return link(s) == "" })
	e.Enclosures = slices.DeleteFunc(e.Enclosures, func(en publish.Enclosure) bool { return link(en.URL) == "" })
}

// sourceStatus is the short health shown next to a source in the outputs.
func sourceStatus(s feed.Source, st feed.SourceState) string {
	switch {
	case !s.Enabled:
		return "disabled"
	case st.Failures > 0:
		return fmt.Sprintf("failing since %s", st.FailingSince.Format(time.DateOnly))
	case st.LastSuccess.IsZero():
		return "never fetched"
	}
	return "ok"
}

// safeText is s, or s reduced to plain text when it carries anything the
// output invariant forbids.
func safeText(s string) string {
	if len(normalize.UnsafeText(s)) > 0 {
		return normalize.PlainText(s)
	}
	return s
}

// safeLink is s when it is an absolute http(s) URL, else empty.
func safeLink(s string) string { return urlref.Link(s, "") }

func (a *App) sourceInfo(src feed.Source, r store.Record, st feed.SourceState) publish.Source {
	return publish.Source{
		Name:    src.Name,
		Title:   firstNonEmpty(r.OriginTitle, src.Title, st.FeedTitle, src.Name),
		ID:      firstNonEmpty(st.FeedID, r.OriginFeed, r.OriginLink, src.URL, PublicID(src.Name, "source", "")),
		Link:    firstNonEmpty(r.OriginLink, src.Link, st.FeedLink),
		FeedURL: firstNonEmpty(r.OriginFeed, src.URL),
	}
}

// feedHeader describes the merged feed and its sources. A source's Updated
// is its newest entry change, not its last fetch, so that unchanged input
// gives byte-identical outputs.
func (a *App) feedHeader(states map[string]feed.SourceState, newest map[string]time.Time) publish.Feed {
	c := a.cfg.Feed
	f := publish.Feed{
		Title: c.Title, Subtitle: c.Subtitle, ID: c.ID, Author: c.Author, AuthorURI: c.AuthorURI,
		AuthorEmail: c.AuthorEmail, SelfURL: c.URL, Link: c.Link, Hub: c.Hub,
		Generator: publish.Generator{Name: "Tributary", Version: a.version, URI: "https://github.com/tributary/tributary"},
	}
	for _, s := range a.cfg.Sources {
		st := states[s.Name]
		status := sourceStatus(s, st)
		f.Sources = append(f.Sources, publish.Source{
			// Databases written before feed titles were cleaned at ingest
			// still hold raw ones.
			Name: s.Name, Title: safeText(firstNonEmpty(s.Title, st.FeedTitle, s.Name)),
			Link: safeLink(firstNonEmpty(s.Link, st.FeedLink)), FeedURL: safeLink(s.URL), Updated: newest[s.Name], Status: status, Tags: s.Tags,
		})
	}
	return f
}

// write renders every output into the output directory, each atomically,
// so a reader or a crash only ever sees a complete old or new file. Files
// whose bytes did not change are left alone, so their modification time
// (and the server's Last-Modified) only moves when the content does.
func (a *App) write(ed edition) (atomChanged bool, err error) {
	dir := a.cfg.Output.Dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, fmt.Errorf("publish: %w", err)
	}
	f := ed.current
	outputs := []output{
		{publish.AtomFile, func(w io.Writer) error { return publish.Atom(w, f, publish.AtomOptions{Stylesheet: publish.XSLFile}) }},
		{publish.RSSFile, func(w io.Writer) error { return publish.RSS(w, f) }},
		{publish.JSONFile, func(w io.Writer) error { return publish.JSONFeed(w, f) }},
		{publish.OPMLFile, func(w io.Writer) error { return publish.OPML(w, f.Title, f.Sources, f.Updated) }},
		{publish.HTMLFile, func(w io.Writer) error { return publish.HTML(w, f, a.htmlOptions()) }},
		{publish.XSLFile, func(w io.Writer) error { _, err := w.Write(publish.XSL()); return err }},
	}
	removeStaleTemps(dir, time.Now())
	// Rivers first, as the main page links them; archive pages first, as
	// the current feed must never link to a page that is not there yet.
	var fw fileWriter
	for _, r := range ed.rivers {
		if err := a.writeRiver(&fw, dir, r); err != nil {
			return false, err
		}
	}
	if err := fw.archives(dir, ed.archives, "../"+publish.XSLFile); err != nil {
		return false, err
	}
	return fw.outputs(dir, outputs)
}

// output is one file of a feed's outputs and how to render it.
type output struct {
	name  string
	write func(io.Writer) error
}

// fileWriter writes one publish's files, each only if its bytes changed.
// It renders each file into the same buffer, and reads the copy on disk
// into another: a publish writes a few megabytes of files, and a buffer
// grown afresh for each of them took new memory from the system, page by
// page, for every file.
type fileWriter struct {
	rendered, onDisk bytes.Buffer
}

// outputs writes outputs into dir and reports whether atom.xml changed.
func (fw *fileWriter) outputs(dir string, outputs []output) (atomChanged bool, err error) {
	for _, o := range outputs {
		changed, err := fw.writeIfChanged(filepath.Join(dir, o.name), o.write)
		if err != nil {
			return false, fmt.Errorf("publish %s: %w", filepath.Join(dir, o.name), err)
		}
		atomChanged = atomChanged || changed && o.name == publish.AtomFile
	}
	return atomChanged, nil
}

// writeIfChanged renders into memory and replaces path atomically only when
// the bytes differ from what is there.
func (fw *fileWriter) writeIfChanged(path string, render func(io.Writer) error) (bool, error) {
	fw.rendered.Reset()
	if err := render(&fw.rendered); err != nil {
		return false, err
	}
	if fw.readOnDisk(path) && bytes.Equal(fw.onDisk.Bytes(), fw.rendered.Bytes()) {
		return false, nil
	}
	return true, publish.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(fw.rendered.Bytes())
		return err
	})
}

// readOnDisk reads the file at path into fw.onDisk, and reports whether
// it could: a file that is missing or unreadable is written anew.
func (fw *fileWriter) readOnDisk(path string) bool {
	fw.onDisk.Reset()
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = fw.onDisk.ReadFrom(f)
	return err == nil
}

// pingHub tells the configured WebSub hub that the feeds changed. A hub
// that is down is worth a warning, not a failed run: the feeds are
// published either way and readers that poll still get them.
func (a *App) pingHub(ctx context.Context) {
	hub := a.cfg.Feed.Hub
	if hub == "" || a.cfg.Feed.URL == "" {
		return
	}
	topics := []string{a.cfg.Feed.URL}
	if base, err := url.Parse(a.cfg.Feed.URL); err == nil {
		topics = append(topics, base.ResolveReference(&url.URL{Path: publish.RSSFile}).String(),
			base.ResolveReference(&url.URL{Path: publish.JSONFile}).String())
	}
	if err := websub.Ping(ctx, nil, hub, topics...); err != nil {
		a.log.Warn("WebSub hub ping failed", "hub", hub, "error", err.Error())
		return
	}
	a.log.Info("Pinged WebSub hub", "hub", hub)
}

func (a *App) htmlOptions() publish.HTMLOptions {
	return publish.HTMLOptions{
		ExcerptRunes: 1200,
		FeedLinks: []publish.FeedLink{
			{Title: "Atom", Type: "application/atom+xml", Href: publish.AtomFile},
			{Title: "RSS", Type: "application/rss+xml", Href: publish.RSSFile},
			{Title: "JSON Feed", Type: "application/feed+json", Href: publish.JSONFile},
			{Title: "OPML", Type: "text/x-opml", Href: publish.OPMLFile},
		},
		Rivers: a.riverLinks(""),
	}
}
