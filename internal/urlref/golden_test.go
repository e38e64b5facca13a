package urlref

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden runs every case of testdata/cases.txt and compares the
// results with testdata/cases.golden; run with -update to rewrite it, then
// review the diff.
func TestGolden(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "cases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got bytes.Buffer
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		kind, base, in, err := parseCase(line)
		if err != nil {
			t.Fatalf("cases.txt line %q: %v", line, err)
		}
		fmt.Fprintf(&got, "%s %q %q\n", kind, base, in)
		switch kind {
		case "resolve":
			fmt.Fprintf(&got, "  Resolve %q\n  Link    %q\n", Resolve(in, base), Link(in, base))
		case "srcset":
			for _, c := range ParseSrcset(in) {
				fmt.Fprintf(&got, "  candidate %q %q\n", c.URL, c.Descriptor)
			}
			fmt.Fprintf(&got, "  Srcset %q\n", Srcset(in, base))
		default:
			t.Fatalf("cases.txt: unknown kind %q", kind)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no cases in testdata/cases.txt")
	}
	path := filepath.Join("testdata", "cases.golden")
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file (run with -update): %v", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%s mismatch\ngot:\n%s\nwant:\n%s", path, got.Bytes(), want)
	}
}

// parseCase splits "kind "base" "input"".
func parseCase(line string) (kind, base, in string, err error) {
	kind, rest, _ := strings.Cut(line, " ")
	qb, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return "", "", "", err
	}
	if base, err = strconv.Unquote(qb); err != nil {
		return "", "", "", err
	}
	in, err = strconv.Unquote(strings.TrimSpace(rest[len(qb):]))
	return kind, base, in, err
}
