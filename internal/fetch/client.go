package fetch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// accept prefers feed formats but takes anything: some servers answer a
// feed URL with text/html or text/plain, and parse decides what it got.
const accept = "application/atom+xml, application/rss+xml, application/feed+json, " +
	"application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, " +
	"application/json;q=0.8, text/html;q=0.5, */*;q=0.1"

// drainBytes is how much of an unwanted body (redirect, error page) is read
// so the connection can be reused; beyond that, closing is cheaper.
const drainBytes = 64 << 10

// Client fetches remote sources. It is safe for concurrent use; share one.
type Client struct {
	opts Options
	// trusted serves the configured URL's own host. public serves redirect
	// targets on other hosts and only ever dials public addresses; keeping
	// its own pool means a connection dialed for a trusted private host can
	// never be reused for a redirect. public is nil with AllowPrivate.
	trusted *http.Transport
	public  *http.Transport
	dialers []*dialer // kept so tests can fence dialing to loopback
	hosts   *hostLimiter
	now     func() time.Time
}

// New returns a Client for opts, defaults applied.
func New(opts Options) *Client {
	opts = opts.WithDefaults()
	c := &Client{
		opts:  opts,
		hosts: newHostLimiter(opts.PerHost),
		now:   time.Now,
	}
	c.trusted = c.newTransport(false)
	if !opts.AllowPrivate {
		c.public = c.newTransport(true)
	}
	return c
}

func (c *Client) newTransport(publicOnly bool) *http.Transport {
	o := c.opts
	d := &dialer{resolver: o.Resolver, timeout: o.ConnectTimeout, public: publicOnly}
	c.dialers = append(c.dialers, d)
	return &http.Transport{
		// No proxy: a proxy would do the resolving and defeat the address
		// check on redirects.
		Proxy:                  nil,
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    o.ConnectTimeout,
		MaxResponseHeaderBytes: o.MaxHeaderBytes,
		// We decompress ourselves so the body cap counts decompressed bytes.
		DisableCompression:    true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   o.PerHost,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// CloseIdleConnections closes pooled connections; call it on shutdown.
func (c *Client) CloseIdleConnections() {
	c.trusted.CloseIdleConnections()
	if c.public != nil {
		c.public.CloseIdleConnections()
	}
}

// Request is one fetch: the URL and the validators stored from the last
// successful fetch, sent as a conditional GET when present.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	// Via, when set, is the URL this one was found on (a feed link in a
	// page). Only Via's host is trusted then: URL itself, if on another
	// host, is held to the same rule as a redirect target, so a public
	// page cannot point Tributary at a private address.
	Via string
	// MaxBody, when positive and below the client's cap, caps this
	// fetch's body instead: a post's page is worth less than a feed.
	MaxBody int64
	// Accept replaces the feed-preferring Accept header when set.
	Accept string
}

// Response is a successful (2xx) or not-modified (304) answer.
type Response struct {
	RequestURL   string // Request.URL as given
	URL          string // final URL after redirects
	Status       int
	Body         []byte // decompressed; empty when NotModified
	ContentType  string // the Content-Type header verbatim
	ETag         string // validators to store; on 304 without new ones, the request's
	LastModified string
	NotModified  bool // 304: the stored copy is current
	// PermanentURL is the final URL when every redirect hop was permanent
	// (301/308); empty when there was no redirect or any hop was temporary.
	PermanentURL string
	RetryAfter   time.Duration // from Retry-After when present
}

// Charset returns the charset parameter of the Content-Type, lower-cased, or
// "" when absent or unparsable.
func (r *Response) Charset() string {
	_, params, err := mime.ParseMediaType(r.ContentType)
	if err != nil {
		return ""
	}
	return strings.ToLower(params["charset"])
}

// Fetch GETs req.URL, following redirects, and returns the body of a 2xx
// answer or a NotModified response for 304. Any other final status is a
// *StatusError. Every error names the requested URL.
//
// The Options.Timeout deadline starts once a per-host slot is free, so
// queueing behind other fetches to the same host does not eat into it.
func (c *Client) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := parseURL(req.URL)
	if err != nil {
		return nil, &RequestError{URL: req.URL, Err: err}
	}
	resp, err := c.fetch(ctx, req, u)
	if err != nil {
		var se *StatusError
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, &RequestError{URL: u.Redacted(), Err: err}
	}
	return resp, nil
}

func (c *Client) fetch(ctx context.Context, req Request, start *url.URL) (*Response, error) {
	origin := hostKey(start)
	if req.Via != "" {
		via, err := url.Parse(req.Via)
		if err != nil {
			return nil, fmt.Errorf("bad Via URL %q: %w", req.Via, err)
		}
		origin = hostKey(via)
	}
	chain := newRedirects(c.opts.MaxRedirects, start)
	cur := start
	var hopCtx context.Context // carries the deadline once the first slot is held
	for {
		waitCtx := ctx
		if hopCtx != nil {
			waitCtx = hopCtx
		}
		release, err := c.hosts.acquire(waitCtx, hostKey(cur))
		if err != nil {
			return nil, err
		}
		if hopCtx == nil {
			var cancel context.CancelFunc
			hopCtx, cancel = context.WithTimeoutCause(ctx, c.opts.Timeout, timeoutError{c.opts.Timeout})
			defer cancel()
		}
		hresp, err := c.roundTrip(hopCtx, req, cur, origin)
		if err != nil {
			release()
			if cur != start {
				err = fmt.Errorf("redirect to %s: %w", cur.Redacted(), err)
			}
			return nil, err
		}
		loc := hresp.Header.Get("Location")
		if !isRedirect(hresp.StatusCode) || loc == "" {
			resp, err := c.finish(hopCtx, req, start, cur, chain, hresp)
			release()
			return resp, err
		}
		discard(hresp.Body)
		release()
		if cur, err = chain.follow(cur, hresp.StatusCode, loc); err != nil {
			return nil, err
		}
	}
}

func (c *Client) roundTrip(ctx context.Context, req Request, u *url.URL, origin string) (*http.Response, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	h := hreq.Header
	h.Set("User-Agent", c.opts.UserAgent)
	h.Set("Accept", cmp.Or(req.Accept, accept))
	h.Set("Accept-Encoding", "gzip")
	if req.ETag != "" {
		h.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		h.Set("If-Modified-Since", req.LastModified)
	}
	rt := c.trusted
	if hostKey(u) != origin {
		if c.public != nil {
			rt = c.public
		}
		// Credentials in the configured URL are for its host alone.
		hreq.URL.User = nil
	} else if u.User != nil {
		pass, _ := u.User.Password()
		hreq.SetBasicAuth(u.User.Username(), pass)
	}
	return rt.RoundTrip(hreq)
}

// finish turns the final answer into a Response or a *StatusError.
func (c *Client) finish(ctx context.Context, req Request, start, final *url.URL, chain *redirects, hresp *http.Response) (*Response, error) {
	defer hresp.Body.Close()
	resp := &Response{
		RequestURL:   req.URL,
		URL:          final.String(),
		Status:       hresp.StatusCode,
		ContentType:  hresp.Header.Get("Content-Type"),
		ETag:         hresp.Header.Get("ETag"),
		LastModified: hresp.Header.Get("Last-Modified"),
		PermanentURL: chain.permanentURL(final),
		RetryAfter:   ParseRetryAfter(hresp.Header.Get("Retry-After"), c.now()),
	}
	switch {
	case hresp.StatusCode == http.StatusNotModified:
		discard(hresp.Body)
		resp.NotModified = true
		// A 304 need not repeat the validators (RFC 9110 section 15.4.5);
		// keep the stored ones so the next fetch is conditional too.
		if resp.ETag == "" {
			resp.ETag = req.ETag
		}
		if resp.LastModified == "" {
			resp.LastModified = req.LastModified
		}
		return resp, nil
	case hresp.StatusCode < 200 || hresp.StatusCode > 299:
		discard(hresp.Body)
		se := &StatusError{URL: start.Redacted(), Status: hresp.StatusCode, RetryAfter: resp.RetryAfter}
		if chain.count > 0 {
			se.FinalURL = final.Redacted()
		}
		return nil, se
	}
	limit := c.opts.MaxBodyBytes
	if req.MaxBody > 0 && req.MaxBody < limit {
		limit = req.MaxBody
	}
	body, err := readBody(hresp, limit)
	if err != nil {
		// The transport reports a deadline hit mid-body in its own words;
		// prefer our cause so the error says which limit fired.
		if cause := context.Cause(ctx); cause != nil && !errors.Is(err, cause) {
			err = fmt.Errorf("%w: %w", cause, err)
		}
		return nil, fmt.Errorf("read body: %w", err)
	}
	resp.Body = body
	return resp, nil
}

func discard(r io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, r, drainBytes)
	_ = r.Close()
}
