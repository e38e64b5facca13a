package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// mapResolver resolves fake host names; tests never touch real DNS.
type mapResolver map[string][]string

func (m mapResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	ips, ok := m[strings.ToLower(host)]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	out := make([]net.IPAddr, 0, len(ips))
	for _, s := range ips {
		out = append(out, net.IPAddr{IP: net.ParseIP(s)})
	}
	return out, nil
}

// blockingResolver never answers, to exercise ConnectTimeout.
type blockingResolver struct{}

func (blockingResolver) LookupIPAddr(ctx context.Context, _ string) ([]net.IPAddr, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// newClient applies test-friendly timeouts; short enough to keep the suite
// quick, long enough for the race detector on a loaded machine.
func newClient(t testing.TB, o Options) *Client {
	t.Helper()
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Second
	}
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = 2 * time.Second
	}
	c := New(o)
	for _, d := range c.dialers {
		d.connect = loopbackOnly
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// loopbackOnly dials like net.Dialer but refuses any non-loopback address,
// so even a regression in the address check keeps tests off the network.
func loopbackOnly(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip, err := netip.ParseAddr(host); err != nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("test dialer: refusing non-loopback %s", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

func newServer(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// hostURL rewrites base (an http://127.0.0.1:port URL) to use a fake host
// name on the same port.
// It takes no testing.TB so handlers may call it; a bad base shows up as a
// failed fetch.
func hostURL(base, host, path string) string {
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(base, "http://"))
	return fmt.Sprintf("http://%s:%s%s", host, port, path)
}

// wantErr fails unless err wraps target (when target is non-nil) and
// names url.
func wantErr(t *testing.T, err, target error, url string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got nil error, want %v", target)
	}
	t.Logf("error: %v", err)
	if target != nil && !errors.Is(err, target) {
		t.Fatalf("got error %v, want one wrapping %v", err, target)
	}
	if !strings.HasPrefix(err.Error(), "fetch "+url+": ") {
		t.Errorf("error %q does not start with %q", err, "fetch "+url+": ")
	}
}
