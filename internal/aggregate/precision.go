package aggregate

import (
	"time"

	"github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/store"
)

// datePrecision says how precisely r's effective date is known, so the HTML
// page never shows a time the source did not give. It is re-derived from
// what the store already keeps (the raw date strings and the link) rather
// than stored: the parse is deterministic, so the same text gives the same
// precision, and no migration is needed. A raw string counts only when it
// reads as exactly the stored date (a clamped or substituted date is
// exact); anything unexplained is treated as exact.
func datePrecision(r store.Record) dates.Precision {
	if !r.DateKnown {
		return dates.Second // first-seen time: a real instant
	}
	want := r.Published.Truncate(time.Second)
	for _, raw := range []string{r.RawPublished, r.RawUpdated} {
		if raw == "" {
			continue
		}
		if d, ok := dates.ParseDate(raw); ok && d.Time.Truncate(time.Second).Equal(want) {
			return d.Precision
		}
		if t, ok := dates.Header(raw); ok && t.Equal(want) {
			return dates.Day // a saved page's date line ("Posted on ...")
		}
	}
	if d, ok := dates.FromLink(r.Link); ok && d.Time.Equal(want) {
		return d.Precision
	}
	return dates.Second
}
