package dates

import (
	"strings"
	"time"
	"unicode"
)

// maxHeaderLen bounds a date line; checking it first keeps long paragraphs
// cheap.
const maxHeaderLen = 60

// headerPrefixes may open a date line; they are matched case-insensitively
// and longest first.
var headerPrefixes = []string{"posted on", "published on", "posted", "published", "updated on", "updated"}

// Header reports whether line is nothing but a calendar date, the way blog
// pages print a date above the posts of one day: "Friday, February 28,
// 2025", "28 February 2025", "Feb. 28th, 2025", "2025-02-28", "the 28th of
// February, 2025", optionally after "Posted on" or "Published:". A line
// with a time, a month without a day, an all-numeric day/month order or any
// other word is not a date line. The date is midnight UTC with Day
// precision, since such headers carry no time or zone.
func Header(line string) (time.Time, bool) {
	line = strings.TrimSpace(line)
	if line == "" || len(line) > maxHeaderLen {
		return time.Time{}, false
	}
	lower := strings.ToLower(line)
	for _, prefix := range headerPrefixes {
		if rest, ok := strings.CutPrefix(lower, prefix); ok && (rest == "" || rest[0] == ' ' || rest[0] == ':') {
			line = strings.TrimLeft(line[len(prefix):], ": ")
			break
		}
	}
	if t, ok := headerISO(line); ok {
		return t, true
	}
	return headerWords(line)
}

// headerISO reads YYYY-MM-DD or YYYY/MM/DD exactly.
func headerISO(s string) (time.Time, bool) {
	if len(s) != 10 || (s[4] != '-' && s[4] != '/') || s[7] != s[4] {
		return time.Time{}, false
	}
	for i := 0; i < len(s); i++ {
		if i != 4 && i != 7 && !isDigit(s[i]) {
			return time.Time{}, false
		}
	}
	return headerDate(atoi(s[:4]), atoi(s[5:7]), atoi(s[8:]))
}

// headerWords reads "[weekday] month day year" or "[weekday] day month
// year", with commas, periods after abbreviations, ordinal suffixes and
// "the"/"of" allowed between them and nothing else.
func headerWords(s string) (time.Time, bool) {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && r != ',' && r != '.' && r != '\t' {
			return time.Time{}, false
		}
	}
	var parts []token // the month word and the numbers, in order
	toks := tokenize(s)
	for i, t := range toks {
		switch {
		case t.kind == ',' || t.kind == '.':
		case t.kind == 'n':
			parts = append(parts, t)
		case t.text == "the" || t.text == "of":
		case (t.text == "st" || t.text == "nd" || t.text == "rd" || t.text == "th") && i > 0 && toks[i-1].kind == 'n':
		case weekdayNames[t.text] && len(parts) == 0:
		case monthNames[t.text] > 0:
			parts = append(parts, t)
		default:
			return time.Time{}, false
		}
	}
	if len(parts) != 3 || parts[2].kind != 'n' || len(parts[2].text) != 4 {
		return time.Time{}, false
	}
	month, day := parts[0], parts[1]
	if month.kind == 'n' {
		month, day = day, month
	}
	if month.kind != 'w' || day.kind != 'n' || len(day.text) > 2 {
		return time.Time{}, false
	}
	return headerDate(atoi(parts[2].text), monthNames[month.text], atoi(day.text))
}

// headerDate builds midnight UTC and rejects impossible dates (Feb 30) and
// years outside the range a blog post could carry.
func headerDate(y, m, d int) (time.Time, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}
