package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
)

// ProblemKind names the common ways a fetch fails, for people: each has its
// own plain-words hint.
type ProblemKind int

// The kinds Explain recognises.
const (
	ProblemDNS         ProblemKind = iota + 1 // the host name does not resolve
	ProblemUnreachable                        // no route: usually offline
	ProblemRefused                            // nothing listens on that port
	ProblemReset                              // the connection was cut
	ProblemTLS                                // the certificate or handshake failed
	ProblemTimeout                            // a fetch limit ran out
	ProblemNotFound                           // 404
	ProblemGone                               // 410
	ProblemStatus                             // any other HTTP status
)

// Problem is a failed fetch put in plain words for a person at a terminal:
// what went wrong and, where there is a usual cause, a short hint.
type Problem struct {
	Kind   ProblemKind
	URL    string // the URL requested; "" when the error does not name one
	Detail string // what went wrong in a few words, e.g. "no such host"
	Hint   string // the usual cause or next step, e.g. "offline, or a typo in the address?"; may be ""
}

// String reads like "cannot reach URL: no such host (offline, or a typo in
// the address?)".
func (p Problem) String() string {
	url := p.URL
	if url == "" {
		url = "the server"
	}
	var s string
	switch p.Kind {
	case ProblemDNS, ProblemUnreachable, ProblemRefused, ProblemReset:
		s = "cannot reach " + url + ": " + p.Detail
	case ProblemTLS:
		s = "cannot connect securely to " + url + ": " + p.Detail
	case ProblemTimeout:
		s = url + " " + p.Detail
	default:
		s = url + " answered " + p.Detail
	}
	if p.Hint != "" {
		s += " (" + p.Hint + ")"
	}
	return s
}

// Explain classifies a fetch error by its types (never its text) into one
// of the common problems. It reports false for errors it has no plain
// words for; callers then show the error itself.
func Explain(err error) (Problem, bool) {
	if err == nil {
		return Problem{}, false
	}
	p, ok := classify(err)
	if !ok {
		return Problem{}, false
	}
	var re *RequestError
	var se *StatusError
	switch {
	case errors.As(err, &se):
		p.URL = se.URL
	case errors.As(err, &re):
		p.URL = re.URL
	}
	return p, true
}

func classify(err error) (Problem, bool) {
	var se *StatusError
	if errors.As(err, &se) {
		return statusProblem(se), true
	}
	var te timeoutError
	if errors.As(err, &te) {
		return Problem{Kind: ProblemTimeout, Detail: te.Error(), Hint: "a slow or overloaded server, or a slow network; it is tried again later"}, true
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return Problem{Kind: ProblemTimeout, Detail: "timed out", Hint: "a slow or overloaded server, or a slow network; it is tried again later"}, true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		switch {
		case dns.IsNotFound:
			return Problem{Kind: ProblemDNS, Detail: "no such host", Hint: "offline, or a typo in the address?"}, true
		case dns.IsTimeout:
			return Problem{Kind: ProblemDNS, Detail: "the DNS lookup timed out", Hint: "offline, or the DNS server is not answering?"}, true
		default:
			return Problem{Kind: ProblemDNS, Detail: "the DNS lookup failed", Hint: "offline?"}, true
		}
	}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return Problem{Kind: ProblemRefused, Detail: "connection refused", Hint: "the server is down, or the port is wrong?"}, true
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return Problem{Kind: ProblemUnreachable, Detail: "network unreachable", Hint: "offline?"}, true
	case errors.Is(err, syscall.ECONNRESET):
		return Problem{Kind: ProblemReset, Detail: "the connection was reset", Hint: "the server or a firewall cut it; it is tried again later"}, true
	}
	if p, ok := tlsProblem(err); ok {
		return p, true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return Problem{Kind: ProblemTimeout, Detail: "timed out", Hint: "a slow or overloaded server, or a slow network; it is tried again later"}, true
	}
	return Problem{}, false
}

func tlsProblem(err error) (Problem, bool) {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	var alert tls.AlertError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknown):
		return Problem{Kind: ProblemTLS, Detail: "its certificate is signed by an unknown authority",
			Hint: "a self-signed certificate, or the server leaves out an intermediate one?"}, true
	case errors.As(err, &host):
		return Problem{Kind: ProblemTLS, Detail: "its certificate is for another name",
			Hint: "a typo in the address, or a misconfigured server?"}, true
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return Problem{Kind: ProblemTLS, Detail: "its certificate has expired or is not valid yet",
			Hint: "the site must renew it; or is this machine's clock wrong?"}, true
	case errors.As(err, &invalid), errors.As(err, &verify):
		return Problem{Kind: ProblemTLS, Detail: "its certificate is not valid"}, true
	case errors.As(err, &record):
		return Problem{Kind: ProblemTLS, Detail: "the server does not speak TLS",
			Hint: "try http:// instead of https://?"}, true
	case errors.As(err, &alert):
		return Problem{Kind: ProblemTLS, Detail: "the TLS handshake failed",
			Hint: "the server may only accept old TLS versions or ciphers"}, true
	}
	return Problem{}, false
}

func statusProblem(se *StatusError) Problem {
	p := Problem{Kind: ProblemStatus, Detail: fmt.Sprintf("%d %s", se.Status, http.StatusText(se.Status))}
	if se.FinalURL != "" && se.FinalURL != se.URL {
		p.Detail += " from " + se.FinalURL
	}
	switch {
	case se.Status == http.StatusNotFound:
		p.Kind, p.Hint = ProblemNotFound, "the feed moved or was removed; 'tributary add' with the site's address finds its current feed"
	case se.Gone():
		p.Kind, p.Hint = ProblemGone, "the publisher removed the feed for good; 'tributary remove' drops the source"
	case se.Status == http.StatusUnauthorized, se.Status == http.StatusForbidden:
		p.Hint = "the server refuses this client: it may need a login, or block robots"
	case se.Status == http.StatusTooManyRequests:
		p.Hint = "rate limited; it is tried again later"
	case se.Temporary():
		p.Hint = "a problem on the server's side; it is tried again later"
	}
	return p
}
