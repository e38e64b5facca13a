// Package dates reads every date form Tributary meets, in feeds and in saved
// pages alike, and says how precisely each one was written. It is a leaf:
// parse, page and normalize all read dates through it, so one input never
// means two things in two stages.
package dates

import (
	"strings"
	"time"
)

// maxDateLen bounds the input Parse looks at; real dates are far shorter and
// the bound keeps a hostile feed from making the tokenizer do real work.
const maxDateLen = 160

// Precision is how much of an instant a date string gave. The zero value is
// Second, a full timestamp, so code that never asks about precision treats a
// date as exact.
type Precision uint8

// The precisions, finest first.
const (
	Second Precision = iota // a clock time with seconds (or a fraction)
	Minute                  // a clock time to the minute
	Day                     // a calendar day, no time of day
	Month                   // a year and month ("2025-02", "Feb 2025")
	Year                    // a year alone ("2025")
)

// HasTime reports whether the date string gave a time of day.
func (p Precision) HasTime() bool { return p <= Minute }

// String names the precision for logs and golden files.
func (p Precision) String() string {
	switch p {
	case Second:
		return "second"
	case Minute:
		return "minute"
	case Day:
		return "day"
	case Month:
		return "month"
	case Year:
		return "year"
	}
	return "unknown"
}

// Date is a parsed instant in UTC and the precision its text gave. A day,
// month or year is its first instant (midnight UTC unless the text gave a
// zone).
type Date struct {
	Time      time.Time
	Precision Precision
}

// Parse reads s with ParseDate and returns only the instant.
func Parse(s string) (time.Time, bool) {
	d, ok := ParseDate(s)
	return d.Time, ok
}

// ParseDate parses the date forms found in real feeds and pages and returns
// the instant in UTC with its precision. It accepts:
//   - ISO 8601 and its profiles (RFC 3339, W3C-DTF): extended and basic
//     forms, with or without seconds, fraction, offset colon or any zone;
//     year-only and year-month; two-digit-year and truncated forms
//     ("031231", "03-12-31", "-0312"); ordinal ("2003-335", "2003335",
//     "03335") and week dates ("2004-W53-6"); "2025/2/8 10:00:00";
//   - RFC 822/1123/2822 with or without the day name and with missing
//     spaces, 2-digit years (RFC 2822 windowing: <50 is 20xx);
//   - named zones (GMT, UT, UTC, Z, the North American ones including
//     Atlantic and Newfoundland, European, Asian and Australian
//     abbreviations, "Pacific Standard Time"), military single letters,
//     "GMT+hh:mm" / "UTC-5" offsets and "Etc/GMT-5";
//   - asctime, JavaScript Date.toString, "February 28, 2025 10:00 AM",
//     parenthesised zone comments;
//   - month and day names in English, French, German, Spanish, Italian,
//     Dutch, Portuguese, Greek and Hungarian; Korean dates
//     ("2004년 05월 28일 01:31:15", "2004-05-25 오후 11:23:17", read in KST
//     when they name no zone, as Korean blog hosts mean).
//
// A date without a zone is taken as UTC. ok is false when s holds no
// complete, valid calendar date.
func ParseDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxDateLen {
		return Date{}, false
	}
	d, ok := parseISO(s)
	if !ok {
		d, ok = parseLoose(s)
	}
	if !ok {
		return Date{}, false
	}
	d.Time = d.Time.UTC()
	if d.Time.Year() < 1 || d.Time.Year() > 9999 {
		return Date{}, false
	}
	return d, true
}

// dateParts collects the fields of a date before validation.
type dateParts struct {
	year, month, day      int
	hour, minute, second  int
	nanos                 int
	offset                int // seconds east of UTC
	hasTime, hasZone, bad bool
	precision             Precision
}

// build validates p and returns the instant it names.
func (p dateParts) build() (Date, bool) {
	if p.bad || p.month < 1 || p.month > 12 || p.day < 1 || p.year < 0 {
		return Date{}, false
	}
	if p.day > daysIn(p.year, p.month) {
		return Date{}, false
	}
	if p.hour > 24 || p.minute > 59 || p.second > 60 || (p.hour == 24 && (p.minute > 0 || p.second > 0)) {
		return Date{}, false
	}
	if p.second == 60 {
		// A leap second; keep it inside its minute rather than roll over.
		p.second = 59
	}
	if p.offset < -18*3600 || p.offset > 18*3600 {
		return Date{}, false
	}
	loc := time.UTC
	if p.offset != 0 {
		loc = time.FixedZone("", p.offset)
	}
	t := time.Date(p.year, time.Month(p.month), p.day, p.hour, p.minute, p.second, p.nanos, loc)
	return Date{Time: t, Precision: p.precision}, true
}

// setOrdinal sets the month and day from a day of the year (1-366).
func (p *dateParts) setOrdinal(dayOfYear int) {
	if dayOfYear < 1 || dayOfYear > daysInYear(p.year) {
		p.bad = true
		return
	}
	t := time.Date(p.year, time.January, dayOfYear, 0, 0, 0, 0, time.UTC)
	p.month, p.day = int(t.Month()), t.Day()
}

// setWeek sets the year, month and day from an ISO 8601 week date: week 1
// is the week holding 4 January, weeks start on Monday (weekday 1).
func (p *dateParts) setWeek(week, weekday int) {
	if week < 1 || week > 53 || weekday < 1 || weekday > 7 {
		p.bad = true
		return
	}
	jan4 := time.Date(p.year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	t := monday.AddDate(0, 0, (week-1)*7+weekday-1)
	if y, w := t.ISOWeek(); y != p.year || w != week {
		p.bad = true // week 53 of a year that has 52
		return
	}
	p.year, p.month, p.day = t.Year(), int(t.Month()), t.Day()
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func daysInYear(year int) int {
	if daysIn(year, 2) == 29 {
		return 366
	}
	return 365
}

// windowYear reads a year written with fewer than four digits: two digits
// follow RFC 2822 section 4.3 (below 50 is 20xx), three are 1900 + n.
func windowYear(v, digits int) int {
	switch {
	case digits == 3:
		return v + 1900
	case digits <= 2 && v < 50:
		return v + 2000
	case digits <= 2:
		return v + 1900
	}
	return v
}

func atoi(s string) int {
	v := 0
	for i := 0; i < len(s) && i < 9; i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
