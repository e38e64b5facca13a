//go:build pageeval

package page

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestEvalTextDiff prints, for one corpus page (TRIBUTARY_EVAL_PAGE) and
// each of its text saves (or only TRIBUTARY_EVAL_METHOD's), the title, the
// expected paragraphs the text reader lost and the paragraphs it kept from
// outside the article: TestEvalPageDiff for text saves.
func TestEvalTextDiff(t *testing.T) {
	name := os.Getenv("TRIBUTARY_EVAL_PAGE")
	if name == "" {
		t.Skip("TRIBUTARY_EVAL_PAGE not set")
	}
	method := os.Getenv("TRIBUTARY_EVAL_METHOD")
	for _, p := range loadEvalPages(t) {
		if p.name != name {
			continue
		}
		for _, sv := range textSavers(t) {
			if method != "" && sv.name != method {
				continue
			}
			src, err := sv.save(p.source)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(p.name+".txt", src, Options{})
			if err != nil || len(doc.Entries) == 0 {
				t.Fatalf("parse: %v", err)
			}
			e := doc.Entries[0]
			got := e.Title + "\n" + plain(e.Content)
			rec, prec := overlap(p.words, p.total, got)
			out := fmt.Sprintf("== %s: %d entries, title %q (want %q) recall %.2f precision %.2f\n--- lost:\n",
				sv.name, len(doc.Entries), e.Title, p.title, rec, prec)
			gotBag, _ := wordBag(got)
			for _, para := range strings.Split(expectedText(t, p), "\n") {
				bag, n := wordBag(para)
				common := 0
				for w, c := range bag {
					common += min(c, gotBag[w])
				}
				if n > 0 && float64(common) < 0.7*float64(n) {
					out += fmt.Sprintf("  [%d words] %.120s\n", n, para)
				}
			}
			out += "--- extra:\n"
			for _, para := range strings.Split(got, "\n") {
				bag, n := wordBag(para)
				common := 0
				for w, c := range bag {
					common += min(c, p.words[w])
				}
				if n > 0 && float64(common) < 0.7*float64(n) {
					out += fmt.Sprintf("  [%d words] %.120s\n", n, para)
				}
			}
			t.Log(out)
		}
		return
	}
	t.Fatalf("no page %q", name)
}
