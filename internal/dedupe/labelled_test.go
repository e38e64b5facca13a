package dedupe

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tributary/tributary/internal/htmltext"
)

// The labelled pairs live in testdata/pairs, one YAML file per kind of
// pair. Adding a pair to a file (or a new file) is all it takes to test it;
// go test -run TestLabelledVerdicts -update then records its verdict in
// testdata/verdicts.golden for review.

var update = flag.Bool("update", false, "rewrite golden files")

// labelledSide is one entry of a pair as a feed or a text file delivers it.
// Content is either HTML (a feed's content) or plain text (a local text
// file, one paragraph per line); an entry with neither has no content.
type labelledSide struct {
	Source    string `yaml:"source"`
	Author    string `yaml:"author"`
	Title     string `yaml:"title"`
	Link      string `yaml:"link"`
	Published string `yaml:"published"`
	HTML      string `yaml:"html"`
	Text      string `yaml:"text"`
}

type labelledPair struct {
	ID    string       `yaml:"id"`
	Label string       `yaml:"label"`
	Why   string       `yaml:"why"`
	A     labelledSide `yaml:"a"`
	B     labelledSide `yaml:"b"`

	kind string // from the file
	file string
}

type labelledFile struct {
	Kind  string         `yaml:"kind"`
	Pairs []labelledPair `yaml:"pairs"`
}

// loadPairs reads and checks every labelled pair.
func loadPairs(t testing.TB) []labelledPair {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "pairs", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no labelled pairs in testdata/pairs")
	}
	var all []labelledPair
	ids := map[string]string{}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var f labelledFile
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("decode %s: %v", name, err)
		}
		if want := strings.TrimSuffix(filepath.Base(name), ".yaml"); f.Kind != want {
			t.Errorf("%s: kind %q, want the file's name %q", name, f.Kind, want)
		}
		if len(f.Pairs) == 0 {
			t.Errorf("%s: no pairs", name)
		}
		for _, p := range f.Pairs {
			p.kind, p.file = f.Kind, name
			if err := p.check(); err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if prev, dup := ids[p.ID]; dup {
				t.Errorf("%s: pair id %q already used in %s", name, p.ID, prev)
			}
			ids[p.ID] = name
			all = append(all, p)
		}
	}
	return all
}

func (p labelledPair) check() error {
	switch {
	case p.ID == "":
		return fmt.Errorf("pair without an id")
	case p.Label != "same" && p.Label != "different":
		return fmt.Errorf("pair %s: label %q, want same or different", p.ID, p.Label)
	case strings.TrimSpace(p.Why) == "":
		return fmt.Errorf("pair %s: no why", p.ID)
	}
	for _, s := range []labelledSide{p.A, p.B} {
		if s.HTML != "" && s.Text != "" {
			return fmt.Errorf("pair %s: a side with both html and text", p.ID)
		}
		if s.Source == "" || s.Link == "" {
			return fmt.Errorf("pair %s: a side without source or link", p.ID)
		}
		if _, err := s.published(); err != nil {
			return fmt.Errorf("pair %s: %w", p.ID, err)
		}
	}
	return nil
}

func (s labelledSide) published() (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s.Published)
	if err != nil {
		return time.Time{}, fmt.Errorf("parse published %q: %w", s.Published, err)
	}
	return t, nil
}

// doc builds the Doc the app would build: feed HTML goes through
// htmltext.Text, plain text is used as it is.
func (s labelledSide) doc() Doc {
	text := s.Text
	if s.HTML != "" {
		text = htmltext.Text(s.HTML)
	}
	pub, _ := s.published()
	return Doc{Source: s.Source, Author: s.Author, Title: s.Title, Text: text, Link: s.Link, Published: pub}
}

func TestLabelledPairs(t *testing.T) {
	pairs := loadPairs(t)
	var tp, fp, fn, tn int
	byKind := map[string][2]int{}
	for _, p := range pairs {
		a, b := p.A.doc(), p.B.doc()
		sa, sb := Sign(a.Text), Sign(b.Text)
		v := Compare(a, b, sa, sb)
		want := p.Label == "same"
		switch {
		case v.Same && want:
			tp++
		case v.Same && !want:
			fp++
		case !v.Same && want:
			fn++
		default:
			tn++
		}
		n := byKind[p.kind]
		n[0]++
		if v.Same == want {
			n[1]++
		}
		byKind[p.kind] = n
		t.Run(p.ID, func(t *testing.T) {
			t.Logf("labelled %s: %s", p.Label, explain(v))
			if v.Same != want {
				t.Errorf("%s (%s): Compare says same=%v, labelled %s because %s", p.ID, p.kind, v.Same, p.Label, p.Why)
			}
			if r := Compare(b, a, sb, sa); r.Same != v.Same {
				t.Errorf("Compare(b, a).Same = %v, Compare(a, b).Same = %v", r.Same, v.Same)
			}
		})
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		t.Logf("%-20s %2d pairs, %2d right", k, byKind[k][0], byKind[k][1])
	}
	precision := ratio(tp, tp+fp)
	recall := ratio(tp, tp+fn)
	t.Logf("%d pairs (%d same, %d different): precision %.3f, recall %.3f (tp %d, fp %d, fn %d, tn %d)",
		len(pairs), tp+fn, fp+tn, precision, recall, tp, fp, fn, tn)
	if precision != 1 || recall != 1 {
		t.Errorf("precision %.3f, recall %.3f; want 1 and 1", precision, recall)
	}
}

// explain is the verdict's reason with its measures.
func explain(v Verdict) string {
	return fmt.Sprintf("%s (text %.2f, title %.2f, containment %.2f)", v.Reason, v.TextSimilarity, v.TitleSimilarity, v.Containment)
}

// TestLabelledVerdicts keeps every pair's verdict, right or wrong, in a
// golden file, so that a change to the decision shows in review as the
// pairs whose measures or reasons moved.
func TestLabelledVerdicts(t *testing.T) {
	var b strings.Builder
	for _, p := range loadPairs(t) {
		a, c := p.A.doc(), p.B.doc()
		v := Compare(a, c, Sign(a.Text), Sign(c.Text))
		got := "different"
		if v.Same {
			got = "same"
		}
		fmt.Fprintf(&b, "%s (%s) labelled %s, judged %s: %s\n", p.ID, p.kind, p.Label, got, explain(v))
	}
	golden := filepath.Join("testdata", "verdicts.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("verdicts differ from %s (run go test -update after checking them):\n%s", golden, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only one of two texts has.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for _, l := range wl {
		if !slices.Contains(gl, l) {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range gl {
		if !slices.Contains(wl, l) {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

// ratio is n/d, and 1 when there is nothing to get wrong.
func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

// TestLabelledCandidates checks the first layer: every pair labelled same
// must become a candidate through the LSH bands when all of the set's
// documents are indexed together, or Compare never gets to see it.
func TestLabelledCandidates(t *testing.T) {
	pairs := loadPairs(t)
	ids := make([]int64, 0, 2*len(pairs))
	sigs := make([]Signature, 0, 2*len(pairs))
	for i, p := range pairs {
		ids = append(ids, int64(2*i+1), int64(2*i+2))
		sigs = append(sigs, Sign(p.A.doc().Text), Sign(p.B.doc().Text))
	}
	found := map[[2]int64]bool{}
	for _, c := range CandidatePairs(ids, sigs, func(int64) bool { return true }) {
		found[c] = true
	}
	var different int
	for i, p := range pairs {
		c := [2]int64{int64(2*i + 1), int64(2*i + 2)}
		switch {
		case p.Label == "same" && !found[c]:
			t.Errorf("%s (%s): same pair is no LSH candidate (estimated similarity %.2f)",
				p.ID, p.kind, sigs[2*i].Similarity(sigs[2*i+1]))
		case p.Label == "different" && found[c]:
			different++
		}
	}
	t.Logf("%d candidate pairs among %d documents; %d of them are labelled-different pairs", len(found), len(ids), different)
}
