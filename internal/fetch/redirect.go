package fetch

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// isRedirect reports the statuses a fetch follows (RFC 9110 section 15.4);
// 300 and 304 are answers, not redirects.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// isPermanent reports redirects that tell us to update the stored URL.
func isPermanent(status int) bool {
	return status == http.StatusMovedPermanently || status == http.StatusPermanentRedirect
}

// redirects tracks one fetch's redirect chain.
type redirects struct {
	max       int
	seen      map[string]bool
	count     int
	permanent bool // every hop so far was 301/308
}

func newRedirects(limit int, start *url.URL) *redirects {
	return &redirects{max: limit, seen: map[string]bool{start.String(): true}, permanent: true}
}

// follow validates the redirect from cur with the given status and Location
// header, and returns the next URL to request.
func (r *redirects) follow(cur *url.URL, status int, location string) (*url.URL, error) {
	next, err := cur.Parse(location)
	if err != nil {
		return nil, fmt.Errorf("bad redirect location %q: %w", location, err)
	}
	next.Fragment, next.RawFragment = "", ""
	if err := checkURL(next); err != nil {
		return nil, fmt.Errorf("redirect to %s: %w", next.Redacted(), err)
	}
	if r.count >= max(r.max, 0) {
		return nil, fmt.Errorf("%w: stopped after %d at %s", ErrTooManyRedirects, r.count, next.Redacted())
	}
	key := next.String()
	if r.seen[key] {
		return nil, fmt.Errorf("%w: %s redirects back to %s", ErrRedirectLoop, cur.Redacted(), next.Redacted())
	}
	r.seen[key] = true
	r.count++
	r.permanent = r.permanent && isPermanent(status)
	return next, nil
}

// permanentURL is the final URL when the whole chain was permanent.
func (r *redirects) permanentURL(final *url.URL) string {
	if r.count == 0 || !r.permanent {
		return ""
	}
	return final.String()
}

// parseURL parses a configured URL and checks it may be fetched.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, err
	}
	u.Fragment, u.RawFragment = "", ""
	if err := checkURL(u); err != nil {
		return nil, err
	}
	return u, nil
}

func checkURL(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return fmt.Errorf("%w %q", ErrScheme, u.Scheme)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("missing host in %s", u.Redacted())
	}
	return nil
}

// hostKey names a host for per-host limits and the same-host test of the
// private-address rule: case and a trailing root dot do not make a new host.
func hostKey(u *url.URL) string {
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}
