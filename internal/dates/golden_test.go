package dates

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden runs every case of testdata/cases.txt through the function its
// kind names and compares the results with testdata/cases.golden.
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
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			out.WriteString(line + "\n")
			continue
		}
		kind, quoted, _ := strings.Cut(line, " ")
		s, err := strconv.Unquote(quoted)
		if err != nil {
			t.Fatalf("%s:%d: %v", in, n, err)
		}
		res, err := runCase(kind, s)
		if err != nil {
			t.Fatalf("%s:%d: %v", in, n, err)
		}
		fmt.Fprintf(&out, "%s %s => %s\n", kind, quoted, res)
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

func runCase(kind, s string) (string, error) {
	var d Date
	var ok bool
	switch kind {
	case "parse":
		d, ok = ParseDate(s)
	case "header":
		d.Time, ok = Header(s)
		d.Precision = Day
	case "link":
		d, ok = FromLink(s)
	default:
		return "", fmt.Errorf("unknown kind %q", kind)
	}
	if !ok {
		return "no date", nil
	}
	if d.Time.Location() != time.UTC {
		return "", fmt.Errorf("%s %q: location %v, want UTC", kind, s, d.Time.Location())
	}
	return d.Time.Format(time.RFC3339Nano) + " " + d.Precision.String(), nil
}
