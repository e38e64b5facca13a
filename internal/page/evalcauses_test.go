//go:build pageeval

package page

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// TestEvalCauses tallies why the text reader misses on the corpus's
// English pages: for each text save whose entry lacks 10% or more of the
// article, the rules that dropped the article's blocks (weighted by their
// words), and for each wrong title whether the save holds the title at all.
func TestEvalCauses(t *testing.T) {
	if os.Getenv("TRIBUTARY_EVAL_CAUSES") == "" {
		t.Skip("TRIBUTARY_EVAL_CAUSES not set")
	}
	pages := loadEvalPages(t)
	savers := textSavers(t)
	lost := map[string]int{}
	lostPages := map[string]map[string]bool{}
	titles := map[string]int{}
	var details []string
	for _, p := range pages {
		if !english(p) {
			continue
		}
		for _, sv := range savers {
			out, err := sv.save(p.source)
			if err != nil {
				continue
			}
			ex, err := Explain(p.name+".txt", out, Options{})
			if err != nil {
				continue
			}
			doc, _ := Parse(p.name+".txt", out, Options{})
			if len(doc.Entries) == 0 {
				continue
			}
			e := doc.Entries[0]
			if !sameTitle(e.Title, p.title) {
				present := false
				for _, b := range ex.Blocks {
					if sameTitle(b.Text, p.title) {
						present = true
					}
				}
				k := sv.name + " absent"
				if present {
					k = sv.name + " present"
					details = append(details, fmt.Sprintf("TITLE %s %s: got %q want %q", sv.name, p.name, e.Title, p.title))
				}
				titles[k]++
			}
			rec, _ := overlap(p.words, p.total, e.Title+"\n"+plain(e.Content))
			if rec >= 0.9 {
				continue
			}
			for _, b := range ex.Blocks {
				if b.Kept {
					continue
				}
				bag, n := wordBag(b.Text)
				if n == 0 {
					continue
				}
				common := 0
				for w, c := range bag {
					common += min(c, p.words[w])
				}
				if float64(common) >= 0.8*float64(n) && n >= 5 {
					lost[b.Rule] += n
					if lostPages[b.Rule] == nil {
						lostPages[b.Rule] = map[string]bool{}
					}
					lostPages[b.Rule][sv.name+"/"+p.name] = true
					details = append(details, fmt.Sprintf("LOST %s %s [%d] %s :: %.90s", sv.name, p.name, n, b.Rule, b.Text))
				}
			}
		}
	}
	var rules []string
	for r := range lost {
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool { return lost[rules[i]] > lost[rules[j]] })
	var b strings.Builder
	for _, r := range rules {
		fmt.Fprintf(&b, "%7d words %3d saves  %s\n", lost[r], len(lostPages[r]), r)
	}
	for k, v := range titles {
		fmt.Fprintf(&b, "title wrong: %s %d\n", k, v)
	}
	t.Log("\n" + b.String() + strings.Join(details, "\n"))
}
