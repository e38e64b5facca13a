package hostile

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"

	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/publish"
)

// Outputs are the published files the output invariant applies to.
var Outputs = []string{publish.AtomFile, publish.RSSFile, publish.JSONFile, publish.HTMLFile, publish.OPMLFile}

// Complete reports whether data is a whole, well-formed document of the
// output kind its file name says: strict XML to the end of the root element
// (and the Atom rules of RFC 4287 for atom.xml), one JSON value, an HTML
// page that reaches </html>. A file cut short by a crash fails.
func Complete(name string, data []byte) error {
	switch {
	case strings.HasSuffix(name, ".json"):
		var v map[string]any
		dec := json.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return fmt.Errorf("%s: data after the JSON value", name)
		}
		if _, ok := v["items"].([]any); !ok {
			return fmt.Errorf("%s: no items array", name)
		}
	case strings.HasSuffix(name, ".html"):
		if !bytes.HasSuffix(bytes.TrimSpace(data), []byte("</html>")) {
			return fmt.Errorf("%s: does not end with </html>", name)
		}
		if _, err := nethtml.Parse(bytes.NewReader(data)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	default:
		if err := wellFormedXML(data); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if name == publish.AtomFile {
			if err := publish.CheckAtomRules(data); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	if !utf8.Valid(data) {
		return fmt.Errorf("%s: invalid UTF-8", name)
	}
	return nil
}

// wellFormedXML reads every token strictly and requires the root element
// to close.
func wellFormedXML(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || depth != 0 {
		return fmt.Errorf("%d root elements, %d left open", roots, depth)
	}
	return nil
}

// Violations checks one output against the invariant of the hardening
// issue: HTML fields pass normalize.Unsafe, every other text and attribute
// passes normalize.UnsafeText, no URL uses a script-capable scheme, no C0
// or C1 control character appears raw or as a reference, and the bytes are
// valid UTF-8. For the HTML page it checks the whole document structurally
// (no script, event handler or dangerous URL anywhere) and applies
// normalize.Unsafe to the entry area, <main>. Each violation names where
// it was found.
func Violations(name string, data []byte) []string {
	var out []string
	if !utf8.Valid(data) {
		out = append(out, "invalid UTF-8")
	}
	if c := rawControl(string(data)); c != "" {
		out = append(out, "raw "+c)
	}
	switch {
	case strings.HasSuffix(name, ".json"):
		out = append(out, jsonViolations(data)...)
	case strings.HasSuffix(name, ".html"):
		out = append(out, pageViolations(data)...)
	default:
		out = append(out, xmlViolations(data)...)
	}
	return out
}

// rawControl names the first C0 (other than tab, LF, CR) or C1 control.
func rawControl(s string) string {
	for i, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f) {
			return fmt.Sprintf("control character U+%04X at byte %d", r, i)
		}
	}
	return ""
}

// htmlElements are the XML elements of the outputs whose text is HTML.
func htmlElement(space, local string, attrs []xml.Attr) bool {
	switch local {
	case "description", "encoded":
		return true
	case "content", "summary", "title", "subtitle", "rights":
		for _, a := range attrs {
			if a.Name.Local == "type" && (a.Value == "html" || a.Value == "xhtml") {
				return true
			}
		}
	}
	return false
}

// urlName reports element and attribute names that hold a URL.
func urlName(local string) bool {
	switch strings.ToLower(local) {
	case "href", "src", "url", "xmlurl", "htmlurl", "link", "uri", "icon", "logo", "comments", "docs",
		"home_page_url", "feed_url", "external_url", "image", "banner_image", "avatar", "favicon":
		return true
	}
	return false
}

// ScriptScheme returns the script-capable or local scheme a URL uses
// ("javascript", "vbscript", "data", "file"...), reading it the way a
// browser does (ignoring leading controls and spaces, and tabs and
// newlines anywhere), or "" when it has none.
func ScriptScheme(v string) string {
	v = strings.TrimLeftFunc(v, func(r rune) bool { return r <= 0x20 })
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	i := strings.IndexByte(v, ':')
	if i <= 0 {
		return ""
	}
	switch s := strings.ToLower(v[:i]); s {
	case "javascript", "vbscript", "livescript", "mocha", "data", "file", "jar", "view-source", "about", "blob", "filesystem":
		return s
	}
	return ""
}

// xmlViolations walks an XML output (Atom, RSS, OPML).
func xmlViolations(data []byte) []string {
	var out []string
	add := func(where string, vs []string) {
		for _, v := range vs {
			out = append(out, where+": "+v)
		}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	type frame struct {
		name string
		html bool
		url  bool
		text strings.Builder
	}
	var stack []*frame
	path := func() string {
		parts := make([]string, len(stack))
		for i, f := range stack {
			parts[i] = f.name
		}
		return strings.Join(parts, "/")
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			out = append(out, "not well-formed: "+err.Error())
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			f := &frame{name: t.Name.Local, html: htmlElement(t.Name.Space, t.Name.Local, t.Attr), url: urlName(t.Name.Local)}
			if t.Name.Local == "guid" {
				f.url = true
				for _, a := range t.Attr {
					if a.Name.Local == "isPermaLink" && a.Value == "false" {
						f.url = false
					}
				}
			}
			stack = append(stack, f)
			for _, a := range t.Attr {
				where := path() + "@" + a.Name.Local
				if urlName(a.Name.Local) {
					if s := ScriptScheme(a.Value); s != "" {
						out = append(out, where+": "+s+": URL")
					}
				}
				add(where, normalize.UnsafeText(a.Value))
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				break
			}
			f := stack[len(stack)-1]
			where := path()
			stack = stack[:len(stack)-1]
			text := f.text.String()
			switch {
			case f.html:
				add(where, normalize.Unsafe(text))
			default:
				add(where, normalize.UnsafeText(text))
			}
			if f.url {
				if s := ScriptScheme(text); s != "" {
					out = append(out, where+": "+s+": URL")
				}
			}
		}
	}
	return out
}

// jsonViolations walks a JSON Feed output.
func jsonViolations(data []byte) []string {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	var out []string
	var walk func(where, key string, v any)
	walk = func(where, key string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				walk(where+"."+k, k, c)
			}
		case []any:
			for i, c := range x {
				walk(fmt.Sprintf("%s[%d]", where, i), key, c)
			}
		case string:
			var vs []string
			if key == "content_html" {
				vs = normalize.Unsafe(x)
			} else {
				vs = normalize.UnsafeText(x)
			}
			if urlName(key) {
				if s := ScriptScheme(x); s != "" {
					vs = append(vs, s+": URL")
				}
			}
			for _, s := range vs {
				out = append(out, where+": "+s)
			}
		}
	}
	walk("$", "", v)
	return out
}

// pageViolations checks the HTML page: nowhere a script, an event handler,
// a dangerous URL or an element that changes the page; in <main> (the
// entries) the full normalize.Unsafe invariant, which also bans meta, base,
// style and the rest; every text and attribute free of controls, and every
// text but an entry's body free of bidi overrides. An entry body (an
// element of class "content") is HTML content like an Atom entry's, which
// normalize.Unsafe judges: right-to-left prose uses embeddings and
// overrides legitimately, so only metadata (titles, names, dates) must be
// without them.
func pageViolations(data []byte) []string {
	doc, err := nethtml.Parse(bytes.NewReader(data))
	if err != nil {
		return []string{"unparsable HTML: " + err.Error()}
	}
	var out []string
	var main *nethtml.Node
	var walk func(n *nethtml.Node, inHead, inBody bool)
	walk = func(n *nethtml.Node, inHead, inBody bool) {
		if n.Type == nethtml.ElementNode {
			tag := strings.ToLower(n.Data)
			switch tag {
			case "main":
				main = n
			case "head":
				inHead = true
			case "script", "iframe", "frame", "object", "embed", "applet", "form", "input", "button", "base", "svg", "math", "template", "noscript":
				out = append(out, "element <"+tag+">")
			case "meta", "link", "style", "title":
				if !inHead {
					out = append(out, "element <"+tag+"> outside <head>")
				}
			}
			if hasClass(n, "content") {
				inBody = true
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"):
					out = append(out, fmt.Sprintf("event handler %s on <%s>", key, tag))
				case key == "srcdoc" || key == "formaction":
					out = append(out, fmt.Sprintf("%s on <%s>", key, tag))
				case key == "href" || key == "src" || key == "action" || key == "poster" || key == "srcset" || key == "cite" || key == "data":
					if s := ScriptScheme(a.Val); s != "" {
						out = append(out, fmt.Sprintf("%s: URL in %s on <%s>", s, key, tag))
					}
				}
				if tag != "meta" && !(tag == "style" && inHead) {
					for _, v := range normalize.UnsafeText(a.Val) {
						out = append(out, fmt.Sprintf("%s in %s on <%s>", v, key, tag))
					}
				}
			}
		}
		if n.Type == nethtml.TextNode && !inHead {
			if c := rawControl(n.Data); c != "" {
				out = append(out, "text: "+c)
			}
			if !inBody && bidi(n.Data) {
				out = append(out, "text: bidi control")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inHead, inBody)
		}
	}
	walk(doc, false, false)
	if main == nil {
		return append(out, "no <main> element")
	}
	var b bytes.Buffer
	for c := main.FirstChild; c != nil; c = c.NextSibling {
		if err := nethtml.Render(&b, c); err != nil {
			return append(out, "render <main>: "+err.Error())
		}
	}
	lower := strings.ToLower(b.String())
	for _, tag := range []string{"<script", "<iframe", "<object", "<embed", "<form", "<meta", "<base", "<style", "<svg", "<math"} {
		if strings.Contains(lower, tag) {
			out = append(out, "entry area contains "+tag)
		}
	}
	for _, v := range normalize.Unsafe(b.String()) {
		out = append(out, "entry area: "+v)
	}
	return out
}

// hasClass reports whether an element's class list holds class.
func hasClass(n *nethtml.Node, class string) bool {
	for _, a := range n.Attr {
		if strings.ToLower(a.Key) == "class" && slices.Contains(strings.Fields(a.Val), class) {
			return true
		}
	}
	return false
}

// bidi reports the bidirectional formatting characters that make text
// display differently from how it reads (Trojan Source, spoofed file
// names).
func bidi(s string) bool {
	for _, r := range s {
		if (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return true
		}
	}
	return false
}

// AtomEntry is what the tests need of one published Atom entry.
type AtomEntry struct {
	ID        string
	Title     string
	Published time.Time
	Updated   time.Time
	Links     []string
}

// ReadAtom returns the entries of a published atom.xml, in order.
func ReadAtom(data []byte) ([]AtomEntry, error) {
	var doc struct {
		Entries []struct {
			ID        string `xml:"id"`
			Title     string `xml:"title"`
			Published string `xml:"published"`
			Updated   string `xml:"updated"`
			Links     []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read atom: %w", err)
	}
	out := make([]AtomEntry, 0, len(doc.Entries))
	var errs []error
	for _, e := range doc.Entries {
		ae := AtomEntry{ID: e.ID, Title: e.Title}
		var err error
		if ae.Updated, err = time.Parse(time.RFC3339, e.Updated); err != nil {
			errs = append(errs, fmt.Errorf("entry %s: updated: %w", e.ID, err))
		}
		if e.Published != "" {
			if ae.Published, err = time.Parse(time.RFC3339, e.Published); err != nil {
				errs = append(errs, fmt.Errorf("entry %s: published: %w", e.ID, err))
			}
		}
		for _, l := range e.Links {
			ae.Links = append(ae.Links, l.Href)
		}
		out = append(out, ae)
	}
	return out, errors.Join(errs...)
}
