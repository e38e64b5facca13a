package publish

import (
	"bufio"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
)

//go:embed templates/search.html.tmpl templates/style.css
var searchFS embed.FS

// Highlight is a run of a search result's text: matched words, or what
// lies between them.
type Highlight struct {
	Text  string
	Match bool
}

// SearchResult is one post a search found: the entry as the feed shows
// it, its title and a passage of its text with the matched words marked.
type SearchResult struct {
	Entry   Entry
	Title   []Highlight
	Snippet []Highlight
}

// SearchPage is the HTML page of a search, in the river page's look.
type SearchPage struct {
	Feed    Feed   // the merged feed: its title and generator head the page
	Query   string // the search as typed
	Problem string // why the query cannot be run; then there are no results
	Results []SearchResult
	More    bool   // more posts match than Results holds
	FeedURL string // the Atom feed of this search, for subscribing
	Home    string // the river page's URL
	Action  string // where the search form submits
	Lang    string // the page's language tag; "en" when empty
}

type searchView struct {
	Lang, Title, Query, Problem string
	FeedURL, Home, Action       string
	Generator, GeneratorURI     string
	More                        bool
	CSS                         template.CSS
	Results                     []searchResultView
}

type searchResultView struct {
	entryView
	Title, Snippet []Highlight
}

// SearchHTML writes a search's page: a search form, then each result's
// title and snippet with the matched words in <mark>, everything else
// escaped, under the river page's style sheet.
func SearchHTML(w io.Writer, p SearchPage) error {
	tmpl, err := template.New("search.html.tmpl").ParseFS(searchFS, "templates/search.html.tmpl")
	if err != nil {
		return fmt.Errorf("publish search page: parse template: %w", err)
	}
	css, err := searchFS.ReadFile("templates/style.css")
	if err != nil {
		return fmt.Errorf("publish search page: read style: %w", err)
	}
	v := searchView{
		Lang: trimClean(p.Lang), Title: trimClean(p.Feed.Title), Query: clean(p.Query), Problem: clean(p.Problem),
		FeedURL: trimClean(p.FeedURL), Home: trimClean(p.Home), Action: trimClean(p.Action), More: p.More,
		CSS: template.CSS(css),
	}
	if v.Lang == "" {
		v.Lang = "en"
	}
	if v.Title == "" {
		v.Title = "Tributary"
	}
	if g := trimClean(p.Feed.Generator.Name); g != "" {
		if ver := trimClean(p.Feed.Generator.Version); ver != "" {
			g += " " + ver
		}
		v.Generator, v.GeneratorURI = g, trimClean(p.Feed.Generator.URI)
	}
	for _, r := range p.Results {
		ev := buildEntryView(r.Entry, 0)
		if t := stamp(r.Entry.Published); !t.IsZero() {
			ev.Date = timeView{Machine: rfc3339(t), Human: t.Format("2 January 2006")}
		}
		rv := searchResultView{entryView: ev, Title: cleanHighlights(r.Title), Snippet: cleanHighlights(r.Snippet)}
		if len(rv.Title) == 0 {
			rv.Title = []Highlight{{Text: ev.Title}}
		}
		v.Results = append(v.Results, rv)
	}
	bw := bufio.NewWriter(w)
	if err := tmpl.Execute(bw, v); err != nil {
		return fmt.Errorf("publish search page: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("publish search page: %w", err)
	}
	return nil
}

// cleanHighlights drops the characters no output may carry and folds
// white space, as the page shows a title or a passage on one line.
func cleanHighlights(hs []Highlight) []Highlight {
	var out []Highlight
	for i, h := range hs {
		text := strings.Join(strings.Fields(clean(h.Text)), " ")
		// Fields dropped the spaces at the ends; the words around a match
		// keep theirs.
		if text != "" && i > 0 && strings.TrimLeft(h.Text, " \t\n") != h.Text {
			text = " " + text
		}
		if text != "" && i < len(hs)-1 && strings.TrimRight(h.Text, " \t\n") != h.Text {
			text += " "
		}
		if text != "" {
			out = append(out, Highlight{Text: text, Match: h.Match})
		}
	}
	return out
}
