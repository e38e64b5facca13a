package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/htmltext"
)

// ErrBadQuery is what every QueryError matches with errors.Is: the search
// text cannot be searched for, and the message says why.
var ErrBadQuery = errors.New("bad query")

// QueryError says why a search text cannot be searched for.
type QueryError struct{ Reason string }

func (e *QueryError) Error() string { return "bad query: " + e.Reason }

// Is makes errors.Is(err, ErrBadQuery) true for every QueryError.
func (e *QueryError) Is(target error) bool { return target == ErrBadQuery }

func badQuery(format string, args ...any) error {
	return &QueryError{Reason: fmt.Sprintf(format, args...)}
}

// Limits on what one query may ask, so that no input costs more than a
// handful of index lookups.
const (
	maxQueryChars = 1000
	maxQueryTerms = 32
)

// Term is one thing to look for: words that must appear in this order
// (one word, or a "quoted phrase"), the last one possibly a prefix.
type Term struct {
	Text   string // as typed, without quotes or the prefix star
	Prefix bool   // the last word is a prefix ("walk*" finds "walking")
}

// Query is a parsed search: every group must match (a group matches when
// any of its terms does: words joined by OR), and no excluded term may.
type Query struct {
	Groups   [][]Term
	Excluded []Term
}

// ParseQuery reads what a user types into a search box:
//
//	words           each must appear (in any field)
//	"a phrase"      the words in this order
//	-word, -"a b"   must not appear (also NOT word)
//	a OR b          either (OR binds tighter than the implicit AND)
//	walk*           a word starting with "walk"
//
// Case and diacritics do not matter. Punctuation separates words; a term
// made of punctuation alone is ignored. Anything else gives a
// *QueryError (errors.Is ErrBadQuery) saying what is wrong; a query that
// parses can always be run.
func ParseQuery(s string) (Query, error) {
	var q Query
	// Characters, not bytes: the limit must not shrink for a query in
	// Chinese or Greek.
	if utf8.RuneCountInString(s) > maxQueryChars {
		return q, badQuery("the query is longer than %d characters", maxQueryChars)
	}
	// Control characters (a NUL would end an FTS5 string early) go.
	s = htmltext.CleanChars(s)
	toks := lexQuery(s)
	if len(toks) == 0 {
		return q, badQuery("type some words to search for")
	}
	terms := 0
	var group []Term
	pendingOr := false
	flush := func() {
		if len(group) > 0 {
			q.Groups = append(q.Groups, group)
		}
		group = nil
	}
	for i, t := range toks {
		switch {
		case t.kind == tokOr:
			if len(group) == 0 || pendingOr || i == len(toks)-1 || toks[i+1].kind == tokOr {
				return Query{}, badQuery("OR needs something to look for on each side")
			}
			if toks[i+1].exclude {
				return Query{}, badQuery("an excluded term (-word) cannot be one side of OR")
			}
			pendingOr = true
			continue
		case t.exclude:
			if pendingOr {
				return Query{}, badQuery("an excluded term (-word) cannot be one side of OR")
			}
			if i+1 < len(toks) && toks[i+1].kind == tokOr {
				return Query{}, badQuery("an excluded term (-word) cannot be one side of OR")
			}
		}
		if terms++; terms > maxQueryTerms {
			return Query{}, badQuery("the query has more than %d terms", maxQueryTerms)
		}
		term := Term{Text: t.text, Prefix: t.prefix}
		searchable := hasWord(term.Text)
		switch {
		case t.exclude:
			if searchable {
				q.Excluded = append(q.Excluded, term)
			}
		case pendingOr:
			// "a OR ++": the side without words drops out of the group.
			if searchable {
				group = append(group, term)
			}
		default:
			flush()
			if searchable {
				group = append(group, term)
			}
		}
		pendingOr = false
	}
	flush()
	if len(q.Groups) == 0 {
		if len(q.Excluded) > 0 {
			return Query{}, badQuery("say what to look for, not only what to leave out")
		}
		return Query{}, badQuery("there are no words to search for (punctuation alone is ignored)")
	}
	return q, nil
}

// hasWord reports whether s holds a character the index keeps in words:
// a letter or a number (the tokenizer's default classes, Unicode L*, N*
// and private use Co). Anything else only separates words.
func hasWord(s string) bool {
	for _, r := range s {
		if wordRune(r) {
			return true
		}
	}
	return false
}

func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// words splits s into the words the index holds, for engines whose prefix
// queries need them one by one.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !wordRune(r) })
}

type tokKind int

const (
	tokTerm tokKind = iota
	tokOr
)

type queryTok struct {
	kind    tokKind
	text    string
	exclude bool
	prefix  bool
}

// lexQuery splits the input into terms and OR operators. An unclosed
// quote runs to the end of the input: what was typed is still searched.
func lexQuery(s string) []queryTok {
	var out []queryTok
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		exclude := false
		if r == '-' && i+1 < len(s) && !isSpaceAt(s, i+1) {
			exclude = true
			i++
		}
		if s[i] == '"' {
			end := strings.IndexByte(s[i+1:], '"')
			text := s[i+1:]
			next := len(s)
			if end >= 0 {
				text = s[i+1 : i+1+end]
				next = i + 1 + end + 1
			}
			t := queryTok{text: text, exclude: exclude}
			if next < len(s) && s[next] == '*' {
				t.prefix = true
				next++
			}
			out = append(out, t)
			i = next
			continue
		}
		end := i
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if unicode.IsSpace(r) || r == '"' {
				break
			}
			end += size
		}
		word := s[i:end]
		i = end
		switch {
		case !exclude && word == "OR":
			out = append(out, queryTok{kind: tokOr})
			continue
		case !exclude && word == "AND":
			continue // the implicit default
		case !exclude && word == "NOT":
			// NOT word is -word; a NOT with nothing after it is ignored.
			if j := skipSpace(s, i); j < len(s) {
				i = j
				if s[i] != '-' {
					s = s[:i] + "-" + s[i:]
				}
			}
			continue
		}
		t := queryTok{text: word, exclude: exclude}
		if trimmed := strings.TrimRight(word, "*"); trimmed != word {
			t.text, t.prefix = trimmed, true
		}
		out = append(out, t)
	}
	return out
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// hasPhrase reports whether a term of q holds more than one word.
func (q Query) hasPhrase() bool {
	terms := slices.Concat(q.Excluded)
	for _, g := range q.Groups {
		terms = append(terms, g...)
	}
	for _, t := range terms {
		if len(words(t.Text)) > 1 {
			return true
		}
	}
	return false
}

// fts5 renders q in SQLite FTS5's query language. Every term becomes an
// FTS5 string (double quotes, inner ones doubled), which FTS5 tokenizes
// itself and never reads as syntax; only the operators are ours.
func (q Query) fts5() string {
	var b strings.Builder
	and := func(parts []string) string { return strings.Join(parts, " AND ") }
	groups := make([]string, len(q.Groups))
	for i, g := range q.Groups {
		groups[i] = fts5Any(g)
	}
	b.WriteString(and(groups))
	if len(q.Excluded) > 0 {
		return "(" + b.String() + ") NOT " + fts5Any(q.Excluded)
	}
	return b.String()
}

func fts5Any(terms []Term) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.ReplaceAll(t.Text, `"`, `""`) + `"`
		if t.Prefix {
			parts[i] += "*"
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// String gives the query back in the syntax ParseQuery reads, normalised:
// what a page or a feed title shows as the search.
func (q Query) String() string {
	var parts []string
	show := func(t Term) string {
		s := t.Text
		if strings.ContainsFunc(s, func(r rune) bool { return !wordRune(r) }) || s == "OR" || s == "AND" || s == "NOT" {
			s = `"` + strings.ReplaceAll(s, `"`, "") + `"`
		}
		if t.Prefix {
			s += "*"
		}
		return s
	}
	for _, g := range q.Groups {
		alts := make([]string, len(g))
		for i, t := range g {
			alts[i] = show(t)
		}
		parts = append(parts, strings.Join(alts, " OR "))
	}
	for _, t := range q.Excluded {
		parts = append(parts, "-"+show(t))
	}
	return strings.Join(parts, " ")
}
