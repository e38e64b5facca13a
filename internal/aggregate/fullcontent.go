package aggregate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/tributary/tributary/internal/dedupe"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/fullpost"
	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/store"
)

// MaxPageTries is how often a page is tried at one revision of its entry
// when it fails in a way worth retrying (a timeout, a refused connection, a
// 429 or a 5xx); any other outcome is final for the revision.
const MaxPageTries = 3

// pageAccept asks a post's page for HTML, whatever the site negotiates.
const pageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"

// pageBatch is how many outcomes one write transaction records.
const pageBatch = 32

// fullPages reads the pages of the posts whose feed carries only an
// excerpt, for the due sources with full_content, once the feeds are
// stored: the feeds never wait behind pages. At most
// fetch.pages_per_run pages are fetched, fetch.page_concurrency at once,
// through the feeds' client (the same per-host limit, caps, address rules
// and conditional GET), within a time budget that leaves the cycle time to
// publish. It returns how many entries' published text changed.
func (a *App) fullPages(ctx context.Context, ro RunOptions) (int, error) {
	srcs := map[string]feed.Source{}
	var names []string
	for _, s := range a.sourcesFor(ro) {
		if s.FullContent && s.Enabled && !s.Local() {
			srcs[s.Name] = s
			names = append(names, s.Name)
		}
	}
	fp := a.cfg.Fetch.FullPages
	due, err := a.db.PagesDue(ctx, names, MaxPageTries, fp.PerRun)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	pctx, cancel := a.pageBudget(ctx)
	defer cancel()

	jobs := make(chan store.PageDue)
	results := make(chan pageRead)
	ph := &pagePhase{down: downHosts{hosts: map[string]bool{}}}
	var wg sync.WaitGroup
	for range max(1, min(fp.Concurrency, len(due))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range jobs {
				results <- a.readPage(pctx, srcs[d.Source], d, ph)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, d := range due {
			select {
			case jobs <- d:
			case <-pctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var (
		batch    []store.PageResult
		changed  int
		firstErr error
		tally    = map[store.PageOutcome]int{}
		skipped  int
	)
	flush := func() {
		if len(batch) == 0 || firstErr != nil {
			batch = batch[:0]
			return
		}
		// The outer context: the budget bounds fetching, not recording
		// what was fetched.
		ids, err := a.db.SavePages(ctx, batch)
		if err != nil {
			firstErr = err
		}
		changed += len(ids)
		batch = batch[:0]
	}
	for r := range results {
		if r.skipped {
			skipped++
			continue
		}
		tally[r.res.Outcome]++
		batch = append(batch, r.res)
		if len(batch) >= pageBatch {
			flush()
		}
	}
	flush()
	a.log.Info("Pages of excerpt entries read", "due", len(due), "articles", tally[store.PageArticle],
		"unchanged", tally[store.PageUnchanged], "kept_excerpt", tally[store.PageRejected],
		"retry", tally[store.PageRetry], "postponed", skipped, "changed", changed)
	return changed, firstErr
}

// pageBudget bounds the page phase: half the run's time at most, and a
// quarter of it left before the run's own deadline, so that de-duplication
// and publishing always follow. Pages not reached wait for the next cycle.
func (a *App) pageBudget(ctx context.Context) (context.Context, context.CancelFunc) {
	run := a.cfg.Limits.RunTimeout
	end := time.Now().Add(run / 2)
	if dl, ok := ctx.Deadline(); ok && dl.Add(-run/4).Before(end) {
		end = dl.Add(-run / 4)
	}
	return context.WithDeadline(ctx, end)
}

// pageRead is one worker's answer: an outcome to record, or skipped when
// the page was not tried (the budget ran out, its host is down this run).
type pageRead struct {
	res     store.PageResult
	skipped bool
}

// pagePhase is what the workers of one page phase share.
type pagePhase struct {
	down downHosts
	// extracting serialises reading articles: fetches overlap, but a
	// pathological page (a megabyte of paragraphs) costs the extractor
	// tens of megabytes, and two at once must not double the peak.
	extracting sync.Mutex
}

// downHosts remembers the hosts out of reach during one page phase (see
// hostOutOfReach): their other pages wait for the next cycle instead of
// each costing a connect timeout, and a server that asked for a pause gets
// it.
type downHosts struct {
	mu    sync.Mutex
	hosts map[string]bool
}

func (d *downHosts) is(host string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.hosts[host]
}

func (d *downHosts) mark(host string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.hosts[host] = true
}

// readPage fetches one post's page and decides what to publish for it.
func (a *App) readPage(ctx context.Context, src feed.Source, d store.PageDue, ph *pagePhase) pageRead {
	now := a.now()
	res := store.PageResult{ID: d.ID, Hash: d.ContentHash, Checked: now, URL: d.Link}
	texts, err := a.db.PageTexts(ctx, d.ID)
	if err != nil {
		return pageRead{skipped: true} // the next cycle tries again
	}
	excerpt := htmltext.Text(firstNonEmpty(texts.Content, texts.Summary))
	keep := func(reason string, retry bool) pageRead {
		res.Outcome, res.Reason = store.PageRejected, reason
		if retry && d.Tries+1 < MaxPageTries {
			res.Outcome = store.PageRetry
		}
		if res.Outcome == store.PageRejected && d.HasFull {
			res.Signature, res.Bands = signText(excerpt)
		}
		return pageRead{res: res}
	}
	u, err := url.Parse(d.Link)
	if d.Link == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return keep("the entry links to no web page", false)
	}
	host := strings.ToLower(u.Hostname())
	if ctx.Err() != nil || ph.down.is(host) {
		return pageRead{skipped: true}
	}
	req := fetch.Request{URL: d.Link, Via: src.URL, MaxBody: a.cfg.Fetch.FullPages.MaxBytes, Accept: pageAccept}
	if d.HasFull {
		// Without a stored article a 304 would leave nothing to publish.
		req.ETag, req.LastModified = d.ETag, d.LastModified
	}
	resp, err := a.fetcher.Fetch(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return pageRead{skipped: true} // the budget ran out, not the page
		}
		if hostOutOfReach(err) {
			ph.down.mark(host)
		}
		return keep(err.Error(), retryable(err))
	}
	res.URL, res.ETag, res.LastModified = resp.URL, resp.ETag, resp.LastModified
	if resp.NotModified {
		if texts.Article == "" {
			return keep("the page answered 304 but no article is stored", true)
		}
		res.Outcome = store.PageUnchanged
		res.Signature, res.Bands = signText(htmltext.Text(texts.Article))
		return pageRead{res: res}
	}
	ph.extracting.Lock()
	art, err := fullpost.Extract(resp.Body, resp.ContentType, resp.URL, src, a.cfg.Limits.EntryBytes, now)
	ph.extracting.Unlock()
	resp.Body = nil // the page is not kept: let it go before the check
	if err != nil {
		return keep(fmt.Sprintf("no article read from %s: %v", resp.URL, err), false)
	}
	if err := fullpost.Check(excerpt, art.Text); err != nil {
		return keep(fmt.Sprintf("the article read from %s looks wrong: %v", resp.URL, err), false)
	}
	res.Outcome, res.Content = store.PageArticle, art.Content
	res.Signature, res.Bands = signText(art.Text)
	return pageRead{res: res}
}

// retryable says whether a failed page fetch may succeed later: a server
// error or rate limit, or a fetch that never got an answer (lookup,
// connection, timeout). A refused address, a body over the cap, a redirect
// loop or any other status is final for the entry's revision.
func retryable(err error) bool {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return se.Temporary()
	}
	for _, final := range []error{fetch.ErrBodyTooLarge, fetch.ErrTooManyRedirects, fetch.ErrRedirectLoop,
		fetch.ErrPrivateAddress, fetch.ErrScheme, fetch.ErrEncoding} {
		if errors.Is(err, final) {
			return false
		}
	}
	return true
}

// hostOutOfReach says whether a failed page fetch means the host's other
// pages should wait for the next cycle: the host could not be reached at
// all, or it asked to be left alone (429, 503). A slow or broken answer
// to one page says nothing about the others.
func hostOutOfReach(err error) bool {
	var ce *fetch.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var se *fetch.StatusError
	return errors.As(err, &se) && (se.Status == http.StatusTooManyRequests || se.Status == http.StatusServiceUnavailable)
}

// signText is the near-duplicate signature of a text, marshalled, with
// its band keys.
func signText(text string) ([]byte, []int64) {
	sig := dedupe.Sign(text)
	b, _ := sig.MarshalBinary()
	return b, sig.BandKeys()
}
