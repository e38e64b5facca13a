package dates

import (
	"testing"
	"time"
)

// FuzzParse checks that ParseDate never panics and returns UTC in range,
// that what it returns survives a round trip through RFC 3339, that
// Header only finds day dates that ParseDate reads the same way.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Fri, 28 Feb 2025 10:00:00 GMT", "Fri,28Feb2025 10:00:00 GMT+05:30", "2025-02-28T10:00:00.5-0800",
		"2025", "2025-02", "20250228T100000Z", "Feb 28, 2025 3:45 p.m. EST", "28.02.2025 10:00",
		"Thu, 31 Dec 99 23:59:59 Y", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "(x", "12:", "-", "",
		"03335", "-0312", "2004-W53-6", "2004-05-25 오후 11:23:17", "2004년 05월 28일 01:31:15",
		"Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-július-13T9:15-05:00", "10:00 Etc/GMT-5", "Friday, February 28, 2025",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h, ok := Header(s); ok {
			if h.Location() != time.UTC || h.Hour() != 0 || h.Minute() != 0 {
				t.Fatalf("Header(%q) = %v, want midnight UTC", s, h)
			}
		}
		d, ok := ParseDate(s)
		if !ok {
			return
		}
		got := d.Time
		if got.Location() != time.UTC {
			t.Fatalf("ParseDate(%q) = %v, want UTC", s, got)
		}
		if got.Year() < 1 || got.Year() > 9999 {
			t.Fatalf("ParseDate(%q) = %v, year out of range", s, got)
		}
		if d.Precision > Year {
			t.Fatalf("ParseDate(%q) precision %d out of range", s, d.Precision)
		}
		again, ok := Parse(got.Format(time.RFC3339Nano))
		if !ok || !again.Equal(got) {
			t.Fatalf("ParseDate(%q) = %v does not round-trip: %v, %v", s, got, again, ok)
		}
	})
}
