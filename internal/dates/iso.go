package dates

import "strings"

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

// run counts the decimal digits at the cursor without consuming them.
func (c *cursor) run() int {
	n := 0
	for c.i+n < len(c.s) && isDigit(c.s[c.i+n]) {
		n++
	}
	return n
}

// digits reads between lo and hi decimal digits and returns their value and
// count; n is 0 when fewer than lo digits are there.
func (c *cursor) digits(lo, hi int) (v, n int) {
	start := c.i
	for c.i < len(c.s) && c.i-start < hi && isDigit(c.s[c.i]) {
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
// (20250228T100000Z), their truncated, ordinal and week forms, plus the
// common "2025/02/28 10:00" variant.
func parseISO(s string) (Date, bool) {
	c := &cursor{s: s}
	var p dateParts
	basic, ok := isoDate(c, &p)
	if !ok {
		return Date{}, false
	}
	if c.done() {
		return p.build()
	}
	if p.precision != Day || !c.accept("Tt ") {
		return Date{}, false
	}
	c.skipSpaces()
	if !parseISOTime(c, &p, basic) {
		return Date{}, false
	}
	c.skipSpaces()
	if !c.done() && !parseISOZone(c, &p) {
		return Date{}, false
	}
	c.skipSpaces()
	if !c.done() {
		return Date{}, false
	}
	return p.build()
}

// isoDate reads the calendar part of an ISO 8601 date, telling the forms
// apart by the length of the leading digit run: 4 is a year (then -MM-DD,
// -DDD, -Www-D or Www-D), 8 is YYYYMMDD, 7 YYYYDDD, 6 YYMMDD, 5 YYDDD and 2
// YY-MM-DD or YY-DDD. A leading '-' is the truncated "-YYMM" / "-YY-MM".
// basic reports the basic format, whose time has no colons either.
func isoDate(c *cursor, p *dateParts) (basic, ok bool) {
	p.month, p.day, p.precision = 1, 1, Day
	var n int
	if c.accept("-") {
		yy, n := c.digits(2, 2)
		if n == 0 {
			return false, false
		}
		p.year = windowYear(yy, 2)
		c.accept("-")
		if p.month, n = c.digits(2, 2); n == 0 {
			return false, false
		}
		p.precision = Month
		return false, c.done()
	}
	switch c.run() {
	case 4:
		p.year, _ = c.digits(4, 4)
		if c.done() {
			p.precision = Year
			return false, true
		}
		if c.accept("Ww") {
			return true, isoWeek(c, p, false)
		}
		sep := c.peek()
		if sep != '-' && sep != '/' {
			return false, false
		}
		c.i++
		if sep == '-' && c.accept("Ww") {
			return false, isoWeek(c, p, true)
		}
		if sep == '-' && c.run() == 3 {
			ddd, _ := c.digits(3, 3)
			p.setOrdinal(ddd)
			return false, true
		}
		if p.month, n = c.digits(1, 2); n == 0 {
			return false, false
		}
		if c.done() {
			p.precision = Month
			return false, true
		}
		if !c.accept(string(sep)) {
			return false, false
		}
		p.day, n = c.digits(1, 2)
		return false, n > 0
	case 8:
		p.year, _ = c.digits(4, 4)
		p.month, _ = c.digits(2, 2)
		p.day, _ = c.digits(2, 2)
		return true, true
	case 7:
		p.year, _ = c.digits(4, 4)
		ddd, _ := c.digits(3, 3)
		p.setOrdinal(ddd)
		return true, true
	case 6:
		yy, _ := c.digits(2, 2)
		p.year = windowYear(yy, 2)
		p.month, _ = c.digits(2, 2)
		p.day, _ = c.digits(2, 2)
		return true, true
	case 5:
		yy, _ := c.digits(2, 2)
		p.year = windowYear(yy, 2)
		ddd, _ := c.digits(3, 3)
		p.setOrdinal(ddd)
		return true, true
	case 2:
		yy, _ := c.digits(2, 2)
		p.year = windowYear(yy, 2)
		if !c.accept("-") {
			return false, false
		}
		if c.run() == 3 {
			ddd, _ := c.digits(3, 3)
			p.setOrdinal(ddd)
			return false, true
		}
		if p.month, n = c.digits(2, 2); n == 0 || !c.accept("-") {
			return false, false
		}
		p.day, n = c.digits(2, 2)
		return false, n > 0
	}
	return false, false
}

// isoWeek reads "ww[-d]" (extended) or "ww[d]" (basic) after the W. A week
// without its day means its Monday.
func isoWeek(c *cursor, p *dateParts, extended bool) bool {
	week, n := c.digits(2, 2)
	if n == 0 {
		return false
	}
	weekday := 1
	if !extended || c.accept("-") {
		if d, n := c.digits(1, 1); n > 0 {
			weekday = d
		} else if extended {
			return false
		}
	}
	p.setWeek(week, weekday)
	return true
}

func parseISOTime(c *cursor, p *dateParts, basic bool) bool {
	var n int
	if p.hour, n = c.digits(2, 2); n == 0 {
		return false
	}
	p.hasTime, p.precision = true, Minute
	sep := !basic && c.accept(":")
	if p.minute, n = c.digits(2, 2); n == 0 {
		return false
	}
	if (sep && c.accept(":")) || (!sep && isDigit(c.peek())) {
		if p.second, n = c.digits(2, 2); n == 0 {
			return false
		}
		p.precision = Second
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
	for !c.done() && isDigit(c.peek()) {
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
		// As in looseZone: the numeric offset after a zone name wins.
		extra, ok := parseOffset(c)
		p.offset = extra
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
