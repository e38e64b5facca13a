package page

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzSegment checks the reader's segmentation of text saves on any input:
// one verdict per block, prose runs in order and inside the page, and a
// single article that is one post whose title, text and dropped blocks
// together account for every block of the page exactly once.
func FuzzSegment(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "pages", "*.txt"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, chunk := range chunks(string(data), fuzzChunk) {
			f.Add(chunk)
		}
	}
	f.Add("Skip to main content\nSettings\nSite theme\n\nA Headline\n\nBy Jo Bloggs\n\n" + strings.Repeat("The text of the article goes on with the words a reader expects to find in it. ", 4) + "\n\nNewsletter Signup")
	f.Add("Menu\nHome\nAbout\n\n1 of 3\n\nA caption.\n\n2 of 3\n\nComments\n\nReply")

	f.Fuzz(func(t *testing.T, text string) {
		text = normaliseNewlines(text)
		blocks := textBlocks(text)
		vs := judgeBlocks(blocks)
		if len(vs) != len(blocks) {
			t.Fatalf("%d verdicts for %d blocks", len(vs), len(blocks))
		}
		last := -1
		for _, r := range proseRuns(blocks, vs) {
			if r.first <= last || r.last < r.first || r.last >= len(blocks) {
				t.Fatalf("run %+v out of order or out of the page (previous ended at %d)", r, last)
			}
			last = r.last
		}
		p, ok := singleArticle(text, blocks, vs, Boilerplate{}, nil)
		if !ok {
			return
		}
		if p.Title == "" {
			t.Fatal("single article without a title")
		}
		placed := len(p.Paragraphs) + len(p.Removed)
		if !p.TitleDerived {
			placed++
		}
		if p.RawDate != "" && p.RawDate == strings.TrimSpace(p.RawDate) {
			for _, b := range blocks {
				if b.text == p.RawDate {
					placed++
					break
				}
			}
		}
		if placed < len(blocks) {
			t.Fatalf("%d of %d blocks accounted for (title %q, %d paragraphs, %d removed)", placed, len(blocks), p.Title, len(p.Paragraphs), len(p.Removed))
		}
		flat := strings.Join(strings.Fields(readableText(text)), " ")
		for _, para := range p.Paragraphs {
			if !strings.Contains(flat, strings.Join(strings.Fields(para), " ")) {
				t.Fatalf("paragraph %q is not in the input", para)
			}
		}
	})
}

// readableText is the text a reader reads from a save: the input, less
// the link targets a formatted save prints (see cutLinkTargets), cut line
// by line as textBlocks cuts them.
func readableText(text string) string {
	if !linkedSave(text) {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i], _, _, _ = cutLinkTargets(l)
	}
	return strings.Join(lines, "\n")
}
