package parse

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Bounds on internal-subset entity expansion. An entity whose replacement
// text would pass maxEntityText bytes, nest deeper than maxEntityDepth or
// refer to itself is never expanded ("billion laughs"), and a document may
// grow by at most entityBudget bytes plus its own size in all ("quadratic
// blowup": one large entity referenced many times). References that are not
// expanded stay in the document as literal, harmless text, as do references
// to external entities, which are never fetched.
const (
	maxEntityText  = 64 << 10
	maxEntityDepth = 8
	entityBudget   = 1 << 20
)

// resolveDoctype removes the DOCTYPE declaration from the prolog and expands
// references to the simple (internal, general) entities its internal subset
// declares, within the bounds above. Feeds declare entities to spell names
// and HTML characters (<!ENTITY nbsp "&#160;">), and gofeed, which reads no
// DTD, would otherwise show them as "&name;".
func resolveDoctype(data []byte) []byte {
	for i := 0; ; {
		start, end, kind := prologItem(data, i)
		switch kind {
		case 0:
			return data
		case 'd':
			decls := internalEntities(data[start:end])
			out := make([]byte, 0, len(data)-(end-start))
			out = append(out, data[:start]...)
			if len(decls) == 0 {
				return append(out, data[end:]...)
			}
			x := &entityExpander{decls: decls, memo: map[string]string{}, state: map[string]entityState{},
				budget: entityBudget + len(data)}
			return x.expandDocument(out, data[end:])
		}
		i = end
	}
}

// internalEntities returns the general entities with a literal value that
// the DOCTYPE declaration decl declares in its internal subset. The first
// declaration of a name binds it, as XML 1.0 §4.2 says; the five predefined
// entities cannot be redefined.
func internalEntities(decl []byte) map[string]string {
	open := bytes.IndexByte(decl, '[')
	if open < 0 {
		return nil
	}
	subset := decl[open+1:]
	var decls map[string]string
	for i := 0; i < len(subset); {
		switch {
		case bytes.HasPrefix(subset[i:], []byte("<!--")):
			e := bytes.Index(subset[i+4:], []byte("-->"))
			if e < 0 {
				return decls
			}
			i += 4 + e + 3
		case bytes.HasPrefix(subset[i:], []byte("<!ENTITY")):
			name, value, next, ok := entityDecl(subset, i+len("<!ENTITY"))
			if ok && predefinedEntity(name) == "" {
				if decls == nil {
					decls = map[string]string{}
				}
				if _, dup := decls[name]; !dup {
					decls[name] = value
				}
			}
			i = next
		case subset[i] == '"' || subset[i] == '\'':
			// A quoted literal of some other declaration.
			e := bytes.IndexByte(subset[i+1:], subset[i])
			if e < 0 {
				return decls
			}
			i += e + 2
		default:
			i++
		}
	}
	return decls
}

// entityDecl reads an entity declaration from s[i:], just after "<!ENTITY".
// ok is false for parameter entities and external ones (SYSTEM or PUBLIC),
// which are never expanded. next is where scanning resumes.
func entityDecl(s []byte, i int) (name, value string, next int, ok bool) {
	i = skipSpace(s, i)
	if i < len(s) && s[i] == '%' {
		return "", "", i + 1, false
	}
	start := i
	for i < len(s) && !isXMLSpace(s[i]) && s[i] != '"' && s[i] != '\'' && s[i] != '>' {
		i++
	}
	name = string(s[start:i])
	i = skipSpace(s, i)
	if i >= len(s) || (s[i] != '"' && s[i] != '\'') || name == "" {
		return "", "", i, false
	}
	q := s[i]
	e := bytes.IndexByte(s[i+1:], q)
	if e < 0 {
		return "", "", len(s), false
	}
	value = string(s[i+1 : i+1+e])
	return name, value, i + 2 + e, true
}

func predefinedEntity(name string) string {
	switch name {
	case "lt", "gt", "amp", "apos", "quot":
		return name
	}
	return ""
}

type entityState uint8

const (
	entityPending entityState = iota
	entityExpanding
	entityDone
	entityRefused
)

// entityExpander expands internal entities within the bounds, remembering
// each entity's replacement text once worked out.
type entityExpander struct {
	decls  map[string]string
	memo   map[string]string
	state  map[string]entityState
	budget int // bytes the document and the replacement texts may still grow by
}

// text returns name's replacement text with the references to other
// declared entities in it expanded, or false if it must stay unexpanded.
func (x *entityExpander) text(name string, depth int) (string, bool) {
	switch x.state[name] {
	case entityDone:
		return x.memo[name], true
	case entityExpanding, entityRefused:
		// A reference to itself, directly or not, never ends.
		x.state[name] = entityRefused
		return "", false
	}
	value, declared := x.decls[name]
	if !declared || depth > maxEntityDepth {
		return "", false
	}
	x.state[name] = entityExpanding
	var b strings.Builder
	ok := x.expandInto(&b, value, depth+1)
	if !ok || b.Len() > maxEntityText || b.Len() > x.budget {
		x.state[name] = entityRefused
		return "", false
	}
	x.budget -= b.Len()
	x.memo[name] = b.String()
	x.state[name] = entityDone
	return x.memo[name], true
}

// expandInto writes s with its references to declared entities expanded.
// It reports false when an entity s refers to cannot be expanded, or the
// result would pass maxEntityText, so the entity that holds s is refused
// as a whole: expanding some references and not others would leave a text
// no reader would expect.
func (x *entityExpander) expandInto(b *strings.Builder, s string, depth int) bool {
	for {
		amp := strings.IndexByte(s, '&')
		if amp < 0 {
			b.WriteString(s)
			return b.Len() <= maxEntityText
		}
		b.WriteString(s[:amp])
		s = s[amp:]
		name, n := entityRef(s)
		if _, declared := x.decls[name]; n == 0 || !declared {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		rep, ok := x.text(name, depth)
		if !ok {
			return false
		}
		b.WriteString(rep)
		if b.Len() > maxEntityText {
			return false
		}
		s = s[n:]
	}
}

// entityRef reads a general entity reference "&name;" at the start of s and
// returns the name and the reference's length, or a zero length.
func entityRef[T string | []byte](s T) (string, int) {
	i := 1
	for i < len(s) && i <= 256 {
		c := s[i]
		if c == ';' {
			if i == 1 {
				return "", 0
			}
			return string(s[1:i]), i + 1
		}
		if c < utf8.RuneSelf && !isNameByte(c) {
			return "", 0
		}
		i++
	}
	return "", 0
}

// expandDocument appends body to out with every reference to a declared
// entity expanded, except in CDATA sections, comments and processing
// instructions, where a reference is not one. Inside a tag only
// replacement texts that cannot break the attribute's quoting are used.
// An entity whose references together would pass the budget is not
// expanded anywhere, the largest first: a text half expanded would show
// neither what the publisher meant nor what was written.
func (x *entityExpander) expandDocument(out, body []byte) []byte {
	growth := map[string]int{}
	eachEntityRef(body, func(_, _ int, name string, inTag bool) {
		if rep, ok := x.usable(name, inTag); ok {
			growth[name] += len(rep)
		}
	})
	total := 0
	for _, g := range growth {
		total += g
	}
	for total > x.budget {
		worst := ""
		for name, g := range growth {
			if worst == "" || g > growth[worst] || g == growth[worst] && name < worst {
				worst = name
			}
		}
		total -= growth[worst]
		delete(growth, worst)
		x.state[worst] = entityRefused
	}
	prev := 0
	eachEntityRef(body, func(start, end int, name string, inTag bool) {
		if _, expand := growth[name]; !expand {
			return
		}
		rep, ok := x.usable(name, inTag)
		if !ok {
			return
		}
		out = append(out, body[prev:start]...)
		out = append(out, rep...)
		prev = end
	})
	return append(out, body[prev:]...)
}

// usable returns name's replacement text if it may replace a reference,
// inside a tag (an attribute value) or not.
func (x *entityExpander) usable(name string, inTag bool) (string, bool) {
	if _, declared := x.decls[name]; !declared {
		return "", false
	}
	rep, ok := x.text(name, 0)
	if !ok || inTag && strings.ContainsAny(rep, `<"'`) {
		return "", false
	}
	return rep, true
}

// eachEntityRef calls fn for every general entity reference in body,
// body[start:end] being "&name;", except in CDATA sections, comments and
// processing instructions. inTag tells a reference in an attribute value.
func eachEntityRef(body []byte, fn func(start, end int, name string, inTag bool)) {
	inTag := false
	var quote byte
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case !inTag && c == '<':
			rest := body[i:]
			skipTo := ""
			switch {
			case bytes.HasPrefix(rest, []byte(cdataStart)):
				skipTo = cdataEnd
			case bytes.HasPrefix(rest, []byte("<!--")):
				skipTo = "-->"
			case bytes.HasPrefix(rest, []byte("<?")):
				skipTo = "?>"
			default:
				inTag = true
				i++
				continue
			}
			e := bytes.Index(rest[2:], []byte(skipTo))
			if e < 0 {
				return
			}
			i += 2 + e + len(skipTo)
		case inTag && quote == 0 && c == '>':
			inTag = false
			i++
		case inTag && (c == '"' || c == '\''):
			if quote == 0 {
				quote = c
			} else if quote == c {
				quote = 0
			}
			i++
		case c == '&':
			name, n := entityRef(body[i:])
			if n == 0 {
				i++
				continue
			}
			fn(i, i+n, name, inTag)
			i += n
		default:
			i++
		}
	}
}
