//go:build pageeval

package page

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"os"
	"testing"
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
