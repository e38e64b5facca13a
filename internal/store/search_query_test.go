package store

import (
	"errors"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, in, fts5, str string
	}{
		{"words", "go sqlite", `"go" AND "sqlite"`, "go sqlite"},
		{"phrase", `"full text" search`, `"full text" AND "search"`, `"full text" search`},
		{"exclusion", "go -java", `("go") NOT "java"`, "go -java"},
		{"excluded phrase", `go -"big java"`, `("go") NOT "big java"`, `go -"big java"`},
		{"NOT keyword", "go NOT java", `("go") NOT "java"`, "go -java"},
		{"or", "go OR rust sqlite", `("go" OR "rust") AND "sqlite"`, "go OR rust sqlite"},
		{"or chain", "a OR b OR c", `("a" OR "b" OR "c")`, "a OR b OR c"},
		{"lowercase or is a word", "go or rust", `"go" AND "or" AND "rust"`, "go or rust"},
		{"AND is implicit", "go AND rust", `"go" AND "rust"`, "go rust"},
		{"prefix", "walk*", `"walk"*`, "walk*"},
		{"prefix phrase", `"full te"*`, `"full te"*`, `"full te"*`},
		{"quotes inside a word", `say"hi"there`, `"say" AND "hi" AND "there"`, "say hi there"},
		{"unclosed quote", `"open ended`, `"open ended"`, `"open ended"`},
		{"punctuation alone is dropped", "++ tips", `"tips"`, "tips"},
		{"punctuation inside a word", "c++ node.js", `"c++" AND "node.js"`, `"c++" "node.js"`},
		{"a lone dash is punctuation", "go - rust", `"go" AND "rust"`, "go rust"},
		{"hyphenated word", "e-mail", `"e-mail"`, `"e-mail"`},
		{"double quotes in a term", `a""b`, `"a" AND "b"`, "a b"},
		{"fts5 syntax is only text", `NEAR(a b) title:x {body}:y ^z`, `"NEAR(a" AND "b)" AND "title:x" AND "{body}:y" AND "^z"`, `"NEAR(a" "b)" "title:x" "{body}:y" "^z"`},
		{"control characters go", "a\x00b", `"ab"`, "ab"},
		{"unicode", "Ünïcödé 東京", `"Ünïcödé" AND "東京"`, "Ünïcödé 東京"},
		{"or with a wordless side", "go OR ++", `"go"`, "go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.in, err)
			}
			if got := q.fts5(); got != tt.fts5 {
				t.Errorf("fts5 = %s, want %s", got, tt.fts5)
			}
			if got := q.String(); got != tt.str {
				t.Errorf("String = %s, want %s", got, tt.str)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct{ name, in, reason string }{
		{"empty", "", "type some words"},
		{"blank", " \t\n", "type some words"},
		{"only excluded", "-java -rust", "not only what to leave out"},
		{"only punctuation", "++ --", "no words"},
		{"OR first", "OR go", "OR needs"},
		{"OR last", "go OR", "OR needs"},
		{"OR OR", "go OR OR rust", "OR needs"},
		{"excluded OR", "-go OR rust", "cannot be one side of OR"},
		{"OR excluded", "go OR -rust", "cannot be one side of OR"},
		{"too long", strings.Repeat("word ", 201), "longer than"},
		{"too many terms", strings.Repeat("w ", 33), "more than 32 terms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuery(tt.in)
			var qe *QueryError
			if !errors.As(err, &qe) || !errors.Is(err, ErrBadQuery) {
				t.Fatalf("ParseQuery(%q) error = %v, want a *QueryError", tt.in, err)
			}
			if !strings.Contains(qe.Reason, tt.reason) || !strings.HasPrefix(err.Error(), "bad query: ") {
				t.Errorf("error = %q, want one containing %q", err, tt.reason)
			}
		})
	}
}

func TestMarkedSpans(t *testing.T) {
	m := Marked("a \x02b\x03 c \x02d\x03")
	got := m.Spans()
	want := []Span{{"a ", false}, {"b", true}, {" c ", false}, {"d", true}}
	if len(got) != len(want) {
		t.Fatalf("Spans = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Spans = %+v, want %+v", got, want)
		}
	}
	if p := m.Plain(); p != "a b c d" {
		t.Errorf("Plain = %q", p)
	}
}
