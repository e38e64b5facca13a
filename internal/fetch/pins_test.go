package fetch

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"testing"
)

// refusingResolver fails every lookup, so a test sees whether a name went
// past the pins.
type refusingResolver struct{}

var errAsked = errors.New("asked the next resolver")

func (refusingResolver) LookupIPAddr(context.Context, string) ([]net.IPAddr, error) {
	return nil, errAsked
}

func TestPinnedResolver(t *testing.T) {
	one, two, three := netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1"), netip.MustParseAddr("192.0.2.7")
	withStar := Pins{"blog.example": {one}, "*.example": {two}, "*.deep.example": {three}, "*": {three}}
	noStar := Pins{"blog.example": {one, two}, "*.example": {two}}
	tests := []struct {
		name string
		pins Pins
		host string
		want []netip.Addr // nil: the next resolver is asked
	}{
		{"exact name", withStar, "blog.example", []netip.Addr{one}},
		{"exact name, any case and a final dot", withStar, "BLOG.Example.", []netip.Addr{one}},
		{"several addresses", noStar, "blog.example", []netip.Addr{one, two}},
		{"wildcard", withStar, "news.example", []netip.Addr{two}},
		{"longest wildcard wins", withStar, "a.b.deep.example", []netip.Addr{three}},
		{"wildcard is not the bare suffix", noStar, "example", nil},
		{"catch-all", withStar, "elsewhere.org", []netip.Addr{three}},
		{"unpinned name goes on", noStar, "elsewhere.org", nil},
		{"wildcard does not match a longer label", noStar, "notexample", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := PinnedResolver{Pins: tt.pins, Next: refusingResolver{}}
			got, err := r.LookupIPAddr(context.Background(), tt.host)
			if tt.want == nil {
				if !errors.Is(err, errAsked) {
					t.Fatalf("got %v, %v; want the next resolver asked", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var addrs []netip.Addr
			for _, a := range got {
				ip, _ := netip.AddrFromSlice(a.IP)
				addrs = append(addrs, ip.Unmap())
			}
			if !slices.Equal(addrs, tt.want) {
				t.Errorf("got %v, want %v", addrs, tt.want)
			}
		})
	}
}
