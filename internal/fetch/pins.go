package fetch

import (
	"context"
	"net"
	"net/netip"
	"strings"
)

// Pins maps host names to fixed addresses, consulted before any DNS query,
// as /etc/hosts entries or curl's --resolve do: for a split-horizon
// network, a staging server answering for the real name, or a machine that
// must not send DNS queries at all. A key "*.example" pins every name under
// example (not example itself); the key "*" pins every name no other key
// does.
type Pins map[string][]netip.Addr

// lookup returns the addresses pinned for host: the exact name first, then
// the longest matching "*." suffix, then "*".
func (p Pins) lookup(host string) ([]netip.Addr, bool) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if addrs, ok := p[host]; ok {
		return addrs, true
	}
	for rest := host; ; {
		_, after, found := strings.Cut(rest, ".")
		if !found {
			break
		}
		if addrs, ok := p["*."+after]; ok {
			return addrs, true
		}
		rest = after
	}
	addrs, ok := p["*"]
	return addrs, ok
}

// PinnedResolver answers pinned names from Pins and asks Next (the system's
// resolver when nil) for every other name.
type PinnedResolver struct {
	Pins Pins
	Next Resolver
}

// LookupIPAddr implements Resolver.
func (r PinnedResolver) LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error) {
	if addrs, ok := r.Pins.lookup(host); ok {
		out := make([]net.IPAddr, len(addrs))
		for i, a := range addrs {
			out[i] = net.IPAddr{IP: a.AsSlice()}
		}
		return out, nil
	}
	next := r.Next
	if next == nil {
		next = net.DefaultResolver
	}
	return next.LookupIPAddr(ctx, host)
}
