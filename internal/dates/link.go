package dates

import (
	"net/url"
	"strings"
	"time"
)

// Years outside these bounds are not believed in a permalink: paths hold
// other four-digit numbers (image sizes, ids) that look like years, and
// nothing on the web predates 1995.
const (
	minLinkYear = 1995
	maxLinkYear = 2100
)

// FromLink finds the publication date that blog permalinks carry in their
// path: /2025/02/28/slug, /2025/2/28 (Day precision), /2025/02/slug (the
// first of the month, Month precision), or a segment starting with
// 2025-02-28 (/posts/2025-02-28-slug). Only the path is searched, years
// outside 1995-2100 and invalid dates are rejected, and the first match
// wins. The date is midnight UTC.
func FromLink(link string) (Date, bool) {
	path := link
	if u, err := url.Parse(link); err == nil {
		path = u.Path
	} else if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if d, ok := isoDateSegment(seg); ok {
			return d, true
		}
		year, ok := number(seg, 4, 4)
		if !ok || year < minLinkYear || year > maxLinkYear || i+1 >= len(segs) {
			continue
		}
		month, ok := number(segs[i+1], 1, 2)
		if !ok || month < 1 || month > 12 {
			continue
		}
		day, precision := 1, Month
		if i+2 < len(segs) {
			if d, ok := number(segs[i+2], 1, 2); ok {
				if d < 1 || d > daysIn(year, month) {
					continue
				}
				day, precision = d, Day
			}
		}
		return Date{time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), precision}, true
	}
	return Date{}, false
}

// isoDateSegment reads a path segment that is or starts with YYYY-MM-DD
// followed by a separator.
func isoDateSegment(seg string) (Date, bool) {
	if len(seg) < 10 || seg[4] != '-' || seg[7] != '-' {
		return Date{}, false
	}
	if len(seg) > 10 && !strings.ContainsRune("-_.", rune(seg[10])) {
		return Date{}, false
	}
	year, okY := number(seg[:4], 4, 4)
	month, okM := number(seg[5:7], 2, 2)
	day, okD := number(seg[8:10], 2, 2)
	if !okY || !okM || !okD || year < minLinkYear || year > maxLinkYear || month < 1 || month > 12 ||
		day < 1 || day > daysIn(year, month) {
		return Date{}, false
	}
	return Date{time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), Day}, true
}

// number parses s as an unsigned decimal of lo to hi digits.
func number(s string, lo, hi int) (int, bool) {
	if len(s) < lo || len(s) > hi || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	return atoi(s), true
}
