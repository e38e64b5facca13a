package urlref

import "strings"

// Candidate is one image candidate of a srcset attribute: its URL and its
// descriptor ("2x", "640w"), "" when there is none.
type Candidate struct {
	URL, Descriptor string
}

// ParseSrcset splits a srcset value into candidates the way the HTML
// standard's parsing algorithm does: a URL runs to white space, so URLs
// may hold commas ("image.php?w=1,2"); a URL ending in commas ends its
// candidate; descriptors run to a comma outside parentheses. Splitting on
// commas, as some readers do, breaks such URLs.
func ParseSrcset(s string) []Candidate {
	var out []Candidate
	i := 0
	for {
		for i < len(s) && (srcsetSpace(s[i]) || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			return out
		}
		start := i
		for i < len(s) && !srcsetSpace(s[i]) {
			i++
		}
		c := Candidate{URL: s[start:i]}
		if strings.HasSuffix(c.URL, ",") {
			c.URL = strings.TrimRight(c.URL, ",")
		} else {
			dstart, depth := i, 0
			for ; i < len(s); i++ {
				if s[i] == '(' {
					depth++
				} else if s[i] == ')' && depth > 0 {
					depth--
				} else if s[i] == ',' && depth == 0 {
					break
				}
			}
			c.Descriptor = strings.Join(strings.FieldsFunc(s[dstart:i], func(r rune) bool {
				return r < 0x80 && srcsetSpace(byte(r))
			}), " ")
		}
		if c.URL != "" {
			out = append(out, c)
		}
	}
}

// srcsetSpace reports the HTML standard's ASCII white space.
func srcsetSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// Srcset resolves every candidate URL of a srcset value against base (see
// Resolve) and writes the value back in its plain form, "url descriptor"
// joined by ", ". Candidates whose URL does not parse are dropped, and so
// are those that FormatSrcset drops.
func Srcset(value, base string) string {
	return FormatSrcset(ParseSrcset(value), func(u string) string { return Resolve(u, base) })
}

// FormatSrcset writes candidates as a srcset value after mapping each URL
// through fix. A candidate whose fixed URL is "" is dropped, and so is one
// that would not read back as itself: a URL starting or ending with a
// comma, or holding white space.
func FormatSrcset(cands []Candidate, fix func(string) string) string {
	var b strings.Builder
	for _, c := range cands {
		u := fix(c.URL)
		if u == "" || strings.HasPrefix(u, ",") || strings.HasSuffix(u, ",") || strings.ContainsAny(u, " \t\n\r\f") {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(u)
		if c.Descriptor != "" {
			b.WriteByte(' ')
			b.WriteString(c.Descriptor)
		}
	}
	return b.String()
}
