package normalize

import (
	"html"
	"net/url"
	"regexp"
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Video embeds. The allowlist drops <iframe>, <embed> and <object>: they
// load another site's page into the reader's. A YouTube or Vimeo player
// dropped without a trace leaves readers unaware there was a video, so
// before the allowlist runs, each such player becomes a plain link to the
// video's page: with its thumbnail where the URL gives one (YouTube), and
// its title where the markup gives one. Everything else is left to the
// allowlist, byte for byte.

var (
	reYouTubeID  = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	reYouTubeRef = regexp.MustCompile(`^[A-Za-z0-9_-]{2,64}$`) // playlist ids
	reVimeoID    = regexp.MustCompile(`^[0-9]{1,12}$`)
	reSeconds    = regexp.MustCompile(`^[0-9]{1,6}$`)
	reVimeoHash  = regexp.MustCompile(`^[0-9a-f]{6,20}$`) // an unlisted video's key
)

// video is a recognised player: where to watch it, its thumbnail, and the
// site's name.
type video struct {
	page, thumb, site string
	playlist          bool
}

// playerVideo recognises a YouTube or Vimeo player URL: youtube.com/embed/ID
// (also on youtube-nocookie.com, and the old /v/ID), youtu.be/ID,
// youtube.com/embed/videoseries?list=L, player.vimeo.com/video/N.
func playerVideo(src string) (video, bool) {
	src = strings.TrimSpace(src)
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	u, err := url.Parse(src)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return video{}, false
	}
	host := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(u.Hostname()), "www."), "m.")
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	q := u.Query()
	switch host {
	case "youtube.com", "youtube-nocookie.com":
		if len(segs) != 2 || (segs[0] != "embed" && segs[0] != "v") {
			return video{}, false
		}
		if segs[1] == "videoseries" {
			list := q.Get("list")
			if !reYouTubeRef.MatchString(list) {
				return video{}, false
			}
			return video{page: "https://www.youtube.com/playlist?list=" + list, site: "YouTube", playlist: true}, true
		}
		return youTube(segs[1], q.Get("start"))
	case "youtu.be":
		if len(segs) != 1 {
			return video{}, false
		}
		return youTube(segs[0], q.Get("t"))
	case "player.vimeo.com":
		if len(segs) != 2 || segs[0] != "video" || !reVimeoID.MatchString(segs[1]) {
			return video{}, false
		}
		v := video{page: "https://vimeo.com/" + segs[1], site: "Vimeo"}
		if h := q.Get("h"); reVimeoHash.MatchString(h) {
			v.page += "/" + h
		}
		return v, true
	}
	return video{}, false
}

func youTube(id, start string) (video, bool) {
	if !reYouTubeID.MatchString(id) {
		return video{}, false
	}
	v := video{page: "https://www.youtube.com/watch?v=" + id, thumb: "https://i.ytimg.com/vi/" + id + "/hqdefault.jpg", site: "YouTube"}
	if reSeconds.MatchString(start) && start != "0" {
		v.page += "&t=" + start + "s"
	}
	return v, true
}

// markup is the link that stands in for the player. The URLs are built
// from checked ids and need no escaping; the title does.
func (v video) markup(title string) string {
	what := "Video"
	if v.playlist {
		what = "Playlist"
	}
	label := what + " on " + v.site
	if title != "" {
		label = what + ": " + title + " (" + v.site + ")"
	}
	var b strings.Builder
	b.WriteString(`<a href="` + v.page + `">`)
	if v.thumb != "" {
		alt := title
		if alt == "" {
			alt = label
		}
		b.WriteString(`<img src="` + v.thumb + `" alt="` + html.EscapeString(alt) + `"><br>`)
	}
	b.WriteString(html.EscapeString(label) + `</a>`)
	return b.String()
}

// embedTitle is the title attribute of a player, unless it is one of the
// titles the players' stock embed code gives every video, which say
// nothing about this one.
func embedTitle(t nethtml.Token) string {
	title := strings.Join(strings.Fields(attrOf(t, "title")), " ")
	switch strings.ToLower(title) {
	case "youtube video player", "youtube video", "vimeo video player", "vimeo-player", "video player", "embedded content":
		return ""
	}
	return title
}

func attrOf(t nethtml.Token, key string) string {
	for _, a := range t.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// mayEmbedVideo is a cheap test that s could hold a player: the full
// rewrite tokenises the HTML, which most posts need not pay for.
func mayEmbedVideo(s string) bool {
	return containsFold(s, "youtu") || containsFold(s, "vimeo")
}

// containsFold is strings.Contains ignoring ASCII case, without copying s;
// sub must be lower-case ASCII and begin with a letter. It runs over every
// entry's HTML, so it looks for the first letter's two cases with
// strings.IndexByte, which is many times faster than a byte-by-byte loop,
// and compares only where one is found.
func containsFold(s, sub string) bool {
	lower, upper := sub[0], sub[0]-('a'-'A')
	nextLower, nextUpper := -1, -1 // the next of each at or after i, once looked for
	for i := 0; i+len(sub) <= len(s); {
		if nextLower < i {
			if nextLower = indexFrom(s, lower, i); nextLower < 0 {
				nextLower = len(s)
			}
		}
		if nextUpper < i {
			if nextUpper = indexFrom(s, upper, i); nextUpper < 0 {
				nextUpper = len(s)
			}
		}
		i = min(nextLower, nextUpper)
		if i+len(sub) > len(s) {
			return false
		}
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
		i++
	}
	return false
}

// indexFrom is the index of the first c in s at or after from, or -1.
func indexFrom(s string, c byte, from int) int {
	if j := strings.IndexByte(s[from:], c); j >= 0 {
		return from + j
	}
	return -1
}

// linkVideoEmbeds replaces each YouTube or Vimeo <iframe>, <embed> or
// <object> in s by a link to the video (see video.markup). Everything else
// is copied unchanged.
func linkVideoEmbeds(s string) string {
	if !mayEmbedVideo(s) {
		return s
	}
	z := nethtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	pos, copied := 0, 0 // bytes tokenised so far; bytes of s already in b
	replace := func(start, end int, with string) {
		b.WriteString(s[copied:start])
		b.WriteString(with)
		copied = end
	}
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		start := pos
		pos += len(z.Raw())
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		switch t.DataAtom {
		case atom.Iframe, atom.Embed:
			v, ok := playerVideo(attrOf(t, "src"))
			if !ok {
				continue
			}
			if t.DataAtom == atom.Iframe && tt == nethtml.StartTagToken {
				// Its content (fallback text) and end tag go with it.
				pos = skipTo(z, pos, atom.Iframe)
			}
			replace(start, pos, v.markup(embedTitle(t)))
		case atom.Object:
			if tt != nethtml.StartTagToken {
				continue
			}
			v, ok := playerVideo(attrOf(t, "data"))
			title := embedTitle(t)
			end, inner, innerTitle := objectEnd(z, pos)
			pos = end
			if !ok {
				v, ok = playerVideo(inner)
			}
			if !ok {
				continue
			}
			if title == "" {
				title = innerTitle
			}
			replace(start, pos, v.markup(title))
		}
	}
	if copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}

// skipTo reads tokens up to and including the end tag of a, and returns
// the new position.
func skipTo(z *nethtml.Tokenizer, pos int, a atom.Atom) int {
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			return pos
		}
		pos += len(z.Raw())
		if tt == nethtml.EndTagToken {
			if name, _ := z.TagName(); atom.Lookup(name) == a {
				return pos
			}
		}
	}
}

// objectEnd reads an <object>'s content up to its end tag, nested objects
// included, and returns the position after it with the first player URL
// its <param name="movie"> or <embed> gives, and that embed's title.
func objectEnd(z *nethtml.Tokenizer, pos int) (end int, player, title string) {
	depth := 1
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			return pos, player, title
		}
		pos += len(z.Raw())
		switch tt {
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			t := z.Token()
			switch t.DataAtom {
			case atom.Object:
				if tt == nethtml.StartTagToken {
					depth++
				}
			case atom.Param:
				name := strings.ToLower(attrOf(t, "name"))
				if _, ok := playerVideo(attrOf(t, "value")); ok && player == "" && (name == "movie" || name == "src") {
					player = attrOf(t, "value")
				}
			case atom.Embed:
				if _, ok := playerVideo(attrOf(t, "src")); ok && player == "" {
					player, title = attrOf(t, "src"), embedTitle(t)
				}
			}
		case nethtml.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Object {
				if depth--; depth == 0 {
					return pos, player, title
				}
			}
		}
	}
}
