package htmltext

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var update = flag.Bool("update", false, "rewrite golden files")

// excerptRunes and truncateBytes are the limits the golden files show
// Excerpt and TruncateHTML at: small enough to cut most cases.
const (
	excerptRunes  = 40
	truncateBytes = 60
)

// render shows every reading of one input, one section per entry point.
func render(in string) []byte {
	var b bytes.Buffer
	section := func(name, value string) {
		fmt.Fprintf(&b, "== %s\n%s\n", name, value)
	}
	text := Text(in)
	section("Text", text)
	section("Line", Line(in))
	section("UntypedLine", UntypedLine(in))
	section("CleanLine", CleanLine(in))
	section("TitleFromText", TitleFromText(text))
	short, cut := Excerpt(text, excerptRunes)
	section(fmt.Sprintf("Excerpt %d (cut %v)", excerptRunes, cut), short)
	section("Paragraphs of Text", Paragraphs(text))
	section(fmt.Sprintf("TruncateHTML %d", truncateBytes), TruncateHTML(in, truncateBytes))
	return b.Bytes()
}

// TestGolden reads every testdata/cases/*.html and compares every reading
// of it with the .golden file beside it; run with -update to rewrite
// them, then review the diff. It also holds NodeText to Text on each.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "cases", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no cases in testdata/cases")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			in, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// The files end with a newline, which is not part of the case.
			s := strings.TrimSuffix(string(in), "\n")
			checkNodeText(t, s)
			got := render(s)
			goldenPath := strings.TrimSuffix(path, ".html") + ".golden"
			if *update {
				if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("missing golden file (run with -update): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s mismatch\ngot:\n%s\nwant:\n%s", goldenPath, got, want)
			}
		})
	}
}

// checkNodeText parses s as a fragment the way the sanitiser does and
// checks that NodeText of the tree is Text of its rendering: the fast path
// is a view of the reference, not a second rulebook.
func checkNodeText(t testing.TB, s string) {
	t.Helper()
	root := &nethtml.Node{Type: nethtml.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := nethtml.ParseFragment(strings.NewReader(UnwrapCDATA(CleanChars(s))), root)
	if err != nil {
		return // nesting beyond the parser's limit: no tree to read
	}
	var rendered strings.Builder
	for _, n := range nodes {
		root.AppendChild(n)
		if err := nethtml.Render(&rendered, n); err != nil {
			return
		}
	}
	if got, want := NodeText(root, 0), Text(rendered.String()); got != want {
		t.Errorf("NodeText of %q = %q, Text of its rendering %q = %q", s, got, rendered.String(), want)
	}
}
