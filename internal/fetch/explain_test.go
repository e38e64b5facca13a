package fetch

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestExplain fails real fetches the common ways and checks each is put in
// the right plain words, naming the requested URL.
func TestExplain(t *testing.T) {
	status := func(code int) string {
		return newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(code)
		})).URL + "/feed"
	}
	closed := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return "http://" + addr + "/feed"
	}
	untrusted := func() string {
		srv := httptest.NewTLSServer(http.NotFoundHandler())
		t.Cleanup(srv.Close)
		return srv.URL + "/feed"
	}
	plainAsTLS := func() string {
		return strings.Replace(status(http.StatusOK), "http://", "https://", 1)
	}
	stuck := func() string {
		return newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		})).URL + "/feed"
	}
	tooBig := func() string {
		return newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write(make([]byte, 2048))
		})).URL + "/feed"
	}

	tests := []struct {
		name     string
		url      func() string
		opts     Options
		wantOK   bool
		wantKind ProblemKind
		want     string // what String begins with; URL stands for the URL
	}{
		{"no such host", func() string { return "http://no-such-host.example/feed" }, Options{Resolver: mapResolver{}},
			true, ProblemDNS, "cannot reach URL: no such host (offline, or a typo in the address?)"},
		{"refused", closed, Options{}, true, ProblemRefused, "cannot reach URL: connection refused ("},
		{"untrusted certificate", untrusted, Options{}, true, ProblemTLS, "cannot connect securely to URL: its certificate is signed by an unknown authority ("},
		{"plain HTTP on https", plainAsTLS, Options{}, true, ProblemTLS, "cannot connect securely to URL: the server does not speak TLS (try http://"},
		{"404", func() string { return status(http.StatusNotFound) }, Options{}, true, ProblemNotFound, "URL answered 404 Not Found (the feed moved"},
		{"410", func() string { return status(http.StatusGone) }, Options{}, true, ProblemGone, "URL answered 410 Gone (the publisher removed the feed for good"},
		{"503", func() string { return status(http.StatusServiceUnavailable) }, Options{}, true, ProblemStatus, "URL answered 503 Service Unavailable (a problem on the server's side"},
		{"418 has no hint", func() string { return status(http.StatusTeapot) }, Options{}, true, ProblemStatus, "URL answered 418 I'm a teapot"},
		{"timeout", stuck, Options{Timeout: 100 * time.Millisecond}, true, ProblemTimeout, "URL timed out after 100ms ("},
		{"body too large is not explained", tooBig, Options{MaxBodyBytes: 1024}, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := tt.url()
			_, err := newClient(t, tt.opts).Fetch(t.Context(), Request{URL: url})
			if err == nil {
				t.Fatal("fetch succeeded; want an error")
			}
			p, ok := Explain(err)
			if ok != tt.wantOK {
				t.Fatalf("Explain(%v): ok = %v, want %v", err, ok, tt.wantOK)
			}
			if !ok {
				return
			}
			if p.Kind != tt.wantKind {
				t.Errorf("kind: got %d, want %d (error %v)", p.Kind, tt.wantKind, err)
			}
			if p.URL != url {
				t.Errorf("URL: got %q, want %q", p.URL, url)
			}
			if want := strings.Replace(tt.want, "URL", url, 1); !strings.HasPrefix(p.String(), want) {
				t.Errorf("got  %q\nwant it to begin %q", p.String(), want)
			}
		})
	}
}

// TestExplainWithoutURL covers errors that did not come through Fetch.
func TestExplainWithoutURL(t *testing.T) {
	err := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "x.example", IsNotFound: true}}
	p, ok := Explain(err)
	if !ok {
		t.Fatalf("Explain(%v) = false", err)
	}
	if got, want := p.String(), "cannot reach the server: no such host (offline, or a typo in the address?)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, ok := Explain(nil); ok {
		t.Error("Explain(nil) = true")
	}
}
