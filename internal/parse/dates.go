package parse

import (
	"strings"
	"time"
	"unicode"
)

// maxDateLen bounds the input Date looks at; real dates are far shorter and
// the bound keeps a hostile feed from making the tokenizer do real work.
const maxDateLen = 160

// Date parses the date forms found in real feeds and returns the instant in
// UTC. It accepts ISO 8601 / RFC 3339 (with or without seconds, fraction,
// offset colon or a zone at all; W3C-DTF year-only and year-month forms;
// "2025-02-28 10:00:00"), RFC 822/1123/2822 with or without the day name and
// with missing spaces, 2-digit years (RFC 2822 windowing: <50 is 20xx),
// named zones (GMT, UT, UTC, Z, US zones, CET, CEST, BST, IST as India, JST,
// AEST and others), military single-letter zones, "GMT+hh:mm"/"UTC-5"
// offsets, asctime and JavaScript Date.toString output, "February 28, 2025
// 10:00 AM", parenthesised zone comments, and month names in a few European
// languages. A date without a zone is taken as UTC. ok is false when s holds
// no complete, valid calendar date.
func Date(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxDateLen {
		return time.Time{}, false
	}
	t, ok := parseISO(s)
	if !ok {
		t, ok = parseLoose(s)
	}
	if !ok {
		return time.Time{}, false
	}
	t = t.UTC()
	if t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

// dateParts collects the fields of a date before validation.
type dateParts struct {
	year, month, day      int
	hour, minute, second  int
	nanos                 int
	offset                int // seconds east of UTC
	hasTime, hasZone, bad bool
}

// build validates p and returns the instant it names.
func (p dateParts) build() (time.Time, bool) {
	if p.bad || p.month < 1 || p.month > 12 || p.day < 1 || p.year < 0 {
		return time.Time{}, false
	}
	if p.day > daysIn(p.year, p.month) {
		return time.Time{}, false
	}
	if p.hour > 24 || p.minute > 59 || p.second > 60 || (p.hour == 24 && (p.minute > 0 || p.second > 0)) {
		return time.Time{}, false
	}
	if p.second == 60 {
		// A leap second; keep it inside its minute rather than roll over.
		p.second = 59
	}
	if p.offset < -18*3600 || p.offset > 18*3600 {
		return time.Time{}, false
	}
	loc := time.UTC
	if p.offset != 0 {
		loc = time.FixedZone("", p.offset)
	}
	return time.Date(p.year, time.Month(p.month), p.day, p.hour, p.minute, p.second, p.nanos, loc), true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// cursor walks an ASCII date string.
type cursor struct {
	s string
	i int
}

func (c *cursor) done() bool { return c.i >= len(c.s) }

func (c *cursor) peek() byte {
	if c.done() {
		return 0
	}
	return c.s[c.i]
}

// digits reads between lo and hi decimal digits and returns their value and
// count; n is 0 when fewer than lo digits are there.
func (c *cursor) digits(lo, hi int) (v, n int) {
	start := c.i
	for c.i < len(c.s) && c.i-start < hi && c.s[c.i] >= '0' && c.s[c.i] <= '9' {
		v = v*10 + int(c.s[c.i]-'0')
		c.i++
	}
	n = c.i - start
	if n < lo {
		c.i = start
		return 0, 0
	}
	return v, n
}

func (c *cursor) accept(chars string) bool {
	if !c.done() && strings.IndexByte(chars, c.s[c.i]) >= 0 {
		c.i++
		return true
	}
	return false
}

func (c *cursor) skipSpaces() {
	for !c.done() && c.s[c.i] == ' ' {
		c.i++
	}
}

// parseISO handles ISO 8601 and its profiles (RFC 3339, W3C-DTF), in the
// extended form (2025-02-28T10:00:00+01:00) and the basic one
// (20250228T100000Z), plus the common "2025/02/28 10:00" variant.
func parseISO(s string) (time.Time, bool) {
	c := &cursor{s: s}
	var p dateParts
	var n int
	if p.year, n = c.digits(4, 4); n == 0 {
		return time.Time{}, false
	}
	p.month, p.day = 1, 1
	if c.done() {
		return p.build()
	}
	basic := false
	sep := c.peek()
	switch {
	case sep == '-' || sep == '/':
		c.i++
		if p.month, n = c.digits(1, 2); n == 0 {
			return time.Time{}, false
		}
		if c.done() {
			return p.build()
		}
		if !c.accept(string(sep)) {
			return time.Time{}, false
		}
		if p.day, n = c.digits(1, 2); n == 0 {
			return time.Time{}, false
		}
	case sep >= '0' && sep <= '9':
		basic = true
		if p.month, n = c.digits(2, 2); n == 0 {
			return time.Time{}, false
		}
		if p.day, n = c.digits(2, 2); n == 0 {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	if c.done() {
		return p.build()
	}
	if !c.accept("Tt ") {
		return time.Time{}, false
	}
	c.skipSpaces()
	if !parseISOTime(c, &p, basic) {
		return time.Time{}, false
	}
	c.skipSpaces()
	if !c.done() && !parseISOZone(c, &p) {
		return time.Time{}, false
	}
	c.skipSpaces()
	if !c.done() {
		return time.Time{}, false
	}
	return p.build()
}

func parseISOTime(c *cursor, p *dateParts, basic bool) bool {
	var n int
	if p.hour, n = c.digits(2, 2); n == 0 {
		return false
	}
	p.hasTime = true
	sep := !basic && c.accept(":")
	if p.minute, n = c.digits(2, 2); n == 0 {
		return false
	}
	if (sep && c.accept(":")) || (!sep && c.peek() >= '0' && c.peek() <= '9') {
		if p.second, n = c.digits(2, 2); n == 0 {
			return false
		}
		if c.accept(".,") {
			p.nanos = fraction(c)
		}
	}
	return true
}

// fraction reads decimal fraction digits as nanoseconds, ignoring digits
// past the ninth.
func fraction(c *cursor) int {
	v, digits := 0, 0
	for !c.done() && c.peek() >= '0' && c.peek() <= '9' {
		if digits < 9 {
			v = v*10 + int(c.peek()-'0')
			digits++
		}
		c.i++
	}
	for ; digits < 9; digits++ {
		v *= 10
	}
	return v
}

func parseISOZone(c *cursor, p *dateParts) bool {
	if c.accept("Zz") {
		p.hasZone = true
		return true
	}
	if c.peek() == '+' || c.peek() == '-' {
		off, ok := parseOffset(c)
		p.offset, p.hasZone = off, true
		return ok
	}
	start := c.i
	for !c.done() && isASCIILetter(c.peek()) {
		c.i++
	}
	off, ok := zoneOffset(strings.ToLower(c.s[start:c.i]))
	if !ok {
		return false
	}
	p.offset, p.hasZone = off, true
	if c.peek() == '+' || c.peek() == '-' {
		extra, ok := parseOffset(c)
		p.offset += extra
		return ok
	}
	return true
}

// parseOffset reads "+hh:mm", "+hhmm", "+hh" or "+h" at the cursor.
func parseOffset(c *cursor) (int, bool) {
	sign := 1
	if c.peek() == '-' {
		sign = -1
	}
	c.i++
	h, n := c.digits(1, 4)
	if n == 0 {
		return 0, false
	}
	m := 0
	switch {
	case n == 4 || n == 3:
		h, m = h/100, h%100
	case c.accept(":"):
		if m, n = c.digits(2, 2); n == 0 {
			return 0, false
		}
	}
	if h > 18 || m > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// dateToken is one lexical piece of a free-form date.
type dateToken struct {
	kind byte // 'n' number, 'w' word, or the punctuation byte itself
	text string
}

func tokenizeDate(s string) []dateToken {
	var toks []dateToken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			// "(UTC)", "(Central European Time)": comments, not data.
			for i < len(rs) && rs[i] != ')' {
				i++
			}
			i++
		case r >= '0' && r <= '9':
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			toks = append(toks, dateToken{'n', string(rs[i:j])})
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			toks = append(toks, dateToken{'w', strings.ToLower(string(rs[i:j]))})
			i = j
		case r < 0x80:
			toks = append(toks, dateToken{byte(r), string(r)})
			i++
		default:
			i++
		}
	}
	return toks
}

// parseLoose handles everything that names its month or is not ISO-shaped:
// RFC 822 and relatives, asctime, "February 28, 2025 10:00 AM", and numeric
// day.month.year forms. It classifies tokens instead of matching layouts,
// so missing spaces, absent day names and reordered parts all work.
func parseLoose(s string) (time.Time, bool) {
	toks := tokenizeDate(s)
	var p dateParts
	var nums []string
	var numSep byte
	pm, am := false, false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case 'n':
			if i+1 < len(toks) && toks[i+1].kind == ':' && !p.hasTime {
				i = looseTime(toks, i, &p)
				continue
			}
			nums = append(nums, t.text)
		case 'w':
			w := t.text
			switch {
			case p.month == 0 && monthNames[w] > 0:
				p.month = monthNames[w]
			case weekdayNames[w] || fillerWords[w]:
			case (w == "st" || w == "nd" || w == "rd" || w == "th") && i > 0 && toks[i-1].kind == 'n':
			case w == "t" && !p.hasTime:
				// The ISO date/time separator in a string parseISO rejected.
			case w == "am" || w == "a" && p.hasTime && i+2 < len(toks) && toks[i+1].kind == '.' && toks[i+2].text == "m":
				am = true
				if w == "a" {
					i += 2
				}
			case w == "pm" || w == "p" && p.hasTime && i+2 < len(toks) && toks[i+1].kind == '.' && toks[i+2].text == "m":
				pm = true
				if w == "p" {
					i += 2
				}
			case p.hasTime && !p.hasZone:
				off, ok := zoneOffset(w)
				if !ok {
					if len(w) < 2 || len(w) > 5 || !isASCIIWord(w) {
						return time.Time{}, false
					}
					// An unknown abbreviation: the clock time is still
					// right to within hours, which beats no date at all.
					off = 0
				}
				p.offset, p.hasZone = off, true
				if i+2 < len(toks) && (toks[i+1].kind == '+' || toks[i+1].kind == '-') && toks[i+2].kind == 'n' {
					extra, next, ok := looseOffset(toks, i+1)
					if !ok {
						return time.Time{}, false
					}
					p.offset += extra
					i = next - 1
				}
			default:
				return time.Time{}, false
			}
		case '+', '-':
			if p.hasTime && !p.hasZone && i+1 < len(toks) && toks[i+1].kind == 'n' {
				off, next, ok := looseOffset(toks, i)
				if !ok {
					return time.Time{}, false
				}
				p.offset, p.hasZone = off, true
				i = next - 1
				continue
			}
			if t.kind == '-' && numSep == 0 {
				numSep = '-'
			}
		case '.', '/':
			if numSep == 0 && len(nums) > 0 {
				numSep = t.kind
			}
		}
	}
	if am || pm {
		if !p.hasTime || p.hour == 0 || p.hour > 12 {
			return time.Time{}, false
		}
		if pm && p.hour < 12 {
			p.hour += 12
		} else if am && p.hour == 12 {
			p.hour = 0
		}
	}
	if !assignNumbers(&p, nums, numSep) {
		return time.Time{}, false
	}
	return p.build()
}

// looseTime reads "h:mm[:ss[.frac]]" starting at toks[i] and returns the
// index of the last token it used.
func looseTime(toks []dateToken, i int, p *dateParts) int {
	num := func(j, maxLen int) (int, bool) {
		if j >= len(toks) || toks[j].kind != 'n' || len(toks[j].text) > maxLen {
			return 0, false
		}
		return atoi(toks[j].text), true
	}
	var ok bool
	if p.hour, ok = num(i, 2); !ok {
		p.bad = true
		return i
	}
	if p.minute, ok = num(i+2, 2); !ok {
		p.bad = true
		return i + 1
	}
	p.hasTime = true
	last := i + 2
	if last+2 < len(toks) && toks[last+1].kind == ':' {
		if p.second, ok = num(last+2, 2); !ok {
			p.bad = true
			return last + 1
		}
		last += 2
		if last+2 < len(toks) && toks[last+1].kind == '.' && toks[last+2].kind == 'n' {
			c := &cursor{s: toks[last+2].text}
			p.nanos = fraction(c)
			last += 2
		}
	}
	return last
}

// looseOffset reads a numeric offset whose sign is toks[i]: "+0100",
// "-05:00", "+5". It returns the index after the offset.
func looseOffset(toks []dateToken, i int) (int, int, bool) {
	text := toks[i].text + toks[i+1].text
	next := i + 2
	if len(toks[i+1].text) <= 2 && next+1 < len(toks) && toks[next].kind == ':' && toks[next+1].kind == 'n' {
		text += ":" + toks[next+1].text
		next += 2
	}
	c := &cursor{s: text}
	off, ok := parseOffset(c)
	return off, next, ok && c.done()
}

// assignNumbers decides which loose numbers are the day, month and year.
func assignNumbers(p *dateParts, nums []string, sep byte) bool {
	year := func(s string) (int, bool) {
		v := atoi(s)
		switch len(s) {
		case 1, 2:
			// RFC 2822 section 4.3 windowing.
			if v < 50 {
				return v + 2000, true
			}
			return v + 1900, true
		case 3:
			return v + 1900, true
		case 4:
			return v, true
		}
		return 0, false
	}
	var ok bool
	if p.month > 0 {
		switch len(nums) {
		case 1:
			// "Feb 2025": a month without a day means its first day.
			if len(nums[0]) != 4 {
				return false
			}
			p.year, p.day = atoi(nums[0]), 1
			return true
		case 2:
			a, b := nums[0], nums[1]
			if len(a) == 4 || len(a) > 2 {
				a, b = b, a
			}
			if len(a) > 2 {
				return false
			}
			p.day = atoi(a)
			p.year, ok = year(b)
			return ok
		}
		return false
	}
	if len(nums) != 3 {
		return false
	}
	switch {
	case len(nums[0]) == 4:
		p.year, p.month, p.day = atoi(nums[0]), atoi(nums[1]), atoi(nums[2])
	case len(nums[2]) == 4 && len(nums[0]) <= 2 && len(nums[1]) <= 2:
		p.day, p.month, p.year = atoi(nums[0]), atoi(nums[1]), atoi(nums[2])
		// Slashes are the US order unless that cannot be right.
		if sep == '/' && p.day <= 12 || p.month > 12 {
			p.day, p.month = p.month, p.day
		}
	default:
		return false
	}
	return true
}

func atoi(s string) int {
	v := 0
	for i := 0; i < len(s) && i < 9; i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isASCIILetter(w[i]) {
			return false
		}
	}
	return true
}

// zoneOffset maps a lower-case zone abbreviation to seconds east of UTC.
func zoneOffset(w string) (int, bool) {
	if len(w) == 1 {
		return militaryOffset(w[0])
	}
	off, ok := zoneNames[w]
	return off, ok
}

// militaryOffset maps the single-letter military zones as RFC 822 section
// 5.1 defines them: A-I and K-M west of UTC (-1 to -12), N-Y east (+1 to
// +12), Z is UTC. That is the reverse of actual military use (RFC 1123 notes
// the error), but it is what the RFC says and what feedparser implements.
func militaryOffset(b byte) (int, bool) {
	switch {
	case b == 'z':
		return 0, true
	case b >= 'a' && b <= 'i':
		return -int(b-'a'+1) * 3600, true
	case b >= 'k' && b <= 'm':
		return -int(b-'k'+10) * 3600, true
	case b >= 'n' && b <= 'y':
		return int(b-'n'+1) * 3600, true
	}
	return 0, false
}

const hour = 3600

// zoneNames are the abbreviations feeds use. Ambiguous ones take their most
// common reading in feeds: IST is India, BST is British Summer Time, CST is
// US Central.
var zoneNames = map[string]int{
	"gmt": 0, "ut": 0, "utc": 0, "z": 0, "wet": 0, "zulu": 0,
	"et": -5 * hour, "ct": -6 * hour, "mt": -7 * hour, "pt": -8 * hour,
	"est": -5 * hour, "edt": -4 * hour, "cst": -6 * hour, "cdt": -5 * hour,
	"mst": -7 * hour, "mdt": -6 * hour, "pst": -8 * hour, "pdt": -7 * hour,
	"akst": -9 * hour, "akdt": -8 * hour, "hst": -10 * hour, "hast": -10 * hour, "hadt": -9 * hour,
	"ast": -4 * hour, "adt": -3 * hour, "nst": -3*hour - 1800, "ndt": -2*hour - 1800,
	"brt": -3 * hour, "art": -3 * hour, "clt": -4 * hour,
	"bst": 1 * hour, "ist": 5*hour + 1800, "west": 1 * hour,
	"cet": 1 * hour, "cest": 2 * hour, "met": 1 * hour, "mest": 2 * hour, "mez": 1 * hour, "mesz": 2 * hour,
	"eet": 2 * hour, "eest": 3 * hour, "msk": 3 * hour, "sast": 2 * hour,
	"pkt": 5 * hour, "ict": 7 * hour, "wib": 7 * hour, "sgt": 8 * hour, "hkt": 8 * hour,
	"awst": 8 * hour, "pht": 8 * hour, "jst": 9 * hour, "kst": 9 * hour,
	"acst": 9*hour + 1800, "acdt": 10*hour + 1800, "aest": 10 * hour, "aedt": 11 * hour,
	"nzst": 12 * hour, "nzdt": 13 * hour,
}

// monthNames covers English plus the abbreviations and names most often
// seen in French, German, Spanish, Italian, Dutch and Portuguese feeds.
var monthNames = map[string]int{
	"jan": 1, "january": 1, "janv": 1, "janvier": 1, "januar": 1, "jänner": 1, "enero": 1, "ene": 1, "gennaio": 1, "gen": 1, "januari": 1, "janeiro": 1,
	"feb": 2, "february": 2, "févr": 2, "fevr": 2, "février": 2, "fevrier": 2, "februar": 2, "febrero": 2, "febbraio": 2, "februari": 2, "fev": 2, "fevereiro": 2,
	"mar": 3, "march": 3, "mars": 3, "märz": 3, "mär": 3, "marzo": 3, "maart": 3, "mrt": 3, "março": 3,
	"apr": 4, "april": 4, "avr": 4, "avril": 4, "abr": 4, "abril": 4, "aprile": 4,
	"may": 5, "mai": 5, "mayo": 5, "maggio": 5, "mag": 5, "mei": 5, "maio": 5,
	"jun": 6, "june": 6, "juin": 6, "juni": 6, "junio": 6, "giugno": 6, "giu": 6, "junho": 6,
	"jul": 7, "july": 7, "juil": 7, "juillet": 7, "juli": 7, "julio": 7, "luglio": 7, "lug": 7, "julho": 7,
	"aug": 8, "august": 8, "août": 8, "aout": 8, "agosto": 8, "ago": 8, "augustus": 8,
	"sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9, "settembre": 9, "set": 9, "setembro": 9,
	"oct": 10, "october": 10, "octobre": 10, "okt": 10, "oktober": 10, "octubre": 10, "ottobre": 10, "ott": 10, "out": 10, "outubro": 10,
	"nov": 11, "november": 11, "novembre": 11, "noviembre": 11, "novembro": 11,
	"dec": 12, "december": 12, "déc": 12, "décembre": 12, "decembre": 12, "dez": 12, "dezember": 12, "diciembre": 12, "dic": 12, "dicembre": 12, "dezembro": 12,
}

var weekdayNames = map[string]bool{
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"lun": true, "mer": true, "jeu": true, "ven": true, "sam": true, "dim": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"mo": true, "di": true, "mi": true, "do": true, "fr": true, "sa": true, "so": true,
	"montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true, "samstag": true, "sonntag": true,
	"lunes": true, "martes": true, "miércoles": true, "jueves": true, "viernes": true, "sábado": true, "domingo": true,
}

// fillerWords appear between date parts in prose-like dates ("28 de
// febrero de 2025", "Feb 28, 2025 at 10:00").
var fillerWords = map[string]bool{"at": true, "on": true, "of": true, "de": true, "um": true, "le": true, "the": true}
