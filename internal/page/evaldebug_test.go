//go:build pageeval

package page

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestEvalHeadlineCandidates prints how the headline of one text save
// (TRIBUTARY_EVAL_FILE) was chosen: findHeadline's pick and every rated
// candidate above the prose.
func TestEvalHeadlineCandidates(t *testing.T) {
	name := os.Getenv("TRIBUTARY_EVAL_FILE")
	if name == "" {
		t.Skip("TRIBUTARY_EVAL_FILE not set")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(name, ".html") {
		root, err := html.Parse(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		data = []byte(renderText(root, true))
		if out := os.Getenv("TRIBUTARY_EVAL_SAVE"); out != "" {
			if err := os.WriteFile(out, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	blocks := textBlocks(string(data))
	vs := judgeBlocks(blocks)
	runs := proseRuns(blocks, vs)
	if len(runs) == 0 {
		t.Skip("no prose")
	}
	run := mainRun(runs, blocks, vs)
	head, _ := findHeadline(blocks, vs, run)
	vocab := proseVocabulary(blocks, vs, run)
	out := fmt.Sprintf("run %d..%d head %d\n", run.first, run.last, head)
	if head >= 0 {
		s, ok := 0.0, evidence(blocks, head)
		out += fmt.Sprintf("head %q plausible=%v %.2f\n", blocks[head].text, ok, s)
	}
	for i := run.first; i >= 0 && i >= run.first-maxHeadlineSearch; i-- {
		s, ok := headlineScore(blocks, vs, run, vocab, i)
		a, n := aboutProse(blocks[i].text, vocab)
		out += fmt.Sprintf("%4d ok=%-5v %.2f shaped=%-5v about=%.2f/%d echo=%v %q\n", i, ok, s, headlineShaped(blocks[i], vs[i]), a, n, repeatedOnPage(blocks, i), blocks[i].text[:min(80, len(blocks[i].text))])
	}
	t.Log(out)
}

// TestEvalPageDiff prints, for one corpus page (TRIBUTARY_EVAL_PAGE, a
// directory name), the expected paragraphs the saved-HTML reader lost and
// the paragraphs it kept from outside the article.
func TestEvalPageDiff(t *testing.T) {
	name := os.Getenv("TRIBUTARY_EVAL_PAGE")
	if name == "" {
		t.Skip("TRIBUTARY_EVAL_PAGE not set")
	}
	for _, p := range loadEvalPages(t) {
		if p.name != name {
			continue
		}
		doc, err := Parse(p.name+".html", p.source, Options{})
		if err != nil || len(doc.Entries) == 0 {
			t.Fatalf("parse: %v", err)
		}
		e := doc.Entries[0]
		got := e.Title + "\n" + plain(e.Content)
		gotBag, _ := wordBag(got)
		out := fmt.Sprintf("title %q authors %q\n--- lost (expected paragraphs mostly missing):\n", e.Title, e.Authors)
		for _, para := range strings.Split(expectedText(t, p), "\n") {
			bag, n := wordBag(para)
			if n == 0 {
				continue
			}
			common := 0
			for w, c := range bag {
				common += min(c, gotBag[w])
			}
			if float64(common) < 0.7*float64(n) {
				out += fmt.Sprintf("  [%d words] %.100s\n", n, para)
			}
		}
		out += "--- extra (output paragraphs mostly outside the expected text):\n"
		for _, para := range strings.Split(got, "\n") {
			bag, n := wordBag(para)
			if n == 0 {
				continue
			}
			common := 0
			for w, c := range bag {
				common += min(c, p.words[w])
			}
			if float64(common) < 0.7*float64(n) {
				out += fmt.Sprintf("  [%d words] %.100s\n", n, para)
			}
		}
		t.Log(out)
		return
	}
	t.Fatalf("no page %q", name)
}

// expectedText renders the page's expected.html as text.
func expectedText(t *testing.T, p evalPage) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "codeberg.org/readeck/go-readability/v2").Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("TRIBUTARY_EVAL_PAGES")
	if dir == "" {
		dir = filepath.Join(strings.TrimSpace(string(out)), "test-pages")
	}
	exp, err := os.ReadFile(filepath.Join(dir, p.name, "expected.html"))
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(strings.NewReader(string(exp)))
	if err != nil {
		t.Fatal(err)
	}
	return renderText(root, false)
}
