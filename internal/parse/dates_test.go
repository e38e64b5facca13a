package parse

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // RFC 3339 in UTC; empty means Date must report !ok
	}{
		{"rfc1123 gmt", "Fri, 28 Feb 2025 10:00:00 GMT", "2025-02-28T10:00:00Z"},
		{"rfc1123 numeric offset", "Fri, 28 Feb 2025 10:00:00 +0100", "2025-02-28T09:00:00Z"},
		{"rfc822 no day name", "28 Feb 2025 10:00:00 +0000", "2025-02-28T10:00:00Z"},
		{"rfc822 no seconds", "Fri, 28 Feb 2025 10:00 GMT", "2025-02-28T10:00:00Z"},
		{"rfc822 single digit day", "Sat, 1 Mar 2025 07:05:09 GMT", "2025-03-01T07:05:09Z"},
		{"missing space after comma", "Fri,28 Feb 2025 10:00:00 GMT", "2025-02-28T10:00:00Z"},
		{"no spaces in date", "Fri,28Feb2025 10:00:00 GMT", "2025-02-28T10:00:00Z"},
		{"zone glued to time", "Fri, 28 Feb 2025 10:00:00GMT", "2025-02-28T10:00:00Z"},
		{"full day and month names", "Friday, 28 February 2025 10:00:00 GMT", "2025-02-28T10:00:00Z"},
		{"no comma after day name", "Fri 28 Feb 2025 10:00:00 -0500", "2025-02-28T15:00:00Z"},
		{"two digit year 20xx", "Fri, 28 Feb 25 10:00:00 GMT", "2025-02-28T10:00:00Z"},
		{"two digit year 19xx", "Thu, 31 Dec 99 23:59:59 GMT", "1999-12-31T23:59:59Z"},
		{"zone UT", "Fri, 28 Feb 2025 10:00:00 UT", "2025-02-28T10:00:00Z"},
		{"zone UTC", "Fri, 28 Feb 2025 10:00:00 UTC", "2025-02-28T10:00:00Z"},
		{"zone Z", "Fri, 28 Feb 2025 10:00:00 Z", "2025-02-28T10:00:00Z"},
		{"zone EST", "Fri, 28 Feb 2025 10:00:00 EST", "2025-02-28T15:00:00Z"},
		{"zone EDT", "Fri, 28 Feb 2025 10:00:00 EDT", "2025-02-28T14:00:00Z"},
		{"zone CST", "Fri, 28 Feb 2025 10:00:00 CST", "2025-02-28T16:00:00Z"},
		{"zone CDT", "Fri, 28 Feb 2025 10:00:00 CDT", "2025-02-28T15:00:00Z"},
		{"zone MST", "Fri, 28 Feb 2025 10:00:00 MST", "2025-02-28T17:00:00Z"},
		{"zone MDT", "Fri, 28 Feb 2025 10:00:00 MDT", "2025-02-28T16:00:00Z"},
		{"zone PST", "Fri, 28 Feb 2025 10:00:00 PST", "2025-02-28T18:00:00Z"},
		{"zone PDT", "Fri, 28 Feb 2025 10:00:00 PDT", "2025-02-28T17:00:00Z"},
		{"zone CET", "Fri, 28 Feb 2025 10:00:00 CET", "2025-02-28T09:00:00Z"},
		{"zone CEST", "Fri, 28 Feb 2025 10:00:00 CEST", "2025-02-28T08:00:00Z"},
		{"zone BST", "Fri, 28 Feb 2025 10:00:00 BST", "2025-02-28T09:00:00Z"},
		{"zone IST is India", "Fri, 28 Feb 2025 10:00:00 IST", "2025-02-28T04:30:00Z"},
		{"zone JST", "Fri, 28 Feb 2025 10:00:00 JST", "2025-02-28T01:00:00Z"},
		{"zone AEST", "Fri, 28 Feb 2025 10:00:00 AEST", "2025-02-28T00:00:00Z"},
		{"zone lower case", "Fri, 28 Feb 2025 10:00:00 pst", "2025-02-28T18:00:00Z"},
		{"military A per RFC 822", "Fri, 28 Feb 2025 10:00:00 A", "2025-02-28T11:00:00Z"},
		{"military M per RFC 822", "Fri, 28 Feb 2025 10:00:00 M", "2025-02-28T22:00:00Z"},
		{"military N per RFC 822", "Fri, 28 Feb 2025 10:00:00 N", "2025-02-28T09:00:00Z"},
		{"military Y per RFC 822", "Fri, 28 Feb 2025 10:00:00 Y", "2025-02-27T22:00:00Z"},
		{"GMT+hh:mm", "Fri, 28 Feb 2025 10:00:00 GMT+05:30", "2025-02-28T04:30:00Z"},
		{"GMT+hhmm", "Fri, 28 Feb 2025 10:00:00 GMT+0100", "2025-02-28T09:00:00Z"},
		{"UTC-h", "Fri, 28 Feb 2025 10:00:00 UTC-5", "2025-02-28T15:00:00Z"},
		{"offset with colon", "Fri, 28 Feb 2025 10:00:00 +01:00", "2025-02-28T09:00:00Z"},
		{"unknown zone treated as UTC", "Fri, 28 Feb 2025 10:00:00 XYZT", "2025-02-28T10:00:00Z"},
		{"parenthesised comment", "Fri, 28 Feb 2025 10:00:00 +0000 (UTC)", "2025-02-28T10:00:00Z"},
		{"javascript toString", "Fri Feb 28 2025 10:00:00 GMT+0100 (Central European Standard Time)", "2025-02-28T09:00:00Z"},
		{"asctime", "Fri Feb 28 10:00:00 2025", "2025-02-28T10:00:00Z"},
		{"unix date", "Fri Feb 28 10:00:00 UTC 2025", "2025-02-28T10:00:00Z"},
		{"us long form am", "February 28, 2025 10:00 AM", "2025-02-28T10:00:00Z"},
		{"us short form pm with zone", "Feb 28, 2025 3:45 PM EST", "2025-02-28T20:45:00Z"},
		{"twelve am is midnight", "Feb 28, 2025 12:15 a.m.", "2025-02-28T00:15:00Z"},
		{"ordinal day", "February 28th, 2025", "2025-02-28T00:00:00Z"},
		{"date only with month name", "28 February 2025", "2025-02-28T00:00:00Z"},
		{"month and year only", "Feb 2025", "2025-02-01T00:00:00Z"},
		{"rfc3339 Z", "2025-02-28T10:00:00Z", "2025-02-28T10:00:00Z"},
		{"rfc3339 offset", "2025-02-28T10:00:00+01:00", "2025-02-28T09:00:00Z"},
		{"rfc3339 fraction", "2025-02-28T10:00:00.123456789-02:00", "2025-02-28T12:00:00.123456789Z"},
		{"iso no seconds", "2025-02-28T10:00Z", "2025-02-28T10:00:00Z"},
		{"iso offset without colon", "2025-02-28T10:00:00+0100", "2025-02-28T09:00:00Z"},
		{"iso hour-only offset", "2025-02-28T10:00:00-05", "2025-02-28T15:00:00Z"},
		{"iso no zone is UTC", "2025-02-28T10:00:00", "2025-02-28T10:00:00Z"},
		{"iso lower case t and z", "2025-02-28t10:00:00z", "2025-02-28T10:00:00Z"},
		{"iso basic format", "20250228T100000Z", "2025-02-28T10:00:00Z"},
		{"iso basic date", "20250228", "2025-02-28T00:00:00Z"},
		{"w3cdtf year", "2025", "2025-01-01T00:00:00Z"},
		{"w3cdtf year-month", "2025-02", "2025-02-01T00:00:00Z"},
		{"w3cdtf date", "2025-02-28", "2025-02-28T00:00:00Z"},
		{"space separated", "2025-02-28 10:00:00", "2025-02-28T10:00:00Z"},
		{"space separated no seconds", "2025-02-28 10:00", "2025-02-28T10:00:00Z"},
		{"space separated with zone name", "2025-02-28 10:00:00 UTC", "2025-02-28T10:00:00Z"},
		{"space separated with offset", "2025-02-28 10:00:00 +0900", "2025-02-28T01:00:00Z"},
		{"space before iso offset", "2025-02-28T10:00:00 +01:00", "2025-02-28T09:00:00Z"},
		{"slashes", "2025/02/28 10:00:00", "2025-02-28T10:00:00Z"},
		{"european dotted", "28.02.2025 10:00", "2025-02-28T10:00:00Z"},
		{"german month", "28. Februar 2025 10:00 MEZ", "2025-02-28T09:00:00Z"},
		{"french month", "ven., 28 févr. 2025 10:00:00 +0100", "2025-02-28T09:00:00Z"},
		{"spanish with filler", "28 de febrero de 2025", "2025-02-28T00:00:00Z"},
		{"leap day", "Thu, 29 Feb 2024 12:00:00 GMT", "2024-02-29T12:00:00Z"},
		{"leap second clamps", "2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z"},
		{"hour 24 is next midnight", "2025-02-28T24:00:00Z", "2025-03-01T00:00:00Z"},
		{"surrounding whitespace", "  \n Fri, 28 Feb 2025 10:00:00 GMT \t", "2025-02-28T10:00:00Z"},

		{"empty", "", ""},
		{"words", "sometime last week", ""},
		{"february 31", "Fri, 31 Feb 2025 10:00:00 GMT", ""},
		{"not a leap year", "2025-02-29", ""},
		{"month 13", "2025-13-01", ""},
		{"zero date", "0000-00-00 00:00:00", ""},
		{"minute 60", "2025-02-28T10:60:00Z", ""},
		{"offset too large", "2025-02-28T10:00:00+25:00", ""},
		{"time only", "10:00:00", ""},
		{"unix timestamp", "1740736800", ""},
		{"trailing garbage after iso", "2025-02-28T10:00:00Z garbage!", ""},
		{"too long", "Fri, 28 Feb 2025 10:00:00 GMT" + string(make([]byte, 200)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Date(tt.in)
			if tt.want == "" {
				if ok {
					t.Fatalf("Date(%q) = %s, want no date", tt.in, got.Format(time.RFC3339Nano))
				}
				return
			}
			if !ok {
				t.Fatalf("Date(%q) found no date, want %s", tt.in, tt.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("Date(%q) location = %v, want UTC", tt.in, got.Location())
			}
			if s := got.Format(time.RFC3339Nano); s != tt.want {
				t.Errorf("Date(%q) = %s, want %s", tt.in, s, tt.want)
			}
		})
	}
}
