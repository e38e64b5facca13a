package normalize

import (
	"time"

	"github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/urlref"
)

// Dates before minYear are absurd for a web feed entry: they come from
// zero values, epoch defaults and two-digit-year bugs, never from a post.
const minYear = 1995

// futureSlack is how far ahead of the ingest time an entry may be dated
// before it counts as future-dated; it absorbs clock skew between the
// publisher and us.
const futureSlack = 10 * time.Minute

// plausible reports whether t is a usable entry date.
func plausible(t *time.Time) bool {
	return t != nil && t.Year() >= minYear
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
	chosen := make([]entryDates, len(entries))
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
			if link, ok := dates.FromLink(urlref.Clean(e.Link)); ok {
				d.published = &link.Time
			}
		}
		if d.published != nil && d.published.After(limit) {
			future++
		}
		chosen[i] = d
	}
	// Event and release feeds date entries by when the event happens:
	// there, the future is the point, and clamping would lose it.
	clamp := future*2 <= len(entries)
	for i := range entries {
		d := chosen[i]
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
