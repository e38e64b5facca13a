package normalize

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxUnescapePasses bounds how many layers of escaping PlainText peels off.
// Three covers the double and triple escaping that broken feed generators
// produce; beyond that the text is more likely about entities than escaped.
const maxUnescapePasses = 3

// badRune reports characters no output may carry: C0 controls other than
// tab, LF and CR, DEL, C1 controls, and U+FFFE/U+FFFF, which XML 1.0 forbids
// and which would make the Atom output ill-formed.
func badRune(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n' && r != '\r'
	case r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0xfffe || r == 0xffff:
		return true
	}
	return false
}

// bidiControl reports the explicit embedding, override and isolate
// controls, which can make metadata display differently from what it says
// (the "Trojan Source" trick). The implicit marks LRM/RLM stay: RTL text
// uses them legitimately.
func bidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// cleanChars returns s as valid UTF-8 (invalid bytes become U+FFFD) without
// the characters badRune rejects, with CR LF and lone CR turned into LF.
func cleanChars(s string) string {
	if charsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case badRune(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// asciiDirty marks the ASCII bytes cleanChars changes: controls other
// than tab and LF, CR and DEL.
var asciiDirty = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c == '\r' || badRune(rune(c))
	}
	return t
}()

// charsClean is cleanChars's fast path: most input needs no change.
func charsClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiDirty[c] {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || badRune(r) {
			return false
		}
		i += size
	}
	return true
}

// cleanText is cleanChars plus the removal of bidi controls and the byte
// order mark, for text that is shown as a line rather than laid out.
func cleanText(s string) string {
	s = cleanChars(s)
	if !hasBidiOrBOM(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if bidiControl(r) || r == 0xfeff {
			return -1
		}
		return r
	}, s)
}

// hasBidiOrBOM reports whether s holds a bidi control or a byte order
// mark. All of them are encoded in UTF-8 with a lead byte of 0xE2 or 0xEF,
// so only runes starting with one of those are decoded: this runs on the
// text of every entry.
func hasBidiOrBOM(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != 0xe2 && c != 0xef {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(s[i:]); bidiControl(r) || r == 0xfeff {
			return true
		}
	}
	return false
}

// unwrapCDATA replaces each CDATA section with its content as escaped
// text. Feed HTML comes out of XML, where CDATA is text; an HTML parser
// would see a bogus comment and lose it ("<![CDATA[Title]]>" in a title
// that a generator wrapped twice).
func unwrapCDATA(s string) string {
	const open, end = "<![CDATA[", "]]>"
	if !strings.Contains(s, open) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, open)
		if i < 0 {
			break
		}
		j := strings.Index(s[i+len(open):], end)
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(html.EscapeString(s[i+len(open) : i+len(open)+j]))
		s = s[i+len(open)+j+len(end):]
	}
	b.WriteString(s)
	return b.String()
}

// collapseSpace trims s and folds every run of Unicode white space into one
// ASCII space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// PlainText converts a title or other metadata to one line of plain text.
// CDATA sections count as text. Each pass drops the tags of known HTML elements and decodes one layer of
// entities; passes repeat while entities remain (feeds that escape twice,
// "AT&amp;amp;T"), at most maxUnescapePasses times. Tag-like text that names
// no HTML element ("List<T>", "Map<K, V>") is kept, since titles about code
// say such things, as is markup that only appears once the last layer is
// decoded ("The &lt;dialog&gt; element" reads "The <dialog> element"),
// unless that markup would be unsafe when rendered: then every tag goes.
// Control characters, bidi overrides and invalid UTF-8 are removed and white
// space is collapsed.
func PlainText(s string) string {
	s = unwrapCDATA(cleanText(s))
	if strings.ContainsAny(s, "<&") {
		for range maxUnescapePasses {
			t := stripTags(s, false)
			if t == s {
				break
			}
			s = t
			if !hasEntity(s) {
				break
			}
		}
		s = defuse(s)
	}
	return collapseSpace(cleanText(s))
}

// hasEntity reports whether decoding s as HTML text would change it.
func hasEntity(s string) bool {
	return strings.IndexByte(s, '&') >= 0 && html.UnescapeString(s) != s
}

// defuse removes markup from text that a reader rendering it as HTML would
// execute. It strips every tag, repeatedly because decoding can expose new
// ones; if markup survives even that, '<' itself goes, which no markup can
// survive.
func defuse(s string) string {
	for range maxUnescapePasses {
		if !strings.ContainsAny(s, "<&") || len(markupViolations(s)) == 0 {
			return s
		}
		s = cleanText(stripTags(s, true))
	}
	if len(markupViolations(s)) == 0 {
		return s
	}
	return strings.ReplaceAll(s, "<", "")
}

// stripTags returns the text of s parsed as an HTML fragment with one layer
// of entities decoded. Tags of known elements are dropped, and so is the
// content of elements that hold no prose (script, style...). Unknown tags are
// kept verbatim unless all is set.
func stripTags(s string, all bool) string {
	z := nethtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	skip := 0
	// held is the text of a no-prose element not closed yet: if the input
	// ends before it closes, it was not an element but words ("Why <style>
	// tags matter"), and they are put back.
	var held strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			if skip > 0 {
				b.WriteString(held.String())
			}
			return b.String()
		case nethtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			} else {
				held.Write(z.Text())
			}
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			raw := string(z.Raw())
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == 0 && !all {
				if skip == 0 {
					b.WriteString(raw)
				}
				continue
			}
			if noProse(a) {
				switch tt {
				case nethtml.StartTagToken:
					skip++
				case nethtml.EndTagToken:
					if skip > 0 {
						skip--
					}
					if skip == 0 {
						held.Reset()
					}
				}
			}
			if skip == 0 && a != 0 && separatesWords(a) {
				b.WriteByte(' ')
			}
		}
	}
}

// noProse reports elements whose content is not text a person reads.
func noProse(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Template, atom.Iframe, atom.Noembed,
		atom.Noframes, atom.Noscript, atom.Object, atom.Head, atom.Svg, atom.Math:
		return true
	}
	return false
}

// separatesWords reports elements whose boundary separates words, so that
// "<p>a</p><p>b</p>" reads "a b" rather than "ab".
func separatesWords(a atom.Atom) bool {
	return blockElement(a) || a == atom.Br || a == atom.Td || a == atom.Th || a == atom.Img
}

// blockElement reports elements that start a new paragraph of text.
func blockElement(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Caption,
		atom.Dd, atom.Details, atom.Dialog, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Header,
		atom.Hgroup, atom.Hr, atom.Li, atom.Main, atom.Nav, atom.Ol, atom.P,
		atom.Pre, atom.Section, atom.Summary, atom.Table, atom.Tbody,
		atom.Thead, atom.Tfoot, atom.Tr, atom.Ul, atom.Body, atom.Html:
		return true
	}
	return false
}

// TextFromHTML extracts the readable text of an HTML fragment, for
// fingerprints, filters and derived titles. Block elements become paragraph
// breaks ("\n\n"), <br> a line break ("\n"), table cells a space; white space
// is otherwise collapsed, entities decoded, and the content of script, style
// and similar elements dropped. The result is valid UTF-8 without control
// characters.
func TextFromHTML(s string) string {
	s = unwrapCDATA(cleanText(s))
	z := nethtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	skip := 0
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		switch tt {
		case nethtml.TextToken:
			if skip == 0 {
				// Source newlines are layout, not text: only tags break lines.
				writeSpaced(&b, z.Text())
			}
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if noProse(a) {
				switch tt {
				case nethtml.StartTagToken:
					skip++
				case nethtml.EndTagToken:
					if skip > 0 {
						skip--
					}
				}
				continue
			}
			if skip == 0 {
				writeTagBreak(&b, a)
			}
		}
	}
	return layoutText(cleanText(b.String()))
}

// writeSpaced writes text with every white-space character as a plain
// space.
func writeSpaced(b *strings.Builder, text []byte) {
	for len(text) > 0 {
		c := text[0]
		if c < utf8.RuneSelf {
			if c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v' {
				c = ' '
			}
			b.WriteByte(c)
			text = text[1:]
			continue
		}
		r, n := utf8.DecodeRune(text)
		if unicode.IsSpace(r) {
			b.WriteByte(' ')
		} else {
			b.Write(text[:n])
		}
		text = text[n:]
	}
}

// writeSpacedString is writeSpaced for text already in a string.
func writeSpacedString(b *strings.Builder, text string) {
	// Runs without white space are copied whole: this is the text of
	// every entry of a cold run.
	start := 0
	for i := 0; i < len(text); {
		c := text[i]
		n := 1
		space := false
		if c < utf8.RuneSelf {
			space = c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(text[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			b.WriteString(text[start:i])
			b.WriteByte(' ')
			start = i + n
		}
		i += n
	}
	b.WriteString(text[start:])
}

// layoutText turns text with '\n' line and "\n\n" paragraph markers into
// tidy paragraphs: lines collapsed, empty lines and paragraphs dropped. It
// is one pass over the text, since every entry of a cold run goes through
// it.
func layoutText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	// pending is the separator owed before the next word: 0 none, ' '
	// within a line, '\n' between lines, 'p' between paragraphs.
	var pending byte
	newlines := 0
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		space := false
		switch {
		case c == '\n':
			newlines++
			i++
			continue
		case c < utf8.RuneSelf:
			space = c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if newlines > 0 {
			// A blank line between two paragraph markers still only ends
			// one paragraph; "\n\n" or more is a paragraph break.
			if newlines >= 2 {
				pending = 'p'
			} else if pending != 'p' {
				pending = '\n'
			}
			newlines = 0
		}
		if space {
			if pending == 0 {
				pending = ' '
			}
			i += size
			continue
		}
		if b.Len() > 0 {
			switch pending {
			case ' ':
				b.WriteByte(' ')
			case '\n':
				b.WriteByte('\n')
			case 'p':
				b.WriteString("\n\n")
			}
		}
		pending = 0
		// The rest of a word in ASCII goes in one write.
		j := i + size
		for j < len(s) && s[j] < utf8.RuneSelf && !asciiSpace(s[j]) {
			j++
		}
		b.WriteString(s[i:j])
		i = j
	}
	return b.String()
}

// asciiSpace reports the ASCII white-space characters, line feed included.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// maxTitleRunes is the longest title TitleFromContent derives, "…"
// included: long enough for a sentence, short enough for a list of posts.
const maxTitleRunes = 80

// minSentenceRunes keeps a first "sentence" from ending at an abbreviation
// ("Dr. Smith", "e.g. this").
const minSentenceRunes = 12

// TitleFromContent derives a title for an entry that has none: the first
// sentence of the content's first paragraph, without a final full stop,
// cut at a word boundary and ended with "…" when longer than 80 characters.
// It returns "" when the content has no text.
func TitleFromContent(s string) string {
	return titleFromText(TextFromHTML(s))
}

// titleFromText is TitleFromContent for text already extracted.
func titleFromText(text string) string {
	if i := strings.Index(text, "\n\n"); i >= 0 {
		text = text[:i]
	}
	text = collapseSpace(defuse(text))
	if text == "" {
		return ""
	}
	sentence := firstSentence(text)
	if utf8.RuneCountInString(sentence) <= maxTitleRunes {
		if strings.HasSuffix(sentence, ".") && !strings.HasSuffix(sentence, "..") {
			sentence = strings.TrimSuffix(sentence, ".")
		}
		return sentence
	}
	return truncateWords(sentence, maxTitleRunes-1) + "…"
}

// firstSentence returns text up to and including the first sentence-ending
// punctuation that is followed by a space (or, for CJK full stops, by
// anything), once the sentence is at least minSentenceRunes long.
func firstSentence(text string) string {
	n := 0
	for i, r := range text {
		n++
		rest := text[i+utf8.RuneLen(r):]
		switch r {
		case '。', '！', '？':
			return text[:i+utf8.RuneLen(r)]
		case '.', '!', '?', '…':
			if n >= minSentenceRunes && (rest == "" || rest[0] == ' ') {
				return text[:i+utf8.RuneLen(r)]
			}
		}
	}
	return text
}

// truncateWords cuts s to at most max runes, at the last space when one is
// reasonably near the end (else mid-word, for scripts without spaces), and
// drops punctuation left dangling at the cut.
func truncateWords(s string, max int) string {
	runes := []rune(s)
	if len(runes) <= max {
		return s
	}
	cut := runes[:max]
	if runes[max] != ' ' {
		for i := len(cut) - 1; i > max/2; i-- {
			if cut[i] == ' ' {
				cut = cut[:i]
				break
			}
		}
	}
	return strings.TrimRightFunc(string(cut), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—([{\"'“‘", r)
	})
}

// Categories cleans a list of categories or tags: each becomes plain text
// (see PlainText), empty ones are dropped, and later duplicates that differ
// only in case are removed, keeping the first spelling and the order.
func Categories(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, c := range in {
		c = PlainText(c)
		if c == "" {
			continue
		}
		key := strings.ToLower(c)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c)
	}
	return out
}
