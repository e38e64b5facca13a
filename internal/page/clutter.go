package page

import (
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/dates"
)

// Boilerplate is a set of normalised text blocks (paragraphs) known to repeat
// across a source's files or within one of them: closing appeals, share
// lines, site footers. Parse removes them from the leading and trailing runs
// of each post. The zero value is an empty set, ready to use.
type Boilerplate struct {
	keys map[string]struct{}
	// long holds the word bigrams of the longer blocks, so that a block
	// edited slightly between posts (a word added to an appeal) still
	// matches.
	long []bigramSet
}

// bigramSet is the set of adjacent word pairs of one normalised block.
type bigramSet struct {
	words int
	pairs map[string]struct{}
}

// Fuzzy matching only applies to blocks this long (in words): short blocks
// differing by a word are often different sentences.
const fuzzyMinWords = 12

// fuzzyThreshold is the share of bigrams two blocks must have in common
// (Jaccard index) to count as the same block.
const fuzzyThreshold = 0.85

// newBoilerplate builds a set from normalised keys.
func newBoilerplate(keys []string) Boilerplate {
	b := Boilerplate{keys: make(map[string]struct{}, len(keys))}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "" {
			continue
		}
		if _, dup := b.keys[k]; dup {
			continue
		}
		b.keys[k] = struct{}{}
		if bs := bigrams(k); bs.words >= fuzzyMinWords {
			b.long = append(b.long, bs)
		}
	}
	return b
}

// Contains reports whether paragraph is one of the set's blocks. Case,
// punctuation and spacing are ignored ("Go to my Patreon here." matches "Go
// to my Patreon here"), and long blocks match when nearly all their word
// pairs agree.
func (b Boilerplate) Contains(paragraph string) bool {
	if len(b.keys) == 0 {
		return false
	}
	k := normKey(paragraph)
	if k == "" {
		return false
	}
	if _, ok := b.keys[k]; ok {
		return true
	}
	if len(b.long) == 0 {
		return false
	}
	words := strings.Count(k, " ") + 1
	if words < fuzzyMinWords {
		return false
	}
	var bs bigramSet // built only when a block of similar length exists
	for _, other := range b.long {
		if !closeInLength(words, other.words) {
			continue
		}
		if bs.pairs == nil {
			bs = bigrams(k)
		}
		if similar(bs, other) {
			return true
		}
	}
	return false
}

// closeInLength reports whether two word counts are within 20% of each
// other; blocks further apart cannot reach fuzzyThreshold.
func closeInLength(a, b int) bool { return a*10 >= b*8 && b*10 >= a*8 }

// Len returns the number of blocks in the set.
func (b Boilerplate) Len() int { return len(b.keys) }

// Blocks returns the set's normalised blocks, sorted, for logging and tests.
func (b Boilerplate) Blocks() []string {
	out := make([]string, 0, len(b.keys))
	for k := range b.keys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Merge returns the union of b and o.
func (b Boilerplate) Merge(o Boilerplate) Boilerplate {
	if o.Len() == 0 {
		return b
	}
	if b.Len() == 0 {
		return o
	}
	return newBoilerplate(append(b.Blocks(), o.Blocks()...))
}

// normKey reduces a block to its lower-case words and numbers separated by
// single spaces: the form blocks are compared in. Punctuation, quotes and
// markup characters disappear, so "I’m" and "I'm" agree.
func normKey(s string) string {
	var b strings.Builder
	inWord := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !inWord && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(unicode.ToLower(r))
			inWord = true
			continue
		}
		inWord = false
	}
	return b.String()
}

func bigrams(key string) bigramSet {
	words := strings.Fields(key)
	bs := bigramSet{words: len(words), pairs: make(map[string]struct{}, len(words))}
	for i := 1; i < len(words); i++ {
		bs.pairs[words[i-1]+" "+words[i]] = struct{}{}
	}
	return bs
}

func similar(a, b bigramSet) bool {
	if !closeInLength(a.words, b.words) {
		return false
	}
	inter := 0
	for p := range a.pairs {
		if _, ok := b.pairs[p]; ok {
			inter++
		}
	}
	union := len(a.pairs) + len(b.pairs) - inter
	return union > 0 && float64(inter)/float64(union) >= fuzzyThreshold
}

// DetectBoilerplate finds the blocks that repeat within one file (the same
// appeals after every post of a saved index page) or across several files of
// one source (the same footer under every saved post). files maps names
// (whose extensions choose the reader, as in Parse) to contents; files that
// cannot be decoded are skipped.
//
// Repetition alone does not make a block boilerplate, because the same post
// legitimately appears in two files (a blog and its mirror): a run of
// consecutive repeated blocks long enough to be prose (at least
// minContentRun blocks and minContentRunes of text), or covering more than
// half of a file's text, is counted as duplicated content instead.
func DetectBoilerplate(files map[string][]byte) Boilerplate {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var (
		seqs     [][]string
		articles []bool
	)
	for _, name := range names {
		paras, article, err := pageParagraphs(name, files[name])
		if err != nil {
			continue
		}
		seqs = append(seqs, paras)
		articles = append(articles, article)
	}
	return detectBlocks(seqs, articles)
}

// A run of repeated blocks at least this long (in blocks and runes) is
// duplicated prose, not chrome.
const (
	minContentRun   = 3
	minContentRunes = 1200
)

// detectBlocks implements DetectBoilerplate over the paragraph sequences of
// several files. A sequence marked in articles is one extracted article: a
// paragraph it repeats (a pull quote, a teaser) is its own text, so only
// repetition across files counts there.
func detectBlocks(seqs [][]string, articles []bool) Boilerplate {
	keys := make([][]string, len(seqs))
	for i, seq := range seqs {
		keys[i] = make([]string, len(seq))
		for j, p := range seq {
			if _, isDate := dates.Header(p); isDate {
				continue // dates structure a page; they are never chrome
			}
			keys[i][j] = normKey(p)
		}
	}

	found := map[string]struct{}{}
	// Within one file.
	for i, seq := range seqs {
		if i < len(articles) && articles[i] {
			continue
		}
		count := map[string]int{}
		for _, k := range keys[i] {
			if k != "" {
				count[k]++
			}
		}
		repeated := func(j int) bool { return keys[i][j] != "" && count[keys[i][j]] >= 2 }
		for _, k := range runVerdicts(seq, keys[i], repeated, false) {
			found[k] = struct{}{}
		}
	}
	// Across files: a block counts when it is short-run chrome in at least
	// two files and never part of duplicated prose.
	fileCount := map[string]int{}
	for i := range seqs {
		seen := map[string]bool{}
		for _, k := range keys[i] {
			if k != "" && !seen[k] {
				seen[k] = true
				fileCount[k]++
			}
		}
	}
	candidate := map[string]int{}
	content := map[string]bool{}
	for i, seq := range seqs {
		shared := func(j int) bool {
			k := keys[i][j]
			_, inFile := found[k]
			return k != "" && !inFile && fileCount[k] >= 2
		}
		verdicts, prose := runVerdictsSplit(seq, keys[i], shared, true)
		seen := map[string]bool{}
		for _, k := range verdicts {
			if !seen[k] {
				seen[k] = true
				candidate[k]++
			}
		}
		for _, k := range prose {
			content[k] = true
		}
	}
	for k, n := range candidate {
		if n >= 2 && !content[k] {
			found[k] = struct{}{}
		}
	}
	out := make([]string, 0, len(found))
	for k := range found {
		out = append(out, k)
	}
	return newBoilerplate(out)
}

// runVerdicts returns the keys of the blocks marked by member that sit in
// short runs (chrome rather than duplicated prose), minus any key also seen
// in a long run.
func runVerdicts(seq, keys []string, member func(int) bool, wholeFile bool) []string {
	chrome, prose := runVerdictsSplit(seq, keys, member, wholeFile)
	inProse := map[string]bool{}
	for _, k := range prose {
		inProse[k] = true
	}
	var out []string
	for _, k := range chrome {
		if !inProse[k] {
			out = append(out, k)
		}
	}
	return out
}

// runVerdictsSplit walks the maximal runs of consecutive member blocks and
// sorts their keys into chrome (short runs) and prose (long runs). With
// wholeFile, a run holding more than half the file's text is prose too.
func runVerdictsSplit(seq, keys []string, member func(int) bool, wholeFile bool) (chrome, prose []string) {
	total := 0
	for _, p := range seq {
		total += utf8.RuneCountInString(p)
	}
	for j := 0; j < len(seq); {
		if !member(j) {
			j++
			continue
		}
		end, runes := j, 0
		for end < len(seq) && member(end) {
			runes += utf8.RuneCountInString(seq[end])
			end++
		}
		long := end-j >= minContentRun && runes >= minContentRunes
		if wholeFile && runes*2 > total {
			long = true
		}
		for _, k := range keys[j:end] {
			if long {
				prose = append(prose, k)
			} else {
				chrome = append(chrome, k)
			}
		}
		j = end
	}
	return chrome, prose
}

// pageParagraphs extracts the paragraphs DetectBoilerplate compares from one
// file, reading it the way Parse would, and reports whether they are one
// extracted article (an HTML page's body).
func pageParagraphs(name string, data []byte) (paras []string, article bool, err error) {
	f, text, err := decodeAs(name, data)
	if err != nil {
		return nil, false, err
	}
	switch f {
	case formatHTML:
		paras, err := htmlParagraphs(text)
		return paras, true, err
	case formatMarkdown:
		_, body, _ := splitFrontMatter(text)
		return blockTexts(textBlocks(body)), false, nil
	case formatFeed:
		return nil, false, ErrFeed
	default:
		return blockTexts(textBlocks(text)), false, nil
	}
}

func blockTexts(blocks []block) []string {
	out := make([]string, len(blocks))
	for i, b := range blocks {
		out[i] = b.text
	}
	return out
}

// clutter classes of one paragraph at the edge of a post.
type clutterKind uint8

const (
	kindBody   clutterKind = iota
	kindBoiler             // a detected repeated block
	kindChrome             // share line, byline, "View Full Bio", comment count, labels
	kindName               // an author's name line above a bio
	kindBio                // an author bio paragraph
	kindAppeal             // an appeal for donations or subscriptions
)

// Patterns for site chrome. Each matches a whole paragraph, case-insensitive,
// and is applied only to the leading and trailing runs of a post.
var (
	chromeLineRE = regexp.MustCompile(`(?i)^(?:share(?: this| it)?(?: (?:post|article|story|page))?(?: (?:on|to|via|with) [\w .,&/+-]{1,40})?|shares?|tweet|email this|blogthis!?|pin it|print(?: this)?(?: (?:page|article|post))?|(?-i:Like this)|like loading\.*|loading\.*|advertisement|related(?: (?:posts|articles|stories|reading))?|leave a (?:comment|reply)|no comments|\d+ comments?|comments?(?: \(\d+\))?|continue reading(?:\s.{1,80}?\s*[→»›])?|read more|subscribe|about the authors?|newer posts?|older posts?|home|share to social media)\s*[:.!…»›→]*$`)
	fullBioRE    = regexp.MustCompile(`(?i)(?:view|read) (?:the )?full bio|full bio\s*[»›]?\s*$`)
	postedByRE   = regexp.MustCompile(`(?i)^(?:posted|published|written) by\s+(.{2,60}?)(?:\s+(?:at|on)\s+.{1,40})?\s*$`)
	bylineRE     = regexp.MustCompile(`^(?i:by)\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|da|del|der|van|von|la|le|bin|al|and|&)){0,5})$`)
	labelsRE     = regexp.MustCompile(`(?i)^(?:labels|tags|tagged|categories|filed under|posted in)\s*:?\s+(.{1,300})$`)
	nameLineRE   = regexp.MustCompile(`^\p{Lu}[\p{L}'’.-]+(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|da|del|der|van|von|la|le|bin|al)){1,3}$`)
	bioAfterRE   = regexp.MustCompile(`^(?:\s+(?:is|was|has|serves|served|works|worked|writes|lives|teaches|taught|holds|joined|received|directs|leads)\b|,|\s*\()`)
	strongRE     = regexp.MustCompile(`(?i)\b(?:my|our|us|me)\b|patreon|ko-?fi|paypal|buy me a coffee|substack`)
	addressedRE  = regexp.MustCompile(`(?i)\byou(?:r|rs)?\b|\b(?:please|consider|join|click|go to|sign up|follow|become)\b`)
)

// A closing appeal is a paragraph, not an essay.
const maxAppealRunes = 700

// edgeResult is what trimEdges decides for one post's paragraphs.
type edgeResult struct {
	lo, hi     int // paragraphs[lo:hi] are kept
	author     string
	categories []string
	date       *time.Time // from an article header line (HTML), nil if none
	rawDate    string
}

// trimEdges finds the clutter at the start and end of a post. Only the
// leading and trailing runs are considered, never the middle, so real text
// between two pieces of chrome always survives.
//
// Trailing run: the longest suffix of non-body paragraphs (boilerplate,
// chrome, author name and bio, appeals). It is cut from its first definite
// piece of clutter onwards, so appeal-like text before the first repeated or
// chrome block stays. Without any definite clutter, a suffix of at least two
// strong appeals (naming the author's own channels) is still cut: that is how
// a closing set of appeals looks even in a file seen alone. Leading run: the
// longest prefix of boilerplate and chrome.
func trimEdges(paras []string, bp Boilerplate) edgeResult {
	kinds := make([]clutterKind, len(paras))
	strong := make([]bool, len(paras))
	res := edgeResult{lo: 0, hi: len(paras)}
	for i, p := range paras {
		kinds[i], strong[i] = classify(p, bp)
	}
	markBios(paras, kinds)

	j := len(paras)
	for j > 0 && kinds[j-1] != kindBody {
		j--
	}
	first := -1
	appeals, allStrong := 0, true
	for i := j; i < len(paras); i++ {
		if kinds[i] == kindAppeal {
			appeals++
			allStrong = allStrong && strong[i]
			continue
		}
		if first < 0 {
			first = i
		}
	}
	switch {
	case first >= 0:
		res.hi = first
	case appeals >= 2 && allStrong:
		res.hi = j
	}

	i := 0
	for i < res.hi && (kinds[i] == kindBoiler || kinds[i] == kindChrome) {
		i++
	}
	res.lo = i

	for k := range paras {
		if k >= res.lo && k < res.hi {
			continue
		}
		p := paras[k]
		if res.author == "" {
			res.author = authorFrom(p, paras, k, kinds)
		}
		if m := labelsRE.FindStringSubmatch(p); m != nil && kinds[k] == kindChrome {
			res.categories = append(res.categories, splitList(m[1])...)
		}
	}
	return res
}

// classify puts one paragraph in a clutter class on its own; name lines and
// bios depend on their neighbours and are marked by markBios.
func classify(p string, bp Boilerplate) (kind clutterKind, strongAppeal bool) {
	t := strings.TrimSpace(p)
	if bp.Contains(t) {
		return kindBoiler, false
	}
	if isChrome(t) {
		return kindChrome, false
	}
	if isAppeal(t) {
		return kindAppeal, strongRE.MatchString(t)
	}
	return kindBody, false
}

// isChrome reports whether a paragraph is a share line, byline, "Posted
// by", labels line or a bio ending in "View Full Bio". Chrome is short, so
// long paragraphs are not run through the patterns at all.
func isChrome(t string) bool {
	n := len(t) // bytes: an upper bound on runes, cheap
	switch {
	case n <= 200 && (chromeLineRE.MatchString(t) || postedByRE.MatchString(t) || bylineRE.MatchString(t)):
		return true
	case n <= 1500 && labelsRE.MatchString(t) && looksLikeList(labelsRE.FindStringSubmatch(t)[1]):
		return true
	case n <= 4800 && utf8.RuneCountInString(t) <= 1200 && strings.Contains(strings.ToLower(t), "full bio") && fullBioRE.MatchString(t):
		return true
	}
	return false
}

// isAppeal reports whether p reads as an appeal to the reader to donate,
// subscribe or join a channel.
func isAppeal(p string) bool {
	if len(p) > 4*maxAppealRunes || utf8.RuneCountInString(p) > maxAppealRunes {
		return false
	}
	lower := strings.ToLower(p)
	for _, w := range appealWords {
		if strings.Contains(lower, w) {
			return addressedRE.MatchString(p)
		}
	}
	return false
}

// appealWords are what appeals for money, subscriptions and channels talk
// about (lower case, matched as substrings: "donat" covers donate, donation,
// donating).
var appealWords = []string{
	"donat", "patreon", "patron", "subscri", "pledge", "telegram", "ko-fi", "kofi", "paypal", "venmo",
	"buy me a coffee", "newsletter", "tip jar", "support our", "support my", "support this", "support us",
	"support me", "membership",
}

// markBios finds author blocks: a name line followed by the same name line
// or by a paragraph that starts with the name and reads as a bio ("Jane Doe
// is ...", "Jane Doe, a ..."). A lone name line stays body text: it may be
// a signature or a heading.
func markBios(paras []string, kinds []clutterKind) {
	for i := 0; i < len(paras)-1; i++ {
		name := strings.TrimSpace(paras[i])
		if kinds[i] != kindBody && kinds[i] != kindBoiler || !nameLineRE.MatchString(name) || utf8.RuneCountInString(name) > 40 {
			continue
		}
		next := strings.TrimSpace(paras[i+1])
		switch {
		case normKey(next) == normKey(name):
			kinds[i], kinds[i+1] = kindName, kindName
		case bioStartsWith(next, name):
			kinds[i], kinds[i+1] = kindName, kindBio
		}
	}
	for i, p := range paras {
		if kinds[i] == kindName && i+1 < len(paras) && bioStartsWith(paras[i+1], strings.TrimSpace(p)) {
			kinds[i+1] = kindBio
		}
	}
}

func bioStartsWith(p, name string) bool {
	rest, ok := strings.CutPrefix(strings.TrimSpace(p), name)
	return ok && bioAfterRE.MatchString(rest)
}

// authorFrom extracts an author's name from a removed paragraph: a byline,
// "Posted by", or the name a bio opens with.
func authorFrom(p string, paras []string, k int, kinds []clutterKind) string {
	t := strings.TrimSpace(p)
	if m := bylineRE.FindStringSubmatch(t); m != nil {
		return m[1]
	}
	if m := postedByRE.FindStringSubmatch(t); m != nil && nameLineRE.MatchString(strings.TrimSpace(m[1])) {
		return strings.TrimSpace(m[1])
	}
	if kinds[k] == kindBio || kinds[k] == kindChrome && fullBioRE.MatchString(t) {
		if k > 0 && kinds[k-1] == kindName && bioStartsWith(t, strings.TrimSpace(paras[k-1])) {
			return strings.TrimSpace(paras[k-1])
		}
		// "Jane Doe is ..." with no name line above: take the leading
		// capitalised words when a bio verb follows them.
		words := strings.Fields(t)
		for n := min(4, len(words)-1); n >= 2; n-- {
			name := strings.Join(words[:n], " ")
			if nameLineRE.MatchString(name) && bioStartsWith(t, name) {
				return name
			}
		}
	}
	return ""
}

// looksLikeList reports whether s is a short comma-separated list (labels),
// not a sentence.
func looksLikeList(s string) bool {
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" || utf8.RuneCountInString(item) > 40 || strings.ContainsAny(item, ".!?") {
			return false
		}
	}
	return true
}

func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// sectionWords are the words site section labels are made of ("Blog
// Entries", "Latest News", "Opinion"). A short line of only these words above
// a title is navigation, not part of the post.
var sectionWords = map[string]bool{
	"the": true, "our": true, "latest": true, "recent": true, "all": true, "and": true, "from": true,
	"blog": true, "blogs": true, "entry": true, "entries": true, "post": true, "posts": true,
	"news": true, "article": true, "articles": true, "story": true, "stories": true,
	"opinion": true, "opinions": true, "analysis": true, "commentary": true, "comment": true,
	"feature": true, "features": true, "column": true, "columns": true, "editorial": true,
	"editorials": true, "essay": true, "essays": true, "review": true, "reviews": true,
	"update": true, "updates": true, "press": true, "release": true, "releases": true,
	"insight": true, "insights": true, "resource": true, "resources": true, "archive": true,
	"archives": true, "category": true, "section": true, "home": true, "menu": true,
	"journal": true, "magazine": true, "letters": true, "perspective": true, "perspectives": true,
}

// isSectionLabel reports whether a line is a site section label.
func isSectionLabel(line string) bool {
	words := strings.Fields(normKey(line))
	if len(words) == 0 || len(words) > 4 || utf8.RuneCountInString(line) > 32 {
		return false
	}
	for _, w := range words {
		if !sectionWords[w] {
			return false
		}
	}
	return true
}

// stripMatch reports whether any configured pattern matches paragraph.
func stripMatch(paragraph string, strip []*regexp.Regexp) bool {
	for _, re := range strip {
		if re != nil && re.MatchString(paragraph) {
			return true
		}
	}
	return false
}

// baseName is the file name Entry.File records.
func baseName(name string) string {
	if name == "" {
		return ""
	}
	return filepath.Base(name)
}

// RepeatedBlocks finds, by the rules of DetectBoilerplate, the paragraphs
// that repeat across several posts given as paragraph lists: the entries of
// one feed document, each ending with the same appeals.
func RepeatedBlocks(posts [][]string) Boilerplate {
	return detectBlocks(posts, nil)
}
