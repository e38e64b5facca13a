package normalize

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/urlref"
)

// Dates before minYear are absurd for a web feed entry: they come from
// zero values, epoch defaults and two-digit-year bugs, never from a post.
const minYear = 1995

// maxLinkYear bounds the years DateFromLink believes; paths hold other
// four-digit numbers (image sizes, ids) that look like years.
const maxLinkYear = 2100

// futureSlack is how far ahead of the ingest time an entry may be dated
// before it counts as future-dated; it absorbs clock skew between the
// publisher and us.
const futureSlack = 10 * time.Minute

// plausible reports whether t is a usable entry date.
func plausible(t *time.Time) bool {
	return t != nil && t.Year() >= minYear
}

// DateFromLink finds the publication date that blog permalinks carry in
// their path: /2025/02/28/slug, /2025/2/28, /2025/02/slug (the first of the
// month), or a segment starting with 2025-02-28 (/posts/2025-02-28-slug).
// Only the path is searched, years outside 1995–2100 and invalid dates are
// rejected, and the first match wins. The date is midnight UTC.
func DateFromLink(link string) (time.Time, bool) {
	path := link
	if u, err := url.Parse(urlref.Clean(link)); err == nil {
		path = u.Path
	} else if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if t, ok := isoDateSegment(seg); ok {
			return t, true
		}
		year, ok := number(seg, 4, 4)
		if !ok || year < minYear || year > maxLinkYear || i+1 >= len(segs) {
			continue
		}
		month, ok := number(segs[i+1], 1, 2)
		if !ok || month < 1 || month > 12 {
			continue
		}
		day := 1
		if i+2 < len(segs) {
			if d, ok := number(segs[i+2], 1, 2); ok {
				if !validDay(year, month, d) {
					continue
				}
				day = d
			}
		}
		return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

// isoDateSegment reads a path segment that is or starts with YYYY-MM-DD
// followed by a separator.
func isoDateSegment(seg string) (time.Time, bool) {
	if len(seg) < 10 || seg[4] != '-' || seg[7] != '-' {
		return time.Time{}, false
	}
	if len(seg) > 10 && !strings.ContainsRune("-_.", rune(seg[10])) {
		return time.Time{}, false
	}
	year, okY := number(seg[:4], 4, 4)
	month, okM := number(seg[5:7], 2, 2)
	day, okD := number(seg[8:10], 2, 2)
	if !okY || !okM || !okD || year < minYear || year > maxLinkYear || month < 1 || month > 12 || !validDay(year, month, day) {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), true
}

// number parses s as an unsigned decimal of min to max digits.
func number(s string, min, max int) (int, bool) {
	if len(s) < min || len(s) > max || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func validDay(year, month, day int) bool {
	return day >= 1 && day <= time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// entryDates is an entry's date chain result before the future clamp.
type entryDates struct {
	published *time.Time // the chain's result
	updated   *time.Time // the entry's own valid updated date, if any
}

// chooseDates runs the date fallback chain for every entry of a document
// and sets Published and Updated (see the package documentation).
func chooseDates(entries []feed.Entry, now time.Time) {
	ignoreUpdated := sameUpdated(entries)
	dates := make([]entryDates, len(entries))
	future := 0
	limit := now.Add(futureSlack)
	for i := range entries {
		e := &entries[i]
		var d entryDates
		if plausible(e.Updated) && !ignoreUpdated {
			d.updated = utc(*e.Updated)
		}
		switch {
		case plausible(e.Published):
			d.published = utc(*e.Published)
		case d.updated != nil:
			d.published = d.updated
		default:
			if t, ok := DateFromLink(e.Link); ok {
				d.published = &t
			}
		}
		if d.published != nil && d.published.After(limit) {
			future++
		}
		dates[i] = d
	}
	// Event and release feeds date entries by when the event happens:
	// there, the future is the point, and clamping would lose it.
	clamp := future*2 <= len(entries)
	for i := range entries {
		d := dates[i]
		if clamp {
			d.published = notAfter(d.published, now, limit)
			d.updated = notAfter(d.updated, now, limit)
		}
		if d.updated == nil || (d.published != nil && d.updated.Before(*d.published)) {
			d.updated = nil
			if d.published != nil {
				d.updated = utc(*d.published)
			}
		}
		entries[i].Published = d.published
		entries[i].Updated = d.updated
	}
}

// sameUpdated reports a document of two or more entries that all carry
// one Updated value: the generator stamped its build time on every entry,
// which says nothing about any of them.
func sameUpdated(entries []feed.Entry) bool {
	if len(entries) < 2 {
		return false
	}
	first := entries[0].Updated
	for _, e := range entries {
		if e.Updated == nil || first == nil || !e.Updated.Equal(*first) {
			return false
		}
	}
	return true
}

// notAfter returns now for a t beyond limit, else t.
func notAfter(t *time.Time, now, limit time.Time) *time.Time {
	if t != nil && t.After(limit) {
		return &now
	}
	return t
}

// utc returns a pointer to a UTC copy of t, never aliasing the parser's
// value.
func utc(t time.Time) *time.Time {
	t = t.UTC()
	return &t
}
