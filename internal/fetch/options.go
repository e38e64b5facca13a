package fetch

import (
	"context"
	"net"
	"time"
)

// Defaults applied by Options.WithDefaults to zero fields.
const (
	DefaultTimeout        = 30 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	DefaultMaxBodyBytes   = 10 << 20
	DefaultMaxHeaderBytes = 64 << 10
	DefaultMaxRedirects   = 10
	DefaultPerHost        = 2
	DefaultMaxFileBytes   = 10 << 20
)

// Resolver looks up the addresses of a host name. *net.Resolver satisfies it;
// tests substitute a map so fake names can point at loopback.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// Options configures a Client. Zero fields take the defaults listed on each
// field; see WithDefaults.
type Options struct {
	// Timeout is the deadline for one whole fetch, redirects and body
	// included, so a server trickling bytes is cut off (default 30s).
	Timeout time.Duration
	// ConnectTimeout bounds name resolution, dialing and the TLS handshake
	// of one connection (default 10s).
	ConnectTimeout time.Duration
	// UserAgent is sent with every request; empty means
	// DefaultUserAgent(Version).
	UserAgent string
	// Version goes into the default User-Agent (default "dev").
	Version string
	// MaxBodyBytes caps the body after decompression (default 10 MiB); a
	// larger body fails with ErrBodyTooLarge rather than being truncated.
	MaxBodyBytes int64
	// MaxHeaderBytes caps the response header block (default 64 KiB).
	MaxHeaderBytes int64
	// MaxRedirects is how many redirects one fetch follows (default 10);
	// negative means none are followed.
	MaxRedirects int
	// PerHost bounds the requests in flight to one host name (default 2).
	PerHost int
	// AllowPrivate lets redirects reach hosts that resolve to private,
	// loopback, link-local and similar addresses. The configured URL's own
	// host is always trusted.
	AllowPrivate bool
	// Resolver resolves host names before dialing (default
	// net.DefaultResolver).
	Resolver Resolver
}

// WithDefaults returns o with every zero field set to its default.
func (o Options) WithDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent(o.Version)
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxHeaderBytes <= 0 {
		o.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	return o
}

// DefaultUserAgent is the User-Agent Tributary sends unless configured
// otherwise; the URL lets a feed's owner find out who is polling them.
func DefaultUserAgent(version string) string {
	return "Tributary/" + version + " (+https://github.com/tributary/tributary)"
}
