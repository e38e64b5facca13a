package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// decoder walks the YAML node tree by hand instead of using struct tags, so
// that every unknown key and wrong type is reported with its line, and all
// of them are reported in one go.
type decoder struct {
	file     string
	problems []Problem
	// fullSet marks the sources (by index) that set full_content
	// themselves; the others take fetch.full_content once all is read.
	fullSet map[int]bool
}

func (d *decoder) fail(n *yaml.Node, key, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.problems = append(d.problems, Problem{File: d.file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// mapping calls fn for each key/value pair of a mapping node, reporting
// unknown keys (fn returns false) and duplicate keys.
func (d *decoder) mapping(n *yaml.Node, path string, fn func(key string, v *yaml.Node) bool) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "expected a mapping, got %s", kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := join(path, k.Value)
		if seen[k.Value] {
			d.fail(k, key, "duplicate key")
			continue
		}
		seen[k.Value] = true
		if !fn(k.Value, v) {
			d.fail(k, key, "unknown key")
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

func (d *decoder) scalar(n *yaml.Node, key string) (string, bool) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n, key, "expected a single value, got %s", kindName(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) str(n *yaml.Node, key string, dst *string) {
	if v, ok := d.scalar(n, key); ok {
		if n.Tag == "!!null" {
			v = ""
		}
		*dst = strings.TrimSpace(v)
	}
}

func (d *decoder) integer(n *yaml.Node, key string, min int, dst *int) {
	v, ok := d.scalar(n, key)
	if !ok {
		return
	}
	i, err := strconv.Atoi(v)
	if err != nil {
		d.fail(n, key, "expected a whole number, got %q", v)
		return
	}
	if i < min {
		d.fail(n, key, "must be at least %d, got %d", min, i)
		return
	}
	*dst = i
}

func (d *decoder) boolean(n *yaml.Node, key string, dst *bool) {
	v, ok := d.scalar(n, key)
	if !ok {
		return
	}
	switch strings.ToLower(v) {
	case "true", "yes", "on":
		*dst = true
	case "false", "no", "off":
		*dst = false
	default:
		d.fail(n, key, "expected true or false, got %q", v)
	}
}

func (d *decoder) duration(n *yaml.Node, key string, dst *time.Duration) {
	v, ok := d.scalar(n, key)
	if !ok {
		return
	}
	dur, err := ParseDuration(v)
	if err != nil {
		d.fail(n, key, "%v", err)
		return
	}
	*dst = dur
}

func (d *decoder) size(n *yaml.Node, key string, dst *int64) {
	v, ok := d.scalar(n, key)
	if !ok {
		return
	}
	sz, err := ParseSize(v)
	if err != nil {
		d.fail(n, key, "%v", err)
		return
	}
	*dst = sz
}

// patternList is strList for filter and strip patterns: each is compiled
// here, once, so that a bad one is reported at its own line.
func (d *decoder) patternList(n *yaml.Node, key string, dst *[]string) {
	d.strList(n, key, dst)
	items := n.Content
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		items = []*yaml.Node{n}
	} else if n.Kind != yaml.SequenceNode {
		return
	}
	for i, item := range items {
		if item.Kind != yaml.ScalarNode {
			continue // strList reported it
		}
		if _, err := CompilePattern(strings.TrimSpace(item.Value)); err != nil {
			d.fail(item, fmt.Sprintf("%s[%d]", key, i), "%v", err)
		}
	}
}

// list calls fn with each item of a list node and its path ("key[i]"); a
// null is an empty list, anything else but a list is reported.
func (d *decoder) list(n *yaml.Node, key string, fn func(i int, item *yaml.Node, path string)) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, key, "expected a list, got %s", kindName(n))
		return
	}
	for i, item := range n.Content {
		fn(i, item, fmt.Sprintf("%s[%d]", key, i))
	}
}

// strList accepts a list of strings or a single string.
func (d *decoder) strList(n *yaml.Node, key string, dst *[]string) {
	if n.Kind == yaml.ScalarNode {
		if n.Tag == "!!null" {
			*dst = nil
			return
		}
		*dst = []string{strings.TrimSpace(n.Value)}
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, key, "expected a list, got %s", kindName(n))
		return
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		if v, ok := d.scalar(item, fmt.Sprintf("%s[%d]", key, i)); ok {
			out = append(out, strings.TrimSpace(v))
		}
	}
	*dst = out
}
