package page

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/feed"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"
)

// frontMatterKeyRE spots "key: value" lines, to tell broken front matter
// (an error worth reporting) from a Markdown file that merely opens with a
// horizontal rule.
var frontMatterKeyRE = regexp.MustCompile(`(?m)^[A-Za-z_][\w-]*\s*:`)

// hasFrontMatter reports whether text opens with a "---" delimited block.
func hasFrontMatter(text string) bool {
	_, _, ok := cutFrontMatter(text)
	return ok
}

// cutFrontMatter splits "---\n<yaml>\n---\n<body>"; the closing delimiter
// may also be "...".
func cutFrontMatter(text string) (fm, body string, ok bool) {
	rest, found := strings.CutPrefix(text, "---\n")
	if !found {
		return "", text, false
	}
	for off := 0; off <= len(rest); {
		end := strings.IndexByte(rest[off:], '\n')
		lineEnd := len(rest)
		if end >= 0 {
			lineEnd = off + end
		}
		if l := strings.TrimRight(rest[off:lineEnd], " \t"); l == "---" || l == "..." {
			return rest[:off], rest[min(lineEnd+1, len(rest)):], true
		}
		if end < 0 {
			break
		}
		off = lineEnd + 1
	}
	return "", text, false
}

// splitFrontMatter parses the front matter, if any, into a map. A block that
// is not YAML is treated as body when it does not look like key: value
// pairs, and is an error when it does.
func splitFrontMatter(text string) (map[string]any, string, error) {
	fm, body, ok := cutFrontMatter(text)
	if !ok {
		return nil, text, nil
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(fm), &m); err != nil {
		if frontMatterKeyRE.MatchString(fm) {
			return nil, body, fmt.Errorf("front matter: %w", err)
		}
		return nil, text, nil
	}
	return m, body, nil
}

// frontMatter is what the recognised keys yield.
type frontMatter struct {
	title     string
	published *time.Time
	rawPub    string
	updated   *time.Time
	rawUpd    string
	link      string
	authors   []string
	tags      []string
	summary   string
}

// readFrontMatter maps the usual keys of static site generators onto entry
// fields; unknown keys are ignored. Keys are matched case-insensitively.
func readFrontMatter(m map[string]any) frontMatter {
	lower := make(map[string]any, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first spelling of a key wins, deterministically
	for _, k := range keys {
		if _, dup := lower[strings.ToLower(k)]; !dup {
			lower[strings.ToLower(k)] = m[k]
		}
	}
	first := func(names ...string) any {
		for _, n := range names {
			if v, ok := lower[n]; ok && v != nil {
				return v
			}
		}
		return nil
	}
	var fm frontMatter
	fm.title = scalarString(first("title", "headline"))
	fm.published, fm.rawPub = yamlDate(first("date", "published", "pubdate", "publishdate", "created"))
	fm.updated, fm.rawUpd = yamlDate(first("updated", "lastmod", "modified", "last_modified_at"))
	fm.link = scalarString(first("link", "url", "permalink", "canonical", "canonical_url"))
	fm.authors = stringList(first("author", "authors", "by"))
	fm.tags = stringList(first("tags", "categories", "category", "keywords"))
	fm.summary = scalarString(first("summary", "description", "excerpt"))
	return fm
}

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case int, int64, float64, bool:
		return strings.TrimSpace(fmt.Sprint(x))
	case map[string]any:
		return scalarString(x["name"])
	}
	return ""
}

// stringList reads a list, a comma-separated string, or a single value (an
// author may also be a mapping with a name).
func stringList(v any) []string {
	var out []string
	switch x := v.(type) {
	case nil:
	case []any:
		for _, item := range x {
			if s := scalarString(item); s != "" {
				out = append(out, s)
			}
		}
	case string:
		out = splitList(x)
	default:
		if s := scalarString(x); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// yamlDate reads a date value: a YAML timestamp or a string in any form
// dates.Parse knows.
func yamlDate(v any) (*time.Time, string) {
	switch x := v.(type) {
	case time.Time:
		return timePtr(x), x.Format(time.RFC3339)
	case string:
		if t, ok := dates.Parse(x); ok {
			return timePtr(t), x
		}
		return nil, x
	}
	return nil, ""
}

// parseMarkdown reads a Markdown page: front matter for the fields, the body
// rendered with goldmark (GitHub Flavored Markdown and footnotes; raw HTML
// is passed through for the sanitiser downstream to judge), relative links
// resolved against BaseURL or the post's own link.
func parseMarkdown(name, src string, opts Options) (*feed.Document, error) {
	m, body, err := splitFrontMatter(src)
	if err != nil {
		return nil, err
	}
	fm := readFrontMatter(m)
	body, res := cleanMarkdownBody(body, opts)

	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
	)
	source := []byte(body)
	root := md.Parser().Parse(text.NewReader(source))

	title := fm.title
	if h := leadingHeading(root); h != nil {
		ht := inlineText(h, source)
		// A leading "# Title" is the title when front matter has none,
		// and a repeat of it when it has the same one.
		if title == "" || strings.EqualFold(normKey(ht), normKey(title)) {
			title = ht
			root.RemoveChild(root, h)
		}
	}
	if title == "" {
		if p := firstParagraph(root); p != nil {
			title = deriveTitle(inlineText(p, source))
		}
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, source, root); err != nil {
		return nil, fmt.Errorf("render markdown: %w", err)
	}
	base := opts.BaseURL
	if !isAbsURL(base) && isAbsURL(fm.link) {
		base = fm.link
	}
	content, err := resolveFragment(strings.TrimSpace(buf.String()), base)
	if err != nil {
		return nil, err
	}
	if title == "" && strings.TrimSpace(content) == "" {
		return &feed.Document{}, nil
	}
	e := feed.Entry{
		Title:        title,
		Link:         absOrEmpty(fm.link, opts.BaseURL),
		Authors:      fm.authors,
		Categories:   fm.tags,
		Published:    fm.published,
		RawPublished: fm.rawPub,
		Updated:      fm.updated,
		RawUpdated:   fm.rawUpd,
		Content:      content,
		Raw:          src,
		File:         baseName(name),
	}
	if fm.summary != "" {
		e.Summary = escapeText(fm.summary)
	}
	if len(e.Authors) == 0 && res.author != "" {
		e.Authors = []string{res.author}
	}
	if len(e.Categories) == 0 {
		e.Categories = res.categories
	}
	return &feed.Document{Entries: []feed.Entry{e}}, nil
}

// cleanMarkdownBody removes from the Markdown source the lines Strip
// patterns match and the boilerplate and chrome at the body's edges, working
// on the same paragraphs the plain-text reader sees.
func cleanMarkdownBody(body string, opts Options) (string, edgeResult) {
	blocks := textBlocks(body)
	drop := map[int]bool{}
	var (
		idx   []int
		paras []string
	)
	for i, b := range blocks {
		if stripMatch(b.text, opts.Strip) {
			drop[i] = true
			continue
		}
		idx = append(idx, i)
		paras = append(paras, b.text)
	}
	res := trimEdges(paras, opts.Boilerplate)
	for k, i := range idx {
		if k < res.lo || k >= res.hi {
			drop[i] = true
		}
	}
	if len(drop) == 0 {
		return body, res
	}
	var b strings.Builder
	last := 0
	for i, bl := range blocks {
		if !drop[i] {
			continue
		}
		b.WriteString(body[last:bl.start])
		last = bl.end
	}
	b.WriteString(body[last:])
	return b.String(), res
}

// leadingHeading returns the document's first block if it is a level-1
// heading.
func leadingHeading(root ast.Node) *ast.Heading {
	if h, ok := root.FirstChild().(*ast.Heading); ok && h.Level == 1 {
		return h
	}
	return nil
}

func firstParagraph(root ast.Node) ast.Node {
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == ast.KindParagraph {
			return n
		}
	}
	return nil
}

// inlineText is the plain text of a node's inline content.
func inlineText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Value(source))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
