package aggregate

import (
	"testing"
	"time"

	"github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/store"
)

func TestDatePrecision(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		rec  store.Record
		want dates.Precision
	}{
		{"full rfc 822", store.Record{DateKnown: true, Published: at("2025-02-28T10:00:00Z"), RawPublished: "Fri, 28 Feb 2025 10:00:00 GMT"}, dates.Second},
		{"minute", store.Record{DateKnown: true, Published: at("2025-02-28T10:00:00Z"), RawPublished: "2025-02-28T10:00Z"}, dates.Minute},
		{"day only", store.Record{DateKnown: true, Published: at("2025-02-28T00:00:00Z"), RawPublished: "2025-02-28"}, dates.Day},
		{"month only", store.Record{DateKnown: true, Published: at("2025-02-01T00:00:00Z"), RawPublished: "Feb 2025"}, dates.Month},
		{"page date line", store.Record{DateKnown: true, Published: at("2025-02-28T00:00:00Z"), RawPublished: "Posted on February 28, 2025"}, dates.Day},
		{"from updated", store.Record{DateKnown: true, Published: at("2025-02-28T00:00:00Z"), RawPublished: "soon", RawUpdated: "2025-02-28"}, dates.Day},
		{"clamped future date is exact", store.Record{DateKnown: true, Published: at("2025-03-01T08:00:00Z"), RawPublished: "2030-01-01"}, dates.Second},
		{"link date", store.Record{DateKnown: true, Published: at("2025-02-01T00:00:00Z"), Link: "https://blog.test/2025/02/post"}, dates.Month},
		{"config year for a saved page", store.Record{DateKnown: true, Published: at("2021-01-01T00:00:00Z"), RawPublished: "2021"}, dates.Year},
		{"first seen", store.Record{Published: at("2025-02-28T00:00:00Z"), RawPublished: "2025-02-28"}, dates.Second},
		{"unexplained midnight", store.Record{DateKnown: true, Published: at("2025-02-28T00:00:00Z")}, dates.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := datePrecision(tc.rec); got != tc.want {
				t.Errorf("datePrecision = %v, want %v", got, tc.want)
			}
		})
	}
}
