package configedit

import (
	"fmt"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// quote returns s as a YAML scalar that reads back as the string s: plain
// when that is unambiguous, double-quoted otherwise. flow says the scalar
// sits inside a flow collection ([...] or {...}), where only words stay
// plain (URLs get quoted there). s must be valid UTF-8.
func quote(s string, flow bool) string {
	if plainSafe(s, flow) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || !unicode.IsPrint(r) && r != ' ':
			// Includes U+0085, U+2028 and U+2029, which YAML treats as
			// line breaks, and the BOM.
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// yaml11Words read as booleans or null to YAML 1.1 tools (and to people),
// though YAML 1.2 reads them as strings; quoting them avoids the doubt.
var yaml11Words = []string{"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}

func plainSafe(s string, flow bool) bool {
	if s == "" || s != strings.TrimSpace(s) {
		return false
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`") {
		return false
	}
	for _, r := range s {
		// Flow indicators end a plain scalar inside [...] and {...}; tabs
		// and anything unprintable are safer escaped.
		if strings.ContainsRune(",[]{}\t", r) || !unicode.IsPrint(r) && r != ' ' {
			return false
		}
	}
	if flow {
		// libyaml's flow scanner has quirks ("a?", "a:b"); keep plain
		// scalars there to words.
		for _, r := range s {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" -._/+", r) {
				return false
			}
		}
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	for _, w := range yaml11Words {
		if strings.EqualFold(s, w) {
			return false
		}
	}
	// Whatever else the resolver would not read as a string (numbers,
	// dates, ".inf") gets quoted; asking it is more reliable than a list.
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("k: "+s), &n); err != nil {
		return false
	}
	if len(n.Content) != 1 || len(n.Content[0].Content) != 2 {
		return false
	}
	v := n.Content[0].Content[1]
	return v.Kind == yaml.ScalarNode && v.Tag == "!!str" && v.Value == s && v.Style == 0
}
