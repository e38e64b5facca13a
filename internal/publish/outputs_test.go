package publish

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestRSSItems(t *testing.T) {
	type item struct {
		GUID struct {
			Perma string `xml:"isPermaLink,attr"`
			ID    string `xml:",chardata"`
		} `xml:"guid"`
		Creators    []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
		Description string   `xml:"description"`
		Encoded     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		PubDate     string   `xml:"pubDate"`
		Source      struct {
			URL  string `xml:"url,attr"`
			Name string `xml:",chardata"`
		} `xml:"source"`
	}
	var doc struct {
		Channel struct {
			AtomLinks []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
			Items []item `xml:"item"`
		} `xml:"channel"`
	}
	var buf bytes.Buffer
	if err := RSS(&buf, testFeed()); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	ch := doc.Channel
	if len(ch.AtomLinks) == 0 || ch.AtomLinks[0].Rel != "self" || ch.AtomLinks[0].Href != "https://river.example.org/feeds/rss.xml" {
		t.Errorf("atom:link = %+v, want self at rss.xml first", ch.AtomLinks)
	}
	if len(ch.Items) != 6 {
		t.Fatalf("got %d items, want 6", len(ch.Items))
	}
	tests := []struct {
		name  string
		i     int
		check func(it item) bool
	}{
		{"tag id is not a permalink", 0, func(it item) bool { return it.GUID.Perma == "false" }},
		{"URL id equal to link is a permalink", 4, func(it item) bool { return it.GUID.Perma == "true" }},
		{"summary is description, content is encoded", 0, func(it item) bool {
			return strings.Contains(it.Description, "小红书") && strings.HasPrefix(it.Encoded, "<p>When the United States")
		}},
		{"several creators", 4, func(it item) bool { return strings.Join(it.Creators, "|") == "Roderic Day|Editors of Red Sails" }},
		{"creator from source", 2, func(it item) bool { return strings.Join(it.Creators, "|") == "Rainer Shea (Substack)" }},
		{"pubDate RFC 1123Z", 1, func(it item) bool {
			_, err := time.Parse(time.RFC1123Z, it.PubDate)
			return err == nil
		}},
		{"source with url", 1, func(it item) bool {
			return it.Source.URL == "https://redsails.org/feed/" && it.Source.Name == "Red Sails"
		}},
		{"local source has no source element", 3, func(it item) bool { return it.Source.URL == "" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if it := ch.Items[tc.i]; !tc.check(it) {
				t.Errorf("item %d = %+v", tc.i, it)
			}
		})
	}
}

func TestJSONFeedShape(t *testing.T) {
	var buf bytes.Buffer
	if err := JSONFeed(&buf, testFeed()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version string `json:"version"`
		FeedURL string `json:"feed_url"`
		Items   []map[string]json.RawMessage
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	if doc.Version != jsonFeedVersion || doc.FeedURL != "https://river.example.org/feeds/feed.json" {
		t.Errorf("version, feed_url = %q, %q", doc.Version, doc.FeedURL)
	}
	for i, it := range doc.Items {
		if _, ok := it["id"]; !ok {
			t.Errorf("item %d has no id", i)
		}
		_, html := it["content_html"]
		_, text := it["content_text"]
		if !html && !text {
			t.Errorf("item %d has neither content_html nor content_text", i)
		}
		if _, ok := it["author"]; ok {
			t.Errorf("item %d has the deprecated author field", i)
		}
	}
	var related struct {
		Tributary struct {
			Related []string `json:"related"`
		} `json:"_tributary"`
	}
	if err := json.Unmarshal(doc.Items[0]["_tributary"], &related.Tributary); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(related.Tributary.Related, " "); got != "https://rainershea.blogspot.com/2025/02/workers-of-rednote-unite.html" {
		t.Errorf("related = %q", got)
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	type outline struct {
		Text     string    `xml:"text,attr"`
		Title    string    `xml:"title,attr"`
		Type     string    `xml:"type,attr"`
		XMLURL   string    `xml:"xmlUrl,attr"`
		HTMLURL  string    `xml:"htmlUrl,attr"`
		URL      string    `xml:"url,attr"`
		Category string    `xml:"category,attr"`
		Children []outline `xml:"outline"`
	}
	var doc struct {
		XMLName xml.Name `xml:"opml"`
		Version string   `xml:"version,attr"`
		Head    struct {
			Title       string `xml:"title"`
			DateCreated string `xml:"dateCreated"`
		} `xml:"head"`
		Body []outline `xml:"body>outline"`
	}
	sources := append(testFeed().Sources,
		Source{Name: "cn", Title: "ChinaSource & friends", Link: "https://www.chinasource.org/", FeedURL: "https://www.chinasource.org/feed/", Tags: []string{"china"}},
		Source{Name: "local-site", Link: "https://communist.red/", Tags: []string{"socialism"}},
	)
	var buf bytes.Buffer
	created := time.Date(2025, 3, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	if err := OPML(&buf, "My <river>", sources, created); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	if doc.Version != "2.0" || doc.Head.Title != "My <river>" || doc.Head.DateCreated != "Sat, 01 Mar 2025 11:00:00 +0000" {
		t.Errorf("opml head = %q %+v", doc.Version, doc.Head)
	}
	want := []outline{
		{Text: "socialism", Title: "socialism", Children: []outline{
			{Text: "Rainer Shea (Substack)", Title: "Rainer Shea (Substack)", Type: "rss", XMLURL: "https://rainershea.substack.com/feed", HTMLURL: "https://rainershea.substack.com/", Category: "socialism,china"},
			{Text: "local-site", Title: "local-site", Type: "link", URL: "https://communist.red/", Category: "socialism"},
		}},
		{Text: "theory", Title: "theory", Children: []outline{
			{Text: "Red Sails", Title: "Red Sails", Type: "rss", XMLURL: "https://redsails.org/feed/", HTMLURL: "https://redsails.org/", Category: "theory"},
		}},
		{Text: "seeds", Title: "seeds"},
		{Text: "china", Title: "china", Children: []outline{
			{Text: "ChinaSource & friends", Title: "ChinaSource & friends", Type: "rss", XMLURL: "https://www.chinasource.org/feed/", HTMLURL: "https://www.chinasource.org/", Category: "china"},
		}},
	}
	got, _ := json.Marshal(doc.Body)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(got, wantJSON) {
		t.Errorf("outlines:\ngot  %s\nwant %s", got, wantJSON)
	}

	t.Run("zero date omitted", func(t *testing.T) {
		var buf bytes.Buffer
		if err := OPML(&buf, "t", nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(buf.Bytes(), []byte("dateCreated")) {
			t.Errorf("dateCreated written for a zero time:\n%s", buf.Bytes())
		}
	})
}

// dirtyFeed carries characters XML 1.0 forbids in every kind of field.
func dirtyFeed() Feed {
	const bad = "\x00\x01\x08\x0b\x0c\x1b\x7f\u0085\ufffe\uffff\xff\xfe"
	f := testFeed()
	f.Title += bad
	f.Subtitle = bad + f.Subtitle
	f.Author += bad
	f.Generator.Name += bad
	f.Sources[0].Title += bad
	f.Sources[2].Status += bad
	e := &f.Entries[0]
	e.Title = "A" + bad + "B\tC\nD"
	e.Content += "<p>" + bad + "</p>"
	e.Summary += bad
	e.Authors = append(e.Authors, bad, "Z"+bad)
	e.Categories = append(e.Categories, bad+"x")
	e.Related = append(e.Related, "https://x.example/"+bad)
	e.Source.Title += bad
	e.Enclosures = []Enclosure{{URL: "https://x.example/a.mp3" + bad, Type: "audio/mpeg" + bad}}
	return f
}

// badRune matches what must never reach the output.
var badRune = regexp.MustCompile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f\ufffe\uffff]")

func TestControlCharsFiltered(t *testing.T) {
	f := dirtyFeed()
	outputs := []struct {
		name  string
		write func(io.Writer) error
		parse func([]byte) error
	}{
		{"atom", func(w io.Writer) error { return Atom(w, f, AtomOptions{Stylesheet: "feed\x01.xsl"}) }, CheckAtomRules},
		{"rss", func(w io.Writer) error { return RSS(w, f) }, func(b []byte) error { return xml.Unmarshal(b, new(struct{})) }},
		{"opml", func(w io.Writer) error { return OPML(w, f.Title, f.Sources, time.Time{}) }, func(b []byte) error { return xml.Unmarshal(b, new(struct{})) }},
		{"json", func(w io.Writer) error { return JSONFeed(w, f) }, func(b []byte) error { return json.Unmarshal(b, new(any)) }},
		{"html", func(w io.Writer) error { return HTML(w, f, HTMLOptions{}) }, func([]byte) error { return nil }},
	}
	for _, tc := range outputs {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			if !utf8.Valid(out) {
				t.Error("output is not valid UTF-8")
			}
			if loc := badRune.FindIndex(out); loc != nil {
				t.Errorf("forbidden character %q at byte %d", out[loc[0]:loc[1]], loc[0])
			}
			if bytes.Contains(out, []byte(`\u0001`)) {
				t.Error("a control character survived as a JSON escape")
			}
			if err := tc.parse(out); err != nil {
				t.Errorf("parse back: %v", err)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\n"}, // line ends are LF, as in every stored text
		{"crlf\r\nend", "crlf\nend"},
		{"a\x00b\x1fc\x7fd", "abcd"},
		{"c1\u0085\u009f", "c1"},
		{"nonchar\ufffe\uffff", "nonchar"},
		{"bad\xffutf8", "bad\ufffdutf8"},
		{"小红书 \U0001F600", "小红书 \U0001F600"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := clean(tc.in); got != tc.want {
				t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestHTMLPage(t *testing.T) {
	var buf bytes.Buffer
	if err := HTML(&buf, testFeed(), testHTMLOptions()); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	musts := []struct{ name, want string }{
		{"language", `<html lang="en">`},
		{"viewport", `<meta name="viewport" content="width=device-width, initial-scale=1">`},
		{"dark scheme", `@media (prefers-color-scheme: dark)`},
		{"atom autodiscovery", `<link rel="alternate" type="application/atom&#43;xml" title="Atom" href="https://river.example.org/feeds/atom.xml">`},
		{"json autodiscovery", `href="https://river.example.org/feeds/feed.json"`},
		{"landmark main", `<main id="main">`},
		{"day heading", `<h2 id="day-2025-02-28"><time datetime="2025-02-28">Friday, 28 February 2025</time></h2>`},
		{"escaped title", `unite: “TikTok refugees” &amp; the &lt;Great Firewall&gt; &gt; the ban</a></h3>`},
		{"trusted content", `<div class="content"><p>A reading of the 2021 essay`},
		{"excerpt with read more", `one wrote…</p>`},
		{"full post of linkless entry", `<details>`},
		{"related copy", `Also at rainershea.blogspot.com`},
		{"enclosure", `virtual-factory.mp3</a> (audio/mpeg, 48.2 MB)`},
		{"failing source", `<span class="status-problem">failing since 27 February 2025 (HTTP 503)</span>`},
		{"source feed link", `(<a href="https://redsails.org/feed/">feed</a>)`},
		{"updated from data", `Last updated <time datetime="2025-02-28T15:00:00Z">`},
	}
	for _, m := range musts {
		t.Run(m.name, func(t *testing.T) {
			if !strings.Contains(page, m.want) {
				t.Errorf("page lacks %s", m.want)
			}
		})
	}
	mustNots := []struct{ name, pattern string }{
		{"script", `(?i)<script`},
		{"external stylesheet", `(?i)<link[^>]+rel="stylesheet"`},
		{"css import or font", `(?i)@import|@font-face|url\(`},
		{"inline handler", `(?i)\son[a-z]+="`},
	}
	for _, m := range mustNots {
		t.Run("no "+m.name, func(t *testing.T) {
			if loc := regexp.MustCompile(m.pattern).FindStringIndex(page); loc != nil {
				t.Errorf("page contains %q", page[loc[0]:loc[1]])
			}
		})
	}

	t.Run("explicit empty feed links", func(t *testing.T) {
		var buf bytes.Buffer
		if err := HTML(&buf, testFeed(), HTMLOptions{FeedLinks: []FeedLink{}}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), `rel="alternate"`) {
			t.Error("autodiscovery links written although none were asked for")
		}
	})
	t.Run("no excerpts by default", func(t *testing.T) {
		var buf bytes.Buffer
		if err := HTML(&buf, testFeed(), HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "excerpt") || !strings.Contains(buf.String(), "Read the full analysis</a>") {
			t.Error("content was shortened without ExcerptRunes")
		}
	})
	t.Run("empty feed", func(t *testing.T) {
		var buf bytes.Buffer
		if err := HTML(&buf, Feed{Title: "Empty"}, HTMLOptions{Lang: "de"}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "Nothing has been published yet.") || !strings.Contains(buf.String(), `lang="de"`) {
			t.Errorf("empty page:\n%s", buf.String())
		}
	})
	t.Run("unsafe links neutralised", func(t *testing.T) {
		f := testFeed()
		f.Entries[0].Link = "javascript:alert(1)"
		var buf bytes.Buffer
		if err := HTML(&buf, f, HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "javascript:") {
			t.Error("javascript: URL reached an href")
		}
	})
}

func TestXSL(t *testing.T) {
	sheet := XSL()
	if err := xml.Unmarshal(sheet, new(struct{})); err != nil {
		t.Fatalf("stylesheet is not well-formed: %v", err)
	}
	sheet[0] = 'X'
	if XSL()[0] == 'X' {
		t.Error("XSL returns shared bytes")
	}
	xsltproc, err := exec.LookPath("xsltproc")
	if err != nil {
		t.Skip("xsltproc not on PATH")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, XSLFile)
	if err := WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(XSL()); return err }); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xsltproc, "--nonet", path, filepath.Join("testdata", "atom.golden.xml")).Output()
	if err != nil {
		t.Fatalf("xsltproc: %v", err)
	}
	page := string(out)
	if strings.Contains(page, "by Rainer Shea (Substack)") {
		t.Error("an author that only repeats the source title is shown")
	}
	for _, want := range []string{
		"<title>Tributary river (web feed)</title>",
		`<a href="https://rainershea.substack.com/p/workers-of-rednote-unite">Workers of RedNote unite: “TikTok refugees” &amp; the &lt;Great Firewall&gt; &gt; the ban</a>`,
		`From <a href="https://redsails.org/">Red Sails</a>`,
		"by Roderic Day, Editors of Red Sails",
		`<time datetime="2025-02-20T08:00:00Z">2025-02-20</time>`,
		"<h2>Digital Leninism</h2>",
		"https://river.example.org/feeds/atom.xml",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("transformed page lacks %s\npage:\n%s", want, page)
		}
	}
}
