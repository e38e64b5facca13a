package dates

import (
	"strings"
	"unicode"
)

// token is one lexical piece of a free-form date.
type token struct {
	kind byte // 'n' number, 'w' word, or the punctuation byte itself
	text string
}

func tokenize(s string) []token {
	var toks []token
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
			toks = append(toks, token{'n', string(rs[i:j])})
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			toks = append(toks, token{'w', strings.ToLower(string(rs[i:j]))})
			i = j
		case r < 0x80:
			toks = append(toks, token{byte(r), string(r)})
			i++
		default:
			i++
		}
	}
	return toks
}

// looseState is what parseLoose has seen besides the date parts.
type looseState struct {
	nums   []string
	numSep byte
	am, pm bool
	korean bool // 년/월/일 or 오전/오후: a Korean date, in KST unless zoned
}

// parseLoose handles everything that names its month or is not ISO-shaped:
// RFC 822 and relatives, asctime, "February 28, 2025 10:00 AM", Korean
// dates and numeric day.month.year forms. It classifies tokens instead of
// matching layouts, so missing spaces, absent day names and reordered parts
// all work.
func parseLoose(s string) (Date, bool) {
	toks := tokenize(s)
	var p dateParts
	var st looseState
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case 'n':
			if i+1 < len(toks) && toks[i+1].kind == ':' && !p.hasTime {
				i = looseTime(toks, i, &p)
				continue
			}
			st.nums = append(st.nums, t.text)
		case 'w':
			next, ok := looseWord(toks, i, &p, &st)
			if !ok {
				return Date{}, false
			}
			i = next
		case '+', '-':
			if p.hasTime && !p.hasZone && i+1 < len(toks) && toks[i+1].kind == 'n' {
				off, next, ok := looseOffset(toks, i)
				if !ok {
					return Date{}, false
				}
				p.offset, p.hasZone = off, true
				i = next - 1
				continue
			}
			if t.kind == '-' && st.numSep == 0 {
				st.numSep = '-'
			}
		case '.', '/':
			if st.numSep == 0 && len(st.nums) > 0 {
				st.numSep = t.kind
			}
		}
	}
	if st.am || st.pm {
		if !p.hasTime || p.hour == 0 || p.hour > 12 {
			return Date{}, false
		}
		if st.pm && p.hour < 12 {
			p.hour += 12
		} else if st.am && p.hour == 12 {
			p.hour = 0
		}
	}
	if st.korean && p.hasTime && !p.hasZone {
		p.offset, p.hasZone = 9*hour, true
	}
	if !assignNumbers(&p, st.nums, st.numSep) {
		return Date{}, false
	}
	return p.build()
}

// looseWord classifies the word toks[i] and returns the index of the last
// token it used; ok is false for a word no date holds.
func looseWord(toks []token, i int, p *dateParts, st *looseState) (last int, ok bool) {
	w := toks[i].text
	dotM := func() bool { // "a.m." / "p.m."
		return p.hasTime && i+2 < len(toks) && toks[i+1].kind == '.' && toks[i+2].text == "m"
	}
	switch {
	case p.month == 0 && monthNames[w] > 0:
		p.month = monthNames[w]
	case weekdayNames[w] || fillerWords[w]:
	case (w == "st" || w == "nd" || w == "rd" || w == "th") && i > 0 && toks[i-1].kind == 'n':
	case w == "t" && !p.hasTime:
		// The ISO date/time separator in a string parseISO rejected.
	case koreanMarkers[w]:
		st.korean = true
	case cjkMarkers[w]:
	case p.hasTime && p.hasZone && isZoneName(w):
		// "+0000 UTC": the zone twice; the numeric offset is the precise one.
	case w == "오전":
		st.am, st.korean = true, true
	case w == "오후":
		st.pm, st.korean = true, true
	case w == "am":
		st.am = true
	case w == "pm":
		st.pm = true
	case w == "a" && dotM():
		st.am = true
		return i + 2, true
	case w == "p" && dotM():
		st.pm = true
		return i + 2, true
	case p.hasTime && !p.hasZone:
		return looseZone(toks, i, p)
	default:
		return i, false
	}
	return i, true
}

// looseZone reads the zone that starts with the word toks[i]: an
// abbreviation or a military letter, optionally followed by an offset
// ("GMT+05:30"), "Etc/GMT-5", or a spelled-out North American zone
// ("Pacific Standard Time").
func looseZone(toks []token, i int, p *dateParts) (last int, ok bool) {
	w := toks[i].text
	p.hasZone = true
	if w == "etc" && i+2 < len(toks) && toks[i+1].kind == '/' && toks[i+2].kind == 'w' {
		return etcZone(toks, i+2, p)
	}
	if off, ok := spelledZones[w]; ok {
		p.offset = off
		last = i
		if last+1 < len(toks) && toks[last+1].text == "daylight" {
			p.offset += hour
			last++
		} else if last+1 < len(toks) && toks[last+1].text == "standard" {
			last++
		}
		if last+1 < len(toks) && toks[last+1].text == "time" {
			last++
		}
		return last, true
	}
	off, known := zoneOffset(w)
	if !known {
		if len(w) < 2 || len(w) > 5 || !isASCIIWord(w) {
			return i, false
		}
		// An unknown abbreviation: the clock time is still right to
		// within hours, which beats no date at all.
		off = 0
	}
	p.offset = off
	if i+2 < len(toks) && (toks[i+1].kind == '+' || toks[i+1].kind == '-') && toks[i+2].kind == 'n' {
		extra, next, ok := looseOffset(toks, i+1)
		if !ok {
			return i, false
		}
		// "GMT+05:30" counts from GMT; "EST-0500" repeats the zone as an
		// offset. Either way the numeric offset is the one to trust.
		p.offset = extra
		return next - 1, true
	}
	return i, true
}

// isZoneName reports a zone abbreviation or spelled-out zone word.
func isZoneName(w string) bool {
	_, named := zoneNames[w]
	_, spelled := spelledZones[w]
	return named || spelled || w == "standard" || w == "daylight" || w == "time"
}

// etcZone reads the IANA "Etc/GMT-5" family at toks[i] (the word after
// "Etc/"). Their signs are POSIX's, the reverse of ISO 8601: Etc/GMT-5 is
// five hours east of UTC.
func etcZone(toks []token, i int, p *dateParts) (last int, ok bool) {
	switch toks[i].text {
	case "gmt", "utc", "ut", "uct", "zulu", "universal", "greenwich":
	default:
		return i, false
	}
	p.offset = 0
	if i+2 < len(toks) && (toks[i+1].kind == '+' || toks[i+1].kind == '-') && toks[i+2].kind == 'n' {
		h := toks[i+2].text
		if len(h) > 2 || atoi(h) > 14 {
			return i, false
		}
		p.offset = atoi(h) * hour
		if toks[i+1].kind == '+' {
			p.offset = -p.offset
		}
		return i + 2, true
	}
	return i, true
}

// looseTime reads "h:mm[:ss[.frac]]" starting at toks[i] and returns the
// index of the last token it used.
func looseTime(toks []token, i int, p *dateParts) int {
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
	p.hasTime, p.precision = true, Minute
	last := i + 2
	if last+2 < len(toks) && toks[last+1].kind == ':' {
		if p.second, ok = num(last+2, 2); !ok {
			p.bad = true
			return last + 1
		}
		p.precision = Second
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
func looseOffset(toks []token, i int) (int, int, bool) {
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

// assignNumbers decides which loose numbers are the day, month and year,
// and sets the precision of a date without a time.
func assignNumbers(p *dateParts, nums []string, sep byte) bool {
	year := func(s string) (int, bool) {
		if len(s) > 4 {
			return 0, false
		}
		return windowYear(atoi(s), len(s)), true
	}
	if !p.hasTime {
		p.precision = Day
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
			if !p.hasTime {
				p.precision = Month
			}
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

func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isASCIILetter(w[i]) {
			return false
		}
	}
	return true
}
