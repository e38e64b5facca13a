package aggregate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/parse"
	"github.com/tributary/tributary/internal/urlref"
)

// prepare does everything for one source that needs no database write:
// fetch or read, parse, normalise, filter, build records.
func (a *App) prepare(ctx context.Context, src feed.Source, st feed.SourceState) result {
	if src.Local() {
		return a.prepareLocal(ctx, src, st)
	}
	return a.prepareRemote(ctx, src, st)
}

func (a *App) prepareRemote(ctx context.Context, src feed.Source, st feed.SourceState) result {
	now := a.now()
	if st.URL != src.URL {
		// The config now names another URL: forget what belonged to the old one.
		st = feed.SourceState{Name: src.Name, URL: src.URL, FeedTitle: st.FeedTitle, FeedLink: st.FeedLink}
	}
	st.LastAttempt = now
	target := src.URL
	if st.AdoptedURL != "" {
		target = st.AdoptedURL
	}
	if pats := a.patterns(src); pats.err != nil {
		return a.failed(src, st, pats.err, 0, 0)
	}
	if st.Gone {
		return a.failed(src, st, fmt.Errorf("fetch %s: the server said the feed is gone (410); fix or remove the source", target), 410, 0)
	}
	resp, err := a.fetcher.Fetch(ctx, fetch.Request{URL: target, ETag: st.ETag, LastModified: st.LastModified})
	if err != nil {
		var se *fetch.StatusError
		if errors.As(err, &se) {
			if se.Gone() {
				st.Gone = true
			}
			return a.failed(src, st, err, se.Status, se.RetryAfter)
		}
		return a.failed(src, st, err, 0, 0)
	}
	st.LastStatus = resp.Status
	a.trackRedirect(src, &st, resp)
	if resp.NotModified {
		a.succeeded(src, &st)
		return result{src: src, state: st, outcome: OutcomeNotModified}
	}
	// A server that sends no validators sends the same bytes again: read
	// the same way, they would give the same entries, so they are skipped
	// as a 304 is. The hash also covers how the source is read (its
	// settings, the limits, the final URL), so that a change there reads
	// the body again.
	hash := inputHash(src, a.cfg.Limits, inputPart{name: resp.URL + "\x00" + resp.ContentType, data: resp.Body})
	if hash == st.InputHash {
		st.ETag, st.LastModified = resp.ETag, resp.LastModified
		a.succeeded(src, &st)
		return result{src: src, state: st, outcome: OutcomeNotModified}
	}
	release, err := a.holdBigBody(ctx, len(resp.Body))
	if err != nil {
		return a.failed(src, st, err, resp.Status, 0)
	}
	defer release()
	freeCore, err := a.cores.hold(ctx)
	if err != nil {
		return a.failed(src, st, err, resp.Status, 0)
	}
	defer freeCore()
	doc, err := parse.Feed(resp.Body, ParseOptions(a.cfg.Limits, resp.URL, resp.ContentType))
	resp.Body = nil // parsed: the raw bytes need not outlive this point
	if err != nil {
		return a.failed(src, st, fmt.Errorf("%s: %w", resp.URL, err), resp.Status, 0)
	}
	logParseWarnings(a.log, src, resp.URL, doc)
	st.ETag, st.LastModified, st.InputHash = resp.ETag, resp.LastModified, hash
	// The feed's own title and link are as hostile as its entries: clean
	// them before they are stored or shown next to every entry.
	feedTitle, feedLink := normalize.PlainText(doc.Title), urlref.Link(doc.Link, target)
	st.FeedTitle, st.FeedLink, st.FeedID = feedTitle, feedLink, doc.ID
	st.HintInterval = doc.TTL
	a.succeeded(src, &st)
	origin := origin{title: firstNonEmpty(src.Title, feedTitle, src.Name), link: firstNonEmpty(src.Link, feedLink), feed: target}
	recs := a.records(ctx, src, doc, origin)
	return result{src: src, state: st, records: recs, outcome: OutcomeOK}
}

// trackRedirect adopts a permanent redirect only after it was seen on
// several consecutive fetches, so one misconfigured response cannot move a
// source for good; temporary redirects never count.
func (a *App) trackRedirect(src feed.Source, st *feed.SourceState, resp *fetch.Response) {
	if resp.PermanentURL == "" || resp.PermanentURL == st.AdoptedURL {
		st.RedirectTo, st.RedirectSeen = "", 0
		return
	}
	if resp.PermanentURL == st.RedirectTo {
		st.RedirectSeen++
	} else {
		st.RedirectTo, st.RedirectSeen = resp.PermanentURL, 1
	}
	if st.RedirectSeen >= a.cfg.Fetch.RedirectAdopt {
		a.log.Warn("Adopting permanent redirect", "source", src.Name, "from", src.URL, "to", st.RedirectTo,
			"seen", st.RedirectSeen, "hint", "update url: in the config")
		st.AdoptedURL, st.RedirectTo, st.RedirectSeen = st.RedirectTo, "", 0
		return
	}
	a.log.Info("Permanent redirect seen", "source", src.Name, "to", st.RedirectTo, "seen", st.RedirectSeen,
		"adopt_after", a.cfg.Fetch.RedirectAdopt)
}

func (a *App) succeeded(src feed.Source, st *feed.SourceState) {
	now := a.now()
	st.LastSuccess, st.LastError, st.Failures, st.FailingSince = now, "", 0, time.Time{}
	iv := a.interval(src, *st)
	st.NextDue = now.Add(iv + jitter(src.Name, iv))
}

func (a *App) failed(src feed.Source, st feed.SourceState, err error, status int, retryAfter time.Duration) result {
	now := a.now()
	st.LastStatus, st.LastError = status, err.Error()
	if st.Failures == 0 {
		st.FailingSince = now
	}
	st.Failures++
	st.NextDue = now.Add(Backoff(a.interval(src, st), st.Failures, retryAfter, a.cfg.Fetch.MaxInterval))
	return result{src: src, state: st, outcome: OutcomeFailed, err: err}
}

// interval is how long to wait after a success: the source's own setting,
// else the feed's hint within the configured bounds, else the default.
func (a *App) interval(src feed.Source, st feed.SourceState) time.Duration {
	if src.Interval > 0 {
		return src.Interval
	}
	if st.HintInterval > 0 {
		return min(max(st.HintInterval, a.cfg.Fetch.MinInterval), a.cfg.Fetch.MaxInterval)
	}
	return a.cfg.Fetch.Interval
}

// Backoff is the wait after the n-th consecutive failure: the interval
// doubled per failure up to limit, or the server's Retry-After if longer.
func Backoff(interval time.Duration, failures int, retryAfter, limit time.Duration) time.Duration {
	d := interval
	if failures > 1 {
		d = interval << min(failures-1, 16)
		if d <= 0 || d > limit {
			d = limit
		}
	}
	if failures == 1 && interval > 15*time.Minute {
		// One blip should not hide a source for a whole interval.
		d = 15 * time.Minute
	}
	if retryAfter > d {
		d = min(retryAfter, 7*24*time.Hour)
	}
	return d
}

type origin struct{ title, link, feed string }

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
