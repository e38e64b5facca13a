package server

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// TestOutputsServeLikeTheDirectory: a server loaded from the outputs of a
// directory answers every file with the bytes and headers of a server
// loaded from the directory itself.
func TestOutputsServeLikeTheDirectory(t *testing.T) {
	fromDir, _ := newServer(t, Options{})
	var outs []Output
	for _, name := range fromDir.Snapshot().Names() {
		f, _ := fromDir.Snapshot().File(name)
		outs = append(outs, Output{Name: name, Body: f.Body, ModTime: f.ModTime})
	}
	fromDB := New(Options{Now: func() time.Time { return fixedNow }})
	if err := fromDB.ReloadOutputs(outs); err != nil {
		t.Fatal(err)
	}
	for _, name := range fromDir.Snapshot().Names() {
		for _, enc := range []string{"", "gzip"} {
			want := do(fromDir.Handler(), http.MethodGet, "/"+name, "Accept-Encoding", enc)
			got := do(fromDB.Handler(), http.MethodGet, "/"+name, "Accept-Encoding", enc)
			if got.Code != want.Code || got.Body.String() != want.Body.String() {
				t.Errorf("%s (%q): got %d, %d bytes; want %d, %d bytes", name, enc, got.Code, got.Body.Len(), want.Code, want.Body.Len())
			}
			for _, h := range []string{"ETag", "Last-Modified", "Content-Type", "Content-Encoding", "Content-Length"} {
				if g, w := got.Header().Get(h), want.Header().Get(h); g != w {
					t.Errorf("%s (%q): %s = %q, want %q", name, enc, h, g, w)
				}
			}
		}
	}
}

func TestLoadOutputsRefuses(t *testing.T) {
	body := []byte("<feed/>")
	tests := []struct {
		name string
		outs []Output
		want error
	}{
		{"nothing", nil, ErrEmpty},
		{"parent directory", []Output{{Name: "../x.xml", Body: body}}, ErrBadName},
		{"absolute", []Output{{Name: "/etc/passwd", Body: body}}, ErrBadName},
		{"hidden", []Output{{Name: "archive/.1.xml.tmp-3", Body: body}}, ErrBadName},
		{"too large", []Output{{Name: "atom.xml", Body: make([]byte, 11)}}, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := LoadOutputs(tt.outs, LoadOptions{MaxFileSize: 10}); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}
