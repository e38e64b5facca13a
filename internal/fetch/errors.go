package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/tributary/tributary/internal/charset"
)

// Sentinel errors, wrapped with the URL or path they concern; test with
// errors.Is.
var (
	// ErrBodyTooLarge: the (decompressed) body exceeds Options.MaxBodyBytes.
	ErrBodyTooLarge = errors.New("body too large")
	// ErrTooManyRedirects: the chain is longer than Options.MaxRedirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrRedirectLoop: a redirect points back to a URL already visited in
	// the same fetch.
	ErrRedirectLoop = errors.New("redirect loop")
	// ErrPrivateAddress: a redirect led to a host resolving to an address
	// that is not public and Options.AllowPrivate is off.
	ErrPrivateAddress = errors.New("non-public address refused")
	// ErrScheme: the URL (or a redirect target) is not http or https.
	ErrScheme = errors.New("unsupported URL scheme")
	// ErrEncoding: the server used a Content-Encoding we cannot decode.
	ErrEncoding = errors.New("unsupported content encoding")

	// ErrNotRegular: a local path is a directory, FIFO, device or socket.
	ErrNotRegular = errors.New("not a regular file")
	// ErrOutsideSource: a local symlink points outside the source directory.
	ErrOutsideSource = errors.New("symlink points outside the source directory")
	// ErrFileTooLarge: a local file exceeds LocalOptions.MaxFileBytes.
	ErrFileTooLarge = errors.New("file too large")
	// ErrBinary: a local file is not text in any encoding (a binary
	// signature, or NUL bytes and no UTF-16/32 pattern); charset's own error,
	// so one errors.Is test covers every stage.
	ErrBinary = charset.ErrBinary
)

// StatusError reports a final HTTP status other than 2xx or 304.
type StatusError struct {
	URL        string        // the URL that was requested
	FinalURL   string        // the URL that answered, if redirects were followed
	Status     int           // HTTP status code
	RetryAfter time.Duration // from Retry-After; 0 when absent
}

// Error names the requested URL, the status and any redirect target and
// Retry-After delay.
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("fetch %s: http status %d", e.URL, e.Status)
	if text := http.StatusText(e.Status); text != "" {
		msg += " " + text
	}
	if e.FinalURL != "" && e.FinalURL != e.URL {
		msg += " from " + e.FinalURL
	}
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// Gone reports a 410: the publisher says the feed is gone for good.
func (e *StatusError) Gone() bool { return e.Status == http.StatusGone }

// Temporary reports statuses worth retrying later: 408, 425, 429 and 5xx.
func (e *StatusError) Temporary() bool {
	switch e.Status {
	case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests:
		return true
	}
	return e.Status >= 500 && e.Status <= 599
}

// RequestError is a fetch that failed before any final HTTP status (a
// lookup, a connection, TLS, a redirect or the body); it names the URL that
// was requested, with any password redacted.
type RequestError struct {
	URL string
	Err error
}

// Error reads "fetch URL: cause".
func (e *RequestError) Error() string { return "fetch " + e.URL + ": " + e.Err.Error() }

// Unwrap gives the cause to errors.Is and errors.As.
func (e *RequestError) Unwrap() error { return e.Err }

// ConnectError is a host out of reach: its name did not resolve, or no
// connection to its addresses could be made in time. Nothing was sent, and
// another request to the same host is likely to fail the same way.
type ConnectError struct {
	Host     string
	Err      error
	timedOut bool
}

// Error is the cause's own text, naming the host when the connect timed
// out.
func (e *ConnectError) Error() string {
	if e.timedOut {
		return "connect to " + e.Host + ": " + e.Err.Error()
	}
	return e.Err.Error()
}

// Unwrap gives the cause to errors.Is and errors.As.
func (e *ConnectError) Unwrap() error { return e.Err }

// timeoutError is the cause attached to a fetch's deadline so the error says
// which limit fired, while errors.Is(err, context.DeadlineExceeded) holds.
type timeoutError struct{ d time.Duration }

func (e timeoutError) Error() string { return fmt.Sprintf("timed out after %s", e.d) }

func (e timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// Timeout lets net-style callers (interface{ Timeout() bool }) see a timeout.
func (e timeoutError) Timeout() bool { return true }
