package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

// dialer resolves a host itself and dials the resolved addresses, so the
// address checked is the address connected to: a DNS answer that changes
// between a check and the connect (rebinding) cannot slip through.
type dialer struct {
	resolver Resolver
	timeout  time.Duration // resolution plus connect, per dial
	public   bool          // refuse non-public addresses
	// connect opens the TCP connection to a checked address; nil means a
	// plain net.Dialer. Tests swap it for one that refuses anything but
	// loopback, so a broken check can never reach the real network.
	connect func(ctx context.Context, network, addr string) (net.Conn, error)
}

func (d *dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeoutCause(ctx, d.timeout, timeoutError{d.timeout})
	defer cancel()
	conn, err := d.dial(ctx, network, host, port)
	switch {
	case err == nil:
		return conn, nil
	case errors.Is(err, ErrPrivateAddress):
		return nil, err // a refusal, not a host out of reach
	case ctx.Err() != nil:
		// Say which deadline fired rather than a bare "context deadline
		// exceeded" from deep inside the resolver or dialer.
		return nil, &ConnectError{Host: host, Err: context.Cause(ctx), timedOut: true}
	}
	return nil, &ConnectError{Host: host, Err: err}
}

func (d *dialer) dial(ctx context.Context, network, host, port string) (net.Conn, error) {
	ips, err := d.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	if d.public {
		// Refuse if any answer is private, not just the first: otherwise a
		// name listing a public and a private address could be retried
		// onto the private one.
		for _, ip := range ips {
			switch {
			case isPublic(ip):
			case ip.String() == strings.Trim(host, "[]"):
				return nil, fmt.Errorf("%w: %s", ErrPrivateAddress, host)
			default:
				return nil, fmt.Errorf("%w: %s resolves to %s", ErrPrivateAddress, host, ip)
			}
		}
	}
	connect := d.connect
	if connect == nil {
		connect = (&net.Dialer{}).DialContext
	}
	var errs []error
	for _, ip := range ips {
		conn, err := connect(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, errors.Join(errs...)
}

func (d *dialer) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	// IP literals need no lookup, and a test resolver need not know them.
	if ip, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")); err == nil {
		return []netip.Addr{ip.Unmap()}, nil
	}
	addrs, err := d.resolver.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, err
	}
	ips := make([]netip.Addr, 0, len(addrs))
	for _, a := range addrs {
		ip, ok := netip.AddrFromSlice(a.IP)
		if !ok {
			continue
		}
		// Zones are dropped: link-local addresses are refused anyway when
		// checking, and trusted hosts rarely need one.
		ips = append(ips, ip.Unmap())
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("lookup %s: no addresses", host)
	}
	return ips, nil
}

// nonPublic lists ranges the netip predicates do not cover: shared address
// space (CGNAT, RFC 6598), "this network", IETF protocol assignments,
// benchmarking, reserved class E and broadcast, and deprecated IPv6
// site-local addresses.
var nonPublic = [...]netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("fec0::/10"),
}

// Prefixes that embed an IPv4 address, which decides whether they are public.
var (
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96") // RFC 6052
	sixToFour   = netip.MustParsePrefix("2002::/16")    // RFC 3056
)

// isPublic reports whether ip is a globally routable unicast address a
// redirect may lead to. Cloud metadata (169.254.169.254) is link-local.
func isPublic(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsUnspecified() || ip.IsLoopback() || ip.IsPrivate() ||
		ip.IsLinkLocalUnicast() || ip.IsMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64Prefix.Contains(ip):
			return isPublic(netip.AddrFrom4([4]byte(b[12:16])))
		case sixToFour.Contains(ip):
			return isPublic(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	return true
}
