package fullpost

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/page"
)

func TestExtract(t *testing.T) {
	hostile := `<html><head><title>Tea</title><script>alert(1)</script></head><body>
<article><h1>Tea</h1>
<p onclick="alert(2)">Green tea wants water <a href="javascript:alert(3)">well</a> below boiling, or it turns bitter in the cup.</p>
<p>Oolong forgives more <img src="/img/oolong.jpg" onerror="alert(4)">, and a second steeping is often the best.</p>
<iframe src="https://evil.example/"></iframe><form action="/x"><input name="q"></form>
<p>Black tea takes boiling water, see <a href="../guide/">the guide</a>.</p>` + strings.Repeat("<p>More about tea and kettles and cups and saucers.</p>", 200) + `
</article></body></html>`
	src := feed.Source{Name: "leaf", URL: "https://leaf.example/feed.xml"}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name     string
		body     string
		ctype    string
		maxBytes int
		want     []string
		wantErr  error
	}{
		{name: "hostile page sanitised", body: hostile, ctype: "text/html",
			want: []string{"below boiling", `src="https://leaf.example/img/oolong.jpg"`, `href="https://leaf.example/guide/"`}},
		{name: "cut to the entry size", body: hostile, maxBytes: 2000, want: []string{"below boiling"}},
		{name: "a feed", body: `<rss version="2.0"><channel><title>t</title></channel></rss>`, wantErr: page.ErrFeed},
		{name: "plain text", body: "hello there", wantErr: page.ErrNotHTML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract([]byte(tt.body), tt.ctype, "https://leaf.example/2025/tea.html", src, tt.maxBytes, now)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if bad := normalize.Unsafe(a.Content); len(bad) > 0 {
				t.Errorf("unsafe content: %v\n%s", bad, a.Content)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.Content, w) {
					t.Errorf("content lacks %q", w)
				}
			}
			if tt.maxBytes > 0 && len(a.Content) > tt.maxBytes {
				t.Errorf("content is %d bytes, want at most %d", len(a.Content), tt.maxBytes)
			}
			if !strings.HasPrefix(a.Text, "Green tea wants water well below boiling") {
				t.Errorf("text starts %.60q", a.Text)
			}
		})
	}
}
