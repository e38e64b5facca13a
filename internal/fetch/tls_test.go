package fetch

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TLS goes through the custom dialer too; HTTP/2 must still be negotiated.
func TestFetchTLS(t *testing.T) {
	tests := []struct {
		name      string
		http2     bool
		wantProto int
	}{
		{"http/1.1", false, 1},
		{"h2", true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proto := make(chan int, 1)
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				proto <- r.ProtoMajor
				_, _ = w.Write([]byte("<feed/>"))
			}))
			srv.EnableHTTP2 = tt.http2
			srv.StartTLS()
			t.Cleanup(srv.Close)
			c := newClient(t, Options{})
			// Trust the test certificate; everything else stays ours.
			c.trusted.TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
			resp, err := c.Fetch(t.Context(), Request{URL: srv.URL + "/feed"})
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != "<feed/>" {
				t.Errorf("body: got %q, want <feed/>", resp.Body)
			}
			if got := <-proto; got != tt.wantProto {
				t.Errorf("protocol: got HTTP/%d, want HTTP/%d", got, tt.wantProto)
			}
		})
	}
}
