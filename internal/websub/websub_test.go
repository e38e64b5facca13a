package websub

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func TestPing(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		wantErr string
	}{
		{"accepted", http.StatusNoContent, ""},
		{"ok", http.StatusOK, ""},
		{"refused", http.StatusBadRequest, "400 Bad Request: unknown topic"},
		{"hub down", http.StatusServiceUnavailable, "503"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *http.Request
			hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				r.ParseForm()
				got = r
				if tt.status >= 400 {
					http.Error(w, "unknown topic", tt.status)
					return
				}
				w.WriteHeader(tt.status)
			}))
			defer hub.Close()
			err := Ping(context.Background(), hub.Client(), hub.URL, "https://planet.example/atom.xml", "https://planet.example/rss.xml")
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Ping error = %v, want %q", err, tt.wantErr)
			}
			if got.Method != http.MethodPost || got.PostForm.Get("hub.mode") != "publish" {
				t.Errorf("request %s mode %q, want POST publish", got.Method, got.PostForm.Get("hub.mode"))
			}
			want := []string{"https://planet.example/atom.xml", "https://planet.example/rss.xml"}
			if !slices.Equal(got.PostForm["hub.url"], want) || !slices.Equal(got.PostForm["hub.topic"], want) {
				t.Errorf("topics %q / %q, want %q", got.PostForm["hub.url"], got.PostForm["hub.topic"], want)
			}
		})
	}
}
