// Package configedit changes Tributary's YAML config file as text, so that
// everything a person wrote in it (comments, blank lines, key order, quoting,
// indentation) survives an edit byte for byte. The YAML library is used only
// to locate things by line and column; the document is never re-serialised.
//
// Every edit checks itself: the edited text is parsed again and must decode
// to exactly the old document plus (or minus) the sources concerned, or the
// edit is refused rather than risk a config that means something else.
package configedit

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// SourceSpec is a source to append to the config. Empty fields are left
// out of the written item.
type SourceSpec struct {
	Name     string
	URL      string
	Path     string
	Title    string
	Link     string
	Author   string
	Interval string // as the user wrote it ("30m", "7d"), so it reads back the same
	Tags     []string
}

// ErrNoSource is wrapped by RemoveSource's error when no source has the
// given name.
var ErrNoSource = errors.New("no such source")

// AddSource appends s at the end of the sources list; see AddSources.
func AddSource(data []byte, s SourceSpec) ([]byte, error) {
	return AddSources(data, []SourceSpec{s})
}

// AddSources appends specs, in order, at the end of the config's sources
// list, written the way the list's last item is written (block or flow
// mapping, the same dash and key columns, blank lines between items if the
// list has them). A missing or empty sources key is created or filled. The
// rest of data is kept byte for byte.
func AddSources(data []byte, specs []SourceSpec) ([]byte, error) {
	if len(specs) == 0 {
		return data, nil
	}
	for _, s := range specs {
		if s.Name == "" {
			return nil, errors.New("add source: empty name")
		}
		for _, v := range append([]string{s.Name, s.URL, s.Path, s.Title, s.Link, s.Author, s.Interval}, s.Tags...) {
			if !utf8.ValidString(v) {
				return nil, fmt.Errorf("add source %s: %q is not valid UTF-8", s.Name, v)
			}
		}
	}
	d, err := load(data)
	if err != nil {
		return nil, fmt.Errorf("add source: %w", err)
	}
	out, err := d.add(specs)
	if err != nil {
		return nil, fmt.Errorf("add source %s: %w", specs[0].Name, err)
	}
	if err := checkAdded(data, out, specs); err != nil {
		return nil, fmt.Errorf("add source %s: %w", specs[0].Name, err)
	}
	return out, nil
}

// RemoveSource deletes the sources item whose name is name: exactly its
// lines, the comment lines directly above it at its dash's column (which
// describe it), and one blank line that separated it from its neighbours.
// A source appended by AddSource and then removed leaves the file
// byte-identical. The error wraps ErrNoSource when there is no such item.
func RemoveSource(data []byte, name string) ([]byte, error) {
	if name == "" {
		return nil, fmt.Errorf("remove source: %w with an empty name", ErrNoSource)
	}
	d, err := load(data)
	if err != nil {
		return nil, fmt.Errorf("remove source %s: %w", name, err)
	}
	out, err := d.remove(name)
	if err != nil {
		return nil, fmt.Errorf("remove source %s: %w", name, err)
	}
	if err := checkRemoved(data, out, name); err != nil {
		return nil, fmt.Errorf("remove source %s: %w", name, err)
	}
	return out, nil
}

// doc is a config file split into lines, with the YAML nodes that matter.
type doc struct {
	data   []byte
	starts []int  // byte offset of each line's start; line n (1-based) is starts[n-1]
	eol    string // "\n" or "\r\n", as the file writes it
	root   *yaml.Node
	key    *yaml.Node // the "sources" key; nil when absent
	val    *yaml.Node // its value
}

func load(data []byte) (*doc, error) {
	if oddLineBreak(data) {
		// YAML counts these as line breaks too; lines would no longer
		// match the parser's line numbers.
		return nil, errors.New("the config has line breaks other than LF and CRLF (a lone CR, NEL, U+2028 or U+2029)")
	}
	d := &doc{data: data, eol: "\n", starts: []int{0}}
	for i, c := range data {
		if c == '\n' {
			if i+1 < len(data) {
				d.starts = append(d.starts, i+1)
			}
			if len(d.starts) == 2 && i > 0 && data[i-1] == '\r' {
				d.eol = "\r\n"
			}
		}
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, fmt.Errorf("parse config: %w", err)
	}
	if len(n.Content) == 0 {
		return d, nil
	}
	root := n.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return d, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, errors.New("the config's top level is not a mapping")
	}
	d.root = root
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "sources" {
			d.key, d.val = root.Content[i], root.Content[i+1]
		}
	}
	if d.val != nil && d.val.Kind == yaml.AliasNode {
		return nil, errors.New("sources is a YAML alias; edit the list it refers to by hand")
	}
	return d, nil
}

func oddLineBreak(data []byte) bool {
	for i, c := range data {
		if c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			return true
		}
	}
	return bytes.Contains(data, []byte("\u0085")) || bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\u2029"))
}

func (d *doc) lines() int { return len(d.starts) }

// text returns line n (1-based) without its line ending.
func (d *doc) text(n int) string {
	s := string(d.data[d.starts[n-1]:d.next(n)])
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}

// next returns the offset just past line n's line ending.
func (d *doc) next(n int) int {
	if n < len(d.starts) {
		return d.starts[n]
	}
	return len(d.data)
}

// offset converts a node's 1-based line and column (in characters, as the
// YAML library counts them) to a byte offset.
func (d *doc) offset(line, col int) int {
	off := d.starts[line-1]
	if line == 1 && bytes.HasPrefix(d.data, []byte("\uFEFF")) {
		off += 3
	}
	for i := 1; i < col && off < len(d.data); i++ {
		_, size := utf8.DecodeRune(d.data[off:])
		off += size
	}
	return off
}

func blank(s string) bool { return strings.TrimLeft(s, " \t") == "" }

func indent(s string) int {
	s = strings.TrimPrefix(s, "\uFEFF")
	return len(s) - len(strings.TrimLeft(s, " \t"))
}

func comment(s string) bool { return strings.HasPrefix(strings.TrimLeft(s, " \t"), "#") }

// maxLine is the last line any node under n starts on.
func maxLine(n *yaml.Node) int {
	m := n.Line
	for _, c := range n.Content {
		m = max(m, maxLine(c))
	}
	return m
}

// item is where one sources item sits in the text, by lines.
type item struct {
	dash  int // the line with the item's "-"
	first int // first line, including the comments above it that describe it
	last  int // last non-blank line of the item
}

// blockItems locates the items of a block sequence whose dashes sit at
// character column dcol (0-based).
func (d *doc) blockItems() ([]item, error) {
	dcol := d.val.Column - 1
	items := make([]item, len(d.val.Content))
	floor := d.key.Line // lines at or above belong to what came before
	for i, n := range d.val.Content {
		dash := 0
		for l := n.Line; l > floor; l-- {
			t := d.text(l)
			if indent(t) == dcol && strings.HasPrefix(t[dcol:], "-") && (len(t) == dcol+1 || t[dcol+1] == ' ' || t[dcol+1] == '\t') {
				dash = l
				break
			}
			if l != n.Line && !blank(t) && !comment(t) {
				break
			}
		}
		if dash == 0 {
			return nil, fmt.Errorf("cannot find the dash of sources item %d (line %d)", i+1, n.Line)
		}
		it := item{dash: dash, first: dash, last: dash}
		through := maxLine(n)
		for l := dash + 1; l <= d.lines(); l++ {
			t := d.text(l)
			if blank(t) {
				continue
			}
			if l > through && indent(t) <= dcol {
				break
			}
			it.last = l
		}
		for l := dash - 1; l > floor; l-- {
			t := d.text(l)
			if !comment(t) || indent(t) != dcol {
				break
			}
			it.first = l
		}
		items[i] = it
		floor = it.last
	}
	return items, nil
}

func (d *doc) remove(name string) ([]byte, error) {
	if d.val == nil || d.val.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%w: the config has no sources list", ErrNoSource)
	}
	idx := -1
	for i, n := range d.val.Content {
		if itemName(n) == name {
			if idx >= 0 {
				return nil, fmt.Errorf("two sources are named %q", name)
			}
			idx = i
		}
	}
	if idx < 0 {
		return nil, fmt.Errorf("%w named %q", ErrNoSource, name)
	}
	if d.val.Style&yaml.FlowStyle != 0 {
		return d.removeFlow(idx)
	}
	items, err := d.blockItems()
	if err != nil {
		return nil, err
	}
	it := items[idx]
	start, end := d.starts[it.first-1], d.next(it.last)
	switch {
	case it.first > 1 && blank(d.text(it.first-1)):
		// The blank line that set the item apart from what precedes it.
		start = d.starts[it.first-2]
	case idx < len(items)-1 && it.last < d.lines() && blank(d.text(it.last+1)):
		end = d.next(it.last + 1)
	}
	if end == len(d.data) && !bytes.HasSuffix(d.data, []byte("\n")) && start > 0 {
		// The item ended the file without a final newline: take the line
		// ending before it so the new last line lacks one too.
		start--
		if start > 0 && d.data[start-1] == '\r' {
			start--
		}
	}
	return splice(d.data, start, end, ""), nil
}

func itemName(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

func (d *doc) add(specs []SourceSpec) ([]byte, error) {
	switch {
	case d.val == nil:
		return d.addKey(specs), nil
	case d.val.Kind == yaml.ScalarNode && d.val.Tag == "!!null":
		return d.fillNull(specs), nil
	case d.val.Kind != yaml.SequenceNode:
		return nil, fmt.Errorf("sources (line %d) is not a list", d.val.Line)
	case d.val.Style&yaml.FlowStyle != 0:
		return d.addFlow(specs)
	}
	items, err := d.blockItems()
	if err != nil {
		return nil, err
	}
	lastItem := items[len(items)-1]
	lastNode := d.val.Content[len(items)-1]
	dcol := d.val.Column - 1
	kcol := dcol + 2
	if lastNode.Line == lastItem.dash {
		kcol = lastNode.Column - 1
	} else if lastNode.Kind == yaml.MappingNode {
		kcol = max(lastNode.Column-1, dcol+2)
	}
	flow := lastNode.Kind == yaml.MappingNode && lastNode.Style&yaml.FlowStyle != 0
	separate := false
	if len(items) > 1 {
		prev := items[len(items)-2]
		separate = lastItem.first-prev.last > 1
	}
	var lines []string
	for _, s := range specs {
		if separate {
			lines = append(lines, "")
		}
		lines = append(lines, blockItem(s, dcol, kcol, flow)...)
	}
	return d.insertLines(d.next(lastItem.last), lines), nil
}

// insertLines inserts whole lines at off, which is a line start or the end
// of the data. A file without a final newline keeps lacking one.
func (d *doc) insertLines(off int, lines []string) []byte {
	text := strings.Join(lines, d.eol)
	if off == len(d.data) && len(d.data) > 0 && !bytes.HasSuffix(d.data, []byte("\n")) {
		text = d.eol + text
	} else {
		text += d.eol
	}
	return splice(d.data, off, off, text)
}

// addKey appends a new sources list at the end of the file.
func (d *doc) addKey(specs []SourceSpec) []byte {
	var lines []string
	if n := d.lines(); len(d.data) > 0 && !blank(d.text(n)) {
		lines = append(lines, "")
	}
	lines = append(lines, "sources:")
	unit := d.indentUnit()
	for _, s := range specs {
		lines = append(lines, blockItem(s, unit, unit+2, false)...)
	}
	return d.insertLines(len(d.data), lines)
}

// fillNull turns "sources:" (or "sources: ~") into a list.
func (d *doc) fillNull(specs []SourceSpec) []byte {
	unit := d.indentUnit()
	kcol := d.key.Column - 1
	var lines []string
	for _, s := range specs {
		lines = append(lines, blockItem(s, kcol+unit, kcol+unit+2, false)...)
	}
	out := d.insertLines(d.next(d.key.Line), lines)
	if d.val.Value != "" && d.val.Line == d.key.Line {
		// Drop the "~" or "null" (and the space before it), which would
		// otherwise make the key a scalar with a list after it.
		start := d.offset(d.val.Line, d.val.Column)
		end := start + len(d.val.Value)
		for start > 0 && (out[start-1] == ' ' || out[start-1] == '\t') {
			start--
		}
		out = splice(out, start, end, "")
	}
	return out
}

// indentUnit guesses how far the file indents a nested block mapping, from
// its first one; 2 when there is none.
func (d *doc) indentUnit() int {
	if d.root == nil {
		return 2
	}
	for i := 0; i+1 < len(d.root.Content); i += 2 {
		k, v := d.root.Content[i], d.root.Content[i+1]
		if v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && v.Line > k.Line && v.Column > k.Column {
			return v.Column - k.Column
		}
	}
	return 2
}

func splice(data []byte, start, end int, text string) []byte {
	out := make([]byte, 0, len(data)-(end-start)+len(text))
	out = append(out, data[:start]...)
	out = append(out, text...)
	return append(out, data[end:]...)
}

// fields lists a spec's keys and their YAML values in the order written;
// flow says they go into a flow mapping.
func fields(s SourceSpec, flow bool) [][2]string {
	var f [][2]string
	add := func(k, v string) {
		if v != "" {
			f = append(f, [2]string{k, quote(v, flow)})
		}
	}
	add("name", s.Name)
	add("url", s.URL)
	add("path", s.Path)
	add("title", s.Title)
	add("link", s.Link)
	add("author", s.Author)
	add("interval", s.Interval)
	if len(s.Tags) > 0 {
		tags := make([]string, len(s.Tags))
		for i, t := range s.Tags {
			tags[i] = quote(t, true)
		}
		f = append(f, [2]string{"tags", "[" + strings.Join(tags, ", ") + "]"})
	}
	return f
}

// blockItem writes one sources item with its dash at column dcol and its
// keys at column kcol, as a block mapping or, matching a list written that
// way, a flow mapping on the dash's line.
func blockItem(s SourceSpec, dcol, kcol int, flow bool) []string {
	gap := max(kcol-dcol-1, 1)
	kcol = dcol + 1 + gap
	f := fields(s, flow)
	lead := strings.Repeat(" ", dcol) + "-" + strings.Repeat(" ", gap)
	if flow {
		return []string{lead + flowMapping(f)}
	}
	lines := make([]string, len(f))
	for i, kv := range f {
		prefix := strings.Repeat(" ", kcol)
		if i == 0 {
			prefix = lead
		}
		lines[i] = prefix + kv[0] + ": " + kv[1]
	}
	return lines
}

func flowMapping(f [][2]string) string {
	parts := make([]string, len(f))
	for i, kv := range f {
		parts[i] = kv[0] + ": " + kv[1]
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// expectedItem is what a spec decodes to once written.
func expectedItem(s SourceSpec) map[any]any {
	m := map[any]any{}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set("name", s.Name)
	set("url", s.URL)
	set("path", s.Path)
	set("title", s.Title)
	set("link", s.Link)
	set("author", s.Author)
	set("interval", s.Interval)
	if len(s.Tags) > 0 {
		tags := make([]any, len(s.Tags))
		for i, t := range s.Tags {
			tags[i] = t
		}
		m["tags"] = tags
	}
	return m
}

// checkAdded verifies that after decodes to before plus the new items, so
// a quoting or placement mistake can never reach the user's file.
func checkAdded(before, after []byte, specs []SourceSpec) error {
	want, got, err := decodeBoth(before, after)
	if err != nil {
		return fmt.Errorf("%v; add the source by hand", err)
	}
	list, _ := want["sources"].([]any)
	list = slices.Clone(list)
	for _, s := range specs {
		list = append(list, expectedItem(s))
	}
	want["sources"] = list
	if !reflect.DeepEqual(want, got) {
		return errors.New("the edit would change the config's meaning; add the source by hand")
	}
	return nil
}

// checkRemoved verifies that after decodes to before without the item.
func checkRemoved(before, after []byte, name string) error {
	want, got, err := decodeBoth(before, after)
	if err != nil {
		return fmt.Errorf("%v; remove the source by hand", err)
	}
	list, _ := want["sources"].([]any)
	list = slices.DeleteFunc(slices.Clone(list), func(v any) bool {
		m, _ := v.(map[any]any)
		return m != nil && m["name"] == name
	})
	switch {
	case len(list) > 0:
		want["sources"] = list
	case got["sources"] == nil:
		want["sources"] = nil // an emptied block list reads back as null
	default:
		want["sources"] = []any{} // a flow one as []
	}
	if !reflect.DeepEqual(want, got) {
		return errors.New("the edit would change the config's meaning; remove the source by hand")
	}
	return nil
}

// decodeBoth decodes the documents before and after an edit, with every
// mapping as map[any]any so that any key type compares.
func decodeBoth(before, after []byte) (map[any]any, map[any]any, error) {
	var old, edited any
	if err := yaml.Unmarshal(before, &old); err != nil {
		return nil, nil, fmt.Errorf("parse config: %w", err)
	}
	if err := yaml.Unmarshal(after, &edited); err != nil {
		return nil, nil, fmt.Errorf("the edit would break the config (%v)", err)
	}
	want, _ := canonical(old).(map[any]any)
	if want == nil {
		want = map[any]any{}
	}
	got, _ := canonical(edited).(map[any]any)
	if got == nil {
		return nil, nil, errors.New("the edit would break the config (no top-level mapping)")
	}
	return want, got, nil
}

func canonical(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[any]any, len(v))
		for k, x := range v {
			m[k] = canonical(x)
		}
		return m
	case map[any]any:
		m := make(map[any]any, len(v))
		for k, x := range v {
			m[k] = canonical(x)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = canonical(x)
		}
		return l
	}
	return v
}
