package charset

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden runs every case of testdata/cases.txt through the function its
// op names and compares the results with testdata/cases.golden.
func TestGolden(t *testing.T) {
	in := filepath.Join("testdata", "cases.txt")
	golden := filepath.Join("testdata", "cases.golden")
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			out.WriteString(line + "\n")
			continue
		}
		op, rest, _ := strings.Cut(line, " ")
		ct, data, err := twoQuoted(rest)
		if err != nil {
			t.Fatalf("%s:%d: %v", in, n, err)
		}
		res, err := runCase(op, ct, []byte(data))
		if err != nil {
			t.Fatalf("%s:%d: %v", in, n, err)
		}
		fmt.Fprintf(&out, "%s\n  => %s\n", line, res)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Errorf("first difference at line %d:\n got  %s\n want %s", i+1, gl[i], wl[i])
				break
			}
		}
		t.Errorf("output differs from %s (run with -update to accept)", golden)
	}
}

// twoQuoted splits `"a" "b"` into its two unquoted strings.
func twoQuoted(s string) (string, string, error) {
	first, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", "", err
	}
	a, _ := strconv.Unquote(first)
	b, err := strconv.Unquote(strings.TrimSpace(s[len(first):]))
	return a, b, err
}

func runCase(op, contentType string, data []byte) (string, error) {
	result := func(s string, err error) string {
		if err != nil {
			return "error: " + err.Error()
		}
		return strconv.Quote(s)
	}
	switch op {
	case "xml":
		out, err := ToUTF8(data, contentType)
		return result(string(out), err), nil
	case "text", "html":
		return result(DecodeText(data, Options{ContentType: contentType, HTML: op == "html"})), nil
	case "binary":
		if err := CheckBinary(data); err != nil {
			return "error: " + err.Error(), nil
		}
		return "text", nil
	case "controls":
		clean, stray := StripControls(string(data))
		return fmt.Sprintf("%q stray=%d", clean, stray), nil
	case "xmlcontrols":
		return strconv.Quote(string(StripXMLControls(data))), nil
	}
	return "", fmt.Errorf("unknown op %q", op)
}
