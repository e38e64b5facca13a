package main

import (
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/dedupe"
)

// TestDupesTextOneSimilarityLine checks that a merge decided on its text
// states its similarities once: the verdict's reason carries none of its
// own, and the listing adds them beside it.
func TestDupesTextOneSimilarityLine(t *testing.T) {
	body := strings.Repeat("The harbour ferry leaves at six and returns at nine every evening in summer. ", 8)
	a := dedupe.Doc{Title: "Last ferry", Text: body}
	b := dedupe.Doc{Title: "Last ferry", Text: body}
	v := dedupe.Compare(a, b, dedupe.Sign(a.Text), dedupe.Sign(b.Text))
	if !v.Same {
		t.Fatalf("Compare = %+v, want a merge", v)
	}
	var out strings.Builder
	writeDupesText(&out, []dupeJSON{{
		Entry: dupeSide{Source: "a", Title: a.Title}, Other: dupeSide{Source: "b", Title: b.Title},
		Reason: "near-duplicate text: " + v.Reason, TextSim: v.TextSimilarity, TitleSim: v.TitleSimilarity,
	}})
	got := out.String()
	if n := strings.Count(got, "similarity") + strings.Count(got, "(text "); n != 2 {
		t.Errorf("listing states the similarities %d times, want text and title once each:\n%s", n, got)
	}
	if lines := strings.Count(got, "\n"); lines != 3 {
		t.Errorf("listing has %d lines for one merge, want 3:\n%s", lines, got)
	}
}
