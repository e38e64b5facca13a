package page

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// monthNames maps every English month name and common abbreviation (lower
// case, without a trailing period) to its month.
var monthNames = map[string]time.Month{
	"january": time.January, "jan": time.January,
	"february": time.February, "feb": time.February,
	"march": time.March, "mar": time.March,
	"april": time.April, "apr": time.April,
	"may":  time.May,
	"june": time.June, "jun": time.June,
	"july": time.July, "jul": time.July,
	"august": time.August, "aug": time.August,
	"september": time.September, "sep": time.September, "sept": time.September,
	"october": time.October, "oct": time.October,
	"november": time.November, "nov": time.November,
	"december": time.December, "dec": time.December,
}

// weekdayNames holds English weekday names and abbreviations; a date header
// may open with one, but it carries no information beyond the date itself.
var weekdayNames = map[string]bool{
	"monday": true, "mon": true, "tuesday": true, "tue": true, "tues": true,
	"wednesday": true, "wed": true, "thursday": true, "thu": true, "thur": true, "thurs": true,
	"friday": true, "fri": true, "saturday": true, "sat": true, "sunday": true, "sun": true,
}

// dateLayouts are the machine forms accepted in front matter and HTML
// metadata, tried in order. Forms without a zone are read as UTC.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04 -0700",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
}

// parseDate reads a date as written in front matter or page metadata: the
// machine forms in dateLayouts, or an English date (see parseDateHeader)
// optionally followed by a clock time. The result is UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	if t, ok := parseEnglishDate(s, true); ok {
		return t, true
	}
	return time.Time{}, false
}

// parseDateHeader reports whether line is nothing but a date, the way blog
// pages print a date above the posts of one day: "Friday, February 28, 2025",
// "February 28, 2025", "28 February 2025", "Feb. 28th, 2025", "2025-02-28",
// "Friday, 28 February 2025", optionally after "Posted on" or "Published".
// The date is midnight UTC, since such headers carry no time or zone.
func parseDateHeader(line string) (time.Time, bool) {
	line = strings.TrimSpace(line)
	// A date header is short; checking first keeps long paragraphs cheap.
	if line == "" || len(line) > 60 {
		return time.Time{}, false
	}
	lower := strings.ToLower(line)
	for _, prefix := range []string{"posted on", "published on", "posted", "published", "updated on", "updated"} {
		if rest, ok := strings.CutPrefix(lower, prefix); ok && (rest == "" || rest[0] == ' ' || rest[0] == ':') {
			line = strings.TrimLeft(line[len(prefix):], ": ")
			break
		}
	}
	if t, ok := parseISODate(line); ok {
		return t, true
	}
	return parseEnglishDate(line, false)
}

// parseISODate reads YYYY-MM-DD or YYYY/MM/DD exactly.
func parseISODate(s string) (time.Time, bool) {
	if len(s) != 10 || (s[4] != '-' && s[4] != '/') || s[7] != s[4] {
		return time.Time{}, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:])
	if err1 != nil || err2 != nil || err3 != nil {
		return time.Time{}, false
	}
	return makeDate(y, time.Month(m), d)
}

// parseEnglishDate reads "[weekday] month day year" or "[weekday] day month
// year" with optional commas, periods after abbreviations, ordinal suffixes
// and "the"/"of". With allowTime, a trailing clock time ("10:30", "3:04 pm",
// "15:04:05 UTC") is accepted and applied; zones other than UTC/GMT/Z are
// not interpreted, so such strings are rejected rather than misread.
func parseEnglishDate(s string, allowTime bool) (time.Time, bool) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	var toks []string
	for _, f := range fields {
		f = strings.ToLower(strings.TrimSuffix(f, "."))
		if f == "the" || f == "of" || f == "" {
			continue
		}
		toks = append(toks, f)
	}
	if len(toks) > 0 && weekdayNames[toks[0]] {
		toks = toks[1:]
	}
	if len(toks) < 3 {
		return time.Time{}, false
	}
	var (
		month time.Month
		day   int
		ok    bool
	)
	if m, isMonth := monthNames[toks[0]]; isMonth {
		month = m
		day, ok = dayNumber(toks[1])
	} else if m, isMonth := monthNames[toks[1]]; isMonth {
		month = m
		day, ok = dayNumber(toks[0])
	}
	if !ok {
		return time.Time{}, false
	}
	if len(toks[2]) != 4 {
		return time.Time{}, false
	}
	year, err := strconv.Atoi(toks[2])
	if err != nil {
		return time.Time{}, false
	}
	t, ok := makeDate(year, month, day)
	if !ok {
		return time.Time{}, false
	}
	rest := toks[3:]
	if len(rest) == 0 {
		return t, true
	}
	if !allowTime {
		return time.Time{}, false
	}
	return applyClock(t, rest)
}

// applyClock adds a clock time written as tokens like ["3:04", "pm", "utc"].
func applyClock(t time.Time, toks []string) (time.Time, bool) {
	if toks[0] == "at" {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return time.Time{}, false
	}
	clock := toks[0]
	var suffix string
	for _, ampm := range []string{"am", "pm"} {
		if c, ok := strings.CutSuffix(clock, ampm); ok {
			clock, suffix = c, ampm
		}
	}
	toks = toks[1:]
	if len(toks) > 0 && (toks[0] == "am" || toks[0] == "pm") && suffix == "" {
		suffix, toks = toks[0], toks[1:]
	}
	if len(toks) > 0 && (toks[0] == "utc" || toks[0] == "gmt" || toks[0] == "z") {
		toks = toks[1:]
	}
	if len(toks) != 0 {
		return time.Time{}, false
	}
	parts := strings.Split(clock, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return time.Time{}, false
	}
	var hms [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || len(p) > 2 {
			return time.Time{}, false
		}
		hms[i] = n
	}
	h := hms[0]
	switch suffix {
	case "am":
		if h < 1 || h > 12 {
			return time.Time{}, false
		}
		if h == 12 {
			h = 0
		}
	case "pm":
		if h < 1 || h > 12 {
			return time.Time{}, false
		}
		if h != 12 {
			h += 12
		}
	}
	if h > 23 || hms[1] > 59 || hms[2] > 59 {
		return time.Time{}, false
	}
	return t.Add(time.Duration(h)*time.Hour + time.Duration(hms[1])*time.Minute + time.Duration(hms[2])*time.Second), true
}

// dayNumber reads "28" or "28th".
func dayNumber(s string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(s, suf); ok {
			s = d
			break
		}
	}
	if s == "" || len(s) > 2 {
		return 0, false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// makeDate builds midnight UTC and rejects impossible dates (Feb 30) and
// years outside the range a blog post could carry.
func makeDate(y int, m time.Month, d int) (time.Time, bool) {
	if y < 1900 || y > 2200 || m < time.January || m > time.December || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}
