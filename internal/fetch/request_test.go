package fetch

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// TestFetchRequestCaps checks the per-request cap and Accept header: a
// request may lower the client's body cap but never raise it.
func TestFetchRequestCaps(t *testing.T) {
	const clientCap = 64 << 10
	tests := []struct {
		name    string
		maxBody int64
		size    int
		wantErr bool
	}{
		{name: "under both caps", maxBody: 1 << 10, size: 1 << 10},
		{name: "over the request's cap", maxBody: 1 << 10, size: 1<<10 + 1, wantErr: true},
		{name: "request cap above the client's is ignored", maxBody: 1 << 20, size: clientCap + 1, wantErr: true},
		{name: "no request cap", size: clientCap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			accepts := make(chan string, 1)
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				accepts <- r.Header.Get("Accept")
				w.Header().Set("Content-Length", strconv.Itoa(tt.size))
				_, _ = w.Write(make([]byte, tt.size))
			}))
			c := newClient(t, Options{MaxBodyBytes: clientCap})
			resp, err := c.Fetch(t.Context(), Request{URL: srv.URL, MaxBody: tt.maxBody, Accept: "text/html"})
			if got := <-accepts; got != "text/html" {
				t.Errorf("Accept sent: got %q, want %q", got, "text/html")
			}
			if tt.wantErr {
				wantErr(t, err, ErrBodyTooLarge, srv.URL)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Body) != tt.size {
				t.Errorf("body: got %d bytes, want %d", len(resp.Body), tt.size)
			}
		})
	}
}

// A host out of reach is a *ConnectError; a refused private address and an
// answer of any kind are not.
func TestFetchConnectError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close() // nothing listens there now: connection refused
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "nope", http.StatusServiceUnavailable)
	}))
	tests := []struct {
		name    string
		url     string
		opts    Options
		connect bool
	}{
		{name: "refused", url: closed, connect: true},
		{name: "no such host", url: "http://nowhere.test/", opts: Options{Resolver: mapResolver{}}, connect: true},
		{name: "resolver timeout", url: "http://slow.test/", opts: Options{Resolver: blockingResolver{}, ConnectTimeout: 50 * time.Millisecond}, connect: true},
		{name: "status", url: srv.URL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newClient(t, tt.opts).Fetch(t.Context(), Request{URL: tt.url})
			if err == nil {
				t.Fatal("no error")
			}
			var ce *ConnectError
			if got := errors.As(err, &ce); got != tt.connect {
				t.Errorf("errors.As(%v, *ConnectError) = %v, want %v", err, got, tt.connect)
			}
		})
	}
}
