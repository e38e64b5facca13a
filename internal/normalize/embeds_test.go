package normalize

import (
	"strings"
	"testing"
)

func TestPlayerVideo(t *testing.T) {
	tests := []struct {
		src, page, thumb string // page "" means not a player
	}{
		{"https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"},
		{"  //WWW.YouTube.com/embed/dQw4w9WgXcQ?rel=0&start=0 ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"},
		{"http://m.youtube.com/embed/dQw4w9WgXcQ?start=75", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=75s", "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"},
		{"https://www.youtube-nocookie.com/embed/a1B2c3D4e5F", "https://www.youtube.com/watch?v=a1B2c3D4e5F", "https://i.ytimg.com/vi/a1B2c3D4e5F/hqdefault.jpg"},
		{"https://www.youtube.com/v/a1B2c3D4e5F&hl=en", "", ""}, // an id with junk after it is no id
		{"https://youtu.be/Zx9_-Yw8vU0?t=9", "https://www.youtube.com/watch?v=Zx9_-Yw8vU0&t=9s", "https://i.ytimg.com/vi/Zx9_-Yw8vU0/hqdefault.jpg"},
		{"https://www.youtube.com/embed/videoseries?list=PLabc_123", "https://www.youtube.com/playlist?list=PLabc_123", ""},
		{"https://www.youtube.com/embed/videoseries?list=%22%3E", "", ""},
		{"https://player.vimeo.com/video/76979871", "https://vimeo.com/76979871", ""},
		{"https://player.vimeo.com/video/76979871?h=8272103f6e", "https://vimeo.com/76979871/8272103f6e", ""},
		{"https://player.vimeo.com/video/abc", "", ""},
		{"https://vimeo.com/76979871", "", ""},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "", ""},
		{"https://youtube.com.evil.example/embed/dQw4w9WgXcQ", "", ""},
		{"javascript:alert(1)//youtube.com/embed/dQw4w9WgXcQ", "", ""},
		{"ftp://www.youtube.com/embed/dQw4w9WgXcQ", "", ""},
		{"https://www.youtube.com/embed/dQw4w9WgXcQ/extra", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		v, ok := playerVideo(tt.src)
		if ok != (tt.page != "") || v.page != tt.page || v.thumb != tt.thumb {
			t.Errorf("playerVideo(%q) = %+v, %v; want page %q thumb %q", tt.src, v, ok, tt.page, tt.thumb)
		}
	}
}

// TestLinkVideoEmbedsLeavesTheRest: only the players change; every other
// byte is copied, and HTML without a player comes back as it was.
func TestLinkVideoEmbedsLeavesTheRest(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no player", `<p>About <b>YouTube</b> &amp; Vimeo<iframe src="https://example.org/x"></iframe></p>`, ""},
		{"iframe in text", `<P CLASS=x>a<IFRAME SRC="https://player.vimeo.com/video/7">fallback</IFRAME>b &nbsp;</P>`,
			`<P CLASS=x>a<a href="https://vimeo.com/7">Video on Vimeo</a>b &nbsp;</P>`},
		{"unclosed iframe takes the rest, as browsers do", `a<iframe src="https://player.vimeo.com/video/7">b<p>c`,
			`a<a href="https://vimeo.com/7">Video on Vimeo</a>`},
		{"self-closing embed", `x<embed src="https://youtu.be/dQw4w9WgXcQ" title="A &amp; B"/>y`,
			`x<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"><img src="https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg" alt="A &amp; B"><br>Video: A &amp; B (YouTube)</a>y`},
		{"object without a player stays", `<object data="https://example.org/youtube.swf"><param name="movie" value="x"></object>z`, ""},
		{"nested objects", `<object><object><param name="movie" value="https://player.vimeo.com/video/9"></object></object>z`,
			`<a href="https://vimeo.com/9">Video on Vimeo</a>z`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == "" {
				want = tt.in
			}
			if got := linkVideoEmbeds(tt.in); got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestMayEmbedVideo(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{{"a YouTube b", true}, {"VIMEO", true}, {"youtu", true}, {"yout", false}, {"", false}, {"y", false}}
	for _, tt := range tests {
		if got := mayEmbedVideo(tt.s); got != tt.want {
			t.Errorf("mayEmbedVideo(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// containsFold agrees with lower-casing both sides and strings.Contains,
// wherever the cases of the first letter fall, overlapping or near the end.
func TestContainsFold(t *testing.T) {
	tests := []struct {
		s, sub string
	}{
		{"", "vimeo"}, {"vimeo", "vimeo"}, {"VIMEO", "vimeo"}, {"vimeO", "vimeo"}, {"xvime", "vimeo"},
		{"vvvvimeo", "vimeo"}, {"VvVimeo", "vimeo"}, {"vVvIMEo tail", "vimeo"}, {"v", "vimeo"},
		{"you youtu", "youtu"}, {"YOUYOUTUBE", "youtu"}, {"yyyyy", "youtu"}, {"Y-outu youtU", "youtu"},
		{"the vim editor, then Vim again", "vimeo"}, {"<iframe src=\"https://WWW.YOUTUBE.COM/embed/x\">", "youtu"},
	}
	for _, tt := range tests {
		want := strings.Contains(strings.ToLower(tt.s), tt.sub)
		if got := containsFold(tt.s, tt.sub); got != want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", tt.s, tt.sub, got, want)
		}
	}
}

// FuzzContainsFold holds containsFold to the lower-cased reference.
func FuzzContainsFold(f *testing.F) {
	f.Add("a YouTube b", "youtu")
	f.Add("VvVimeo", "vimeo")
	f.Fuzz(func(t *testing.T, s, sub string) {
		if sub == "" || sub[0] < 'a' || sub[0] > 'z' || strings.ToLower(sub) != sub || !isASCII(sub) || !isASCII(s) {
			return
		}
		want := strings.Contains(strings.ToLower(s), sub)
		if got := containsFold(s, sub); got != want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", s, sub, got, want)
		}
	})
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// BenchmarkMayEmbedVideo measures the check every entry's HTML goes
// through, on 8 KB of ordinary prose with links and no video.
func BenchmarkMayEmbedVideo(b *testing.B) {
	s := strings.Repeat(`<p>The archive taught us that the <a href="https://example.com/notes/2024/">most `+
		`careful readers</a> often return to the same posts, and that a feed is only as good as its `+
		`oldest entries. We kept the index small and the pages fast.</p>`+"\n", 40)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if mayEmbedVideo(s) {
			b.Fatal("no video here")
		}
	}
}
