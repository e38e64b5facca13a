package page

import (
	"errors"
	"strings"
	"testing"
)

func TestArticle(t *testing.T) {
	post := `<!doctype html><html><head><title>Tea notes – Leaf Blog</title>
<meta property="og:site_name" content="Leaf Blog"></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Tea notes</h1>
<p>Green tea wants water well below boiling, or it turns bitter in the cup.</p>
<p>Oolong forgives more, and a second steeping is often the best one of all.</p>
<p>See <a href="/brewing">the brewing guide</a> for times and temperatures.</p>
</article><footer>© Leaf Blog</footer></body></html>`
	tests := []struct {
		name    string
		page    string
		wantErr error
		want    []string // in the content
		wantNot []string // not in the content
		ctype   string
	}{
		{name: "article page", page: post,
			want:    []string{"well below boiling", "second steeping", `href="https://leaf.example/brewing"`},
			wantNot: []string{"About", "© Leaf Blog", "<h1>"}},
		{name: "charset from the header", page: "<html><body><article><p>Caf\xe9 au lait, said the waiter, and the caf\xe9 was full of people reading.</p></article></body></html>",
			ctype: "text/html; charset=iso-8859-1", want: []string{"Café au lait"}},
		{name: "feed", page: `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`, wantErr: ErrFeed},
		{name: "plain text", page: "Just some words.\n\nAnd more words.", wantErr: ErrNotHTML},
		{name: "empty", page: "  \n", wantErr: ErrEmpty},
		{name: "binary", page: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", wantErr: ErrBinary},
		{name: "no text", page: `<html><body><div></div></body></html>`, wantErr: ErrNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Article([]byte(tt.page), tt.ctype, Options{BaseURL: "https://leaf.example/2025/tea-notes.html"})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(e.Content, w) {
					t.Errorf("content lacks %q:\n%s", w, e.Content)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(e.Content, w) {
					t.Errorf("content holds %q:\n%s", w, e.Content)
				}
			}
			if e.Raw != "" {
				t.Errorf("Raw kept %d bytes, want none", len(e.Raw))
			}
		})
	}
}
