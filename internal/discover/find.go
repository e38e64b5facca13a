package discover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tributary/tributary/internal/charset"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/parse"
)

// Fetcher fetches one URL, following redirects. *fetch.Client satisfies it.
type Fetcher interface {
	Fetch(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// ErrNoFeed is wrapped by Find's error when the address is neither a feed
// nor a page whose feed could be found.
var ErrNoFeed = errors.New("no feed found")

// Result is what Find found.
type Result struct {
	// Feed is the chosen feed. Its URL is the address to subscribe to:
	// where the feed was finally served when every redirect on the way was
	// permanent (301, 308), else the address requested, since a temporary
	// redirect says to keep using it (RFC 9110, section 15.4). Its Kind is
	// read from the content.
	Feed Candidate
	// Response is the chosen feed as fetched, ready to parse.
	Response *fetch.Response
	// Page is the final URL of the page the feed was discovered from; ""
	// when the address given was itself a feed.
	Page string
	// Found lists the feeds the page declares, best first, with a feed
	// found at a usual path appended; the chosen one is among them, equal
	// to Feed.
	Found []Candidate
	// Rejected lists the declared feeds that were tried and turned out
	// not to be feeds (a 404, an HTML page), with why.
	Rejected []Rejection
	// Probed is how many usual feed paths were requested.
	Probed int
}

// Rejection is a candidate that did not yield a feed.
type Rejection struct {
	Candidate
	Err error
}

// Find returns the feed behind rawURL. A feed is returned as is (at its
// final URL after redirects). An HTML page's declared feeds are tried
// best first (see Links), then the usual platform paths (see
// PlatformURLs), stopping at the first that answers with a feed, so an
// unknown site gets few requests. A fetch error for rawURL itself (a 404,
// a refused connection) is returned unchanged; when nothing is found the
// error wraps ErrNoFeed and says what was tried.
func Find(ctx context.Context, f Fetcher, rawURL string) (*Result, error) {
	resp, err := f.Fetch(ctx, fetch.Request{URL: rawURL})
	if err != nil {
		return nil, err
	}
	if parse.Sniff(resp.Body) {
		c := Candidate{URL: subscribeURL(resp), Kind: kindOf(resp.Body, resp.ContentType), Via: ViaDirect}
		return &Result{Feed: c, Response: resp, Found: []Candidate{c}}, nil
	}
	res := &Result{Page: resp.URL, Found: links(resp.Body, resp.URL, resp.ContentType)}
	for i := range res.Found {
		c := &res.Found[i]
		got, err := try(ctx, f, c.URL, resp.URL)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			res.Rejected = append(res.Rejected, Rejection{*c, err})
			continue
		}
		c.URL, c.Kind = subscribeURL(got), kindOf(got.Body, got.ContentType)
		res.Feed, res.Response = *c, got
		return res, nil
	}
	for _, u := range PlatformURLs(resp.URL) {
		if u == resp.URL {
			continue
		}
		res.Probed++
		got, err := try(ctx, f, u, resp.URL)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			continue
		}
		c := Candidate{URL: subscribeURL(got), Kind: kindOf(got.Body, got.ContentType), Via: ViaPath}
		res.Feed, res.Response = c, got
		res.Found = append(res.Found, c)
		return res, nil
	}
	return nil, res.notFound(resp)
}

func subscribeURL(r *fetch.Response) string {
	if r.PermanentURL != "" {
		return r.PermanentURL
	}
	return r.RequestURL
}

// try fetches a candidate found on page and accepts it only if the body is
// a feed. The page is what the user vouched for: a candidate on another
// host is fetched like a redirect target, never from a private address.
func try(ctx context.Context, f Fetcher, u, page string) (*fetch.Response, error) {
	resp, err := f.Fetch(ctx, fetch.Request{URL: u, Via: page})
	if err != nil {
		return nil, err
	}
	if !parse.Sniff(resp.Body) {
		return nil, fmt.Errorf("%s is not a feed (%s)", resp.URL, describe(resp))
	}
	return resp, nil
}

func (res *Result) notFound(page *fetch.Response) error {
	what := describe(page)
	switch {
	case len(res.Rejected) > 0:
		msgs := make([]string, len(res.Rejected))
		for i, r := range res.Rejected {
			msgs[i] = r.Err.Error()
		}
		return fmt.Errorf("%s: %w: the page links to %d feed(s) that did not work (%s), and none of %d usual feed paths answered with a feed",
			page.URL, ErrNoFeed, len(res.Rejected), strings.Join(msgs, "; "), res.Probed)
	case what == "an HTML page":
		return fmt.Errorf("%s: %w: the page declares no feed (no <link rel=\"alternate\">) and none of %d usual feed paths (/feed, /rss.xml, /atom.xml, ...) answered with a feed",
			page.URL, ErrNoFeed, res.Probed)
	}
	return fmt.Errorf("%s: %w: it is %s, not a feed or a web page, and none of %d usual feed paths answered with a feed",
		page.URL, ErrNoFeed, what, res.Probed)
}

// describe names what a non-feed body looks like, for messages.
func describe(r *fetch.Response) string {
	head := r.Body[:min(len(r.Body), 1024)]
	low := bytes.ToLower(bytes.TrimSpace(head))
	ct := strings.ToLower(r.ContentType)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.TrimSpace(ct)
	switch {
	case len(low) == 0:
		return "empty"
	case strings.Contains(ct, "html"):
		return "an HTML page"
	case ct != "" && ct != "application/octet-stream":
		return "of type " + ct
	case bytes.Contains(low, []byte("<html")) || bytes.HasPrefix(low, []byte("<!doctype html")):
		return "an HTML page"
	}
	return "not recognisable"
}

// kindOf reads a feed's format from its first element; Sniff has already
// said it is a feed.
func kindOf(body []byte, contentType string) Kind {
	head, err := charset.ToUTF8(body[:min(len(body), 4096)], contentType)
	if err != nil {
		return Unknown
	}
	s := strings.TrimLeft(string(head), "\ufeff \t\r\n")
	if strings.HasPrefix(s, "{") {
		return JSON
	}
	for strings.HasPrefix(s, "<") {
		switch {
		case strings.HasPrefix(s, "<?"):
			s = after(s, "?>")
		case strings.HasPrefix(s, "<!--"):
			s = after(s, "-->")
		case strings.HasPrefix(s, "<!"):
			s = after(s, ">")
		default:
			name := s[1:]
			if i := strings.IndexAny(name, " \t\r\n/>"); i >= 0 {
				name = name[:i]
			}
			if i := strings.LastIndexByte(name, ':'); i >= 0 {
				name = name[i+1:]
			}
			switch strings.ToLower(name) {
			case "feed":
				return Atom
			case "rss", "rdf":
				return RSS
			}
			return Unknown
		}
		s = strings.TrimLeft(s, " \t\r\n")
	}
	return Unknown
}

func after(s, sep string) string {
	if i := strings.Index(s, sep); i >= 0 {
		return s[i+len(sep):]
	}
	return ""
}
