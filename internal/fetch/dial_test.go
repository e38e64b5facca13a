package fetch

import (
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

func TestIsPublic(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"93.184.216.34", true},
		{"8.8.8.8", true},
		{"2606:4700:4700::1111", true},
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"172.32.0.1", true},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"fec0::1", false},
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"::", false},
		{"224.0.0.1", false},
		{"239.255.255.250", false},
		{"ff02::1", false},
		{"100.64.0.1", false}, // CGNAT
		{"100.127.255.254", false},
		{"100.128.0.1", true},
		{"198.18.0.1", false},
		{"255.255.255.255", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"::ffff:8.8.8.8", true},
		{"64:ff9b::7f00:1", false}, // NAT64 of 127.0.0.1
		{"64:ff9b::808:808", true}, // NAT64 of 8.8.8.8
		{"2002:a00:1::", false},    // 6to4 of 10.0.0.1
		{"2002:808:808::", true},   // 6to4 of 8.8.8.8
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := isPublic(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Errorf("isPublic(%s): got %v, want %v", tt.addr, got, tt.want)
			}
		})
	}
}

func TestFetchPrivateRedirect(t *testing.T) {
	resolver := mapResolver{
		"feed.test":     {"127.0.0.1"},
		"intranet.test": {"127.0.0.1"},
		// Public first, private second: every answer must be checked.
		"mixed.test": {"93.184.216.34", "127.0.0.1"},
	}
	var feedHits atomic.Int32
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-name":
			http.Redirect(w, r, hostURL("http://"+r.Host, "feed.test", "/feed"), http.StatusFound)
		case "/to-mixed":
			http.Redirect(w, r, hostURL("http://"+r.Host, "mixed.test", "/feed"), http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/to-self":
			http.Redirect(w, r, "/feed", http.StatusFound)
		case "/feed":
			feedHits.Add(1)
			_, _ = w.Write([]byte("<feed/>"))
		}
	}))
	tests := []struct {
		name         string
		url          string
		via          string
		allowPrivate bool
		wantErr      bool
	}{
		{name: "configured loopback IP is trusted", url: srv.URL + "/feed"},
		{name: "found on a page of the same host", url: srv.URL + "/feed", via: srv.URL + "/blog/"},
		{name: "found on a page of another host", url: hostURL(srv.URL, "feed.test", "/feed"), via: srv.URL + "/blog/", wantErr: true},
		{name: "found on a public page, pointing at metadata", url: "http://169.254.169.254/latest/meta-data/", via: "https://blog.example/", wantErr: true},
		{name: "found elsewhere, allowed when AllowPrivate", url: hostURL(srv.URL, "feed.test", "/feed"), via: srv.URL + "/blog/", allowPrivate: true},
		{name: "configured private name is trusted", url: hostURL(srv.URL, "intranet.test", "/feed")},
		{name: "redirect on the same host", url: srv.URL + "/to-self"},
		{name: "redirect to a name resolving to loopback", url: srv.URL + "/to-name", wantErr: true},
		{name: "redirect to a name with any private answer", url: srv.URL + "/to-mixed", wantErr: true},
		{name: "redirect to the metadata address", url: srv.URL + "/to-metadata", wantErr: true},
		{name: "same host under a different name", url: hostURL(srv.URL, "intranet.test", "/to-name"), wantErr: true},
		{name: "allowed when AllowPrivate", url: srv.URL + "/to-name", allowPrivate: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, Options{AllowPrivate: tt.allowPrivate, Resolver: resolver})
			before := feedHits.Load()
			resp, err := c.Fetch(t.Context(), Request{URL: tt.url, Via: tt.via})
			hits := feedHits.Load() - before
			if tt.wantErr {
				wantErr(t, err, ErrPrivateAddress, tt.url)
				if hits != 0 {
					t.Errorf("the refused target was requested %d times", hits)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != "<feed/>" || hits != 1 {
				t.Errorf("got body %q after %d hits, want <feed/> after 1", resp.Body, hits)
			}
		})
	}
}

// A keep-alive connection opened for a trusted fetch of a private host must
// not carry a later redirect to that host.
func TestFetchPrivateRedirectIgnoresPooledConn(t *testing.T) {
	var feedHits atomic.Int32
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			http.Redirect(w, r, hostURL("http://"+r.Host, "feed.test", "/feed"), http.StatusFound)
			return
		}
		feedHits.Add(1)
		_, _ = w.Write([]byte("<feed/>"))
	}))
	c := newClient(t, Options{Resolver: mapResolver{"feed.test": {"127.0.0.1"}}})
	direct := hostURL(srv.URL, "feed.test", "/feed")
	if _, err := c.Fetch(t.Context(), Request{URL: direct}); err != nil {
		t.Fatalf("direct fetch of the configured host: %v", err)
	}
	_, err := c.Fetch(t.Context(), Request{URL: srv.URL + "/start"})
	wantErr(t, err, ErrPrivateAddress, srv.URL+"/start")
	if !strings.Contains(err.Error(), "feed.test") {
		t.Errorf("error %q does not name the refused host", err)
	}
	if got := feedHits.Load(); got != 1 {
		t.Errorf("feed requested %d times, want 1 (the direct fetch only)", got)
	}
}
