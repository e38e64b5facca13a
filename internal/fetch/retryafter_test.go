package fetch

import (
	"math"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	tests := []struct {
		name string
		in   string
		want time.Duration
	}{
		{"empty", "", 0},
		{"seconds", "120", 2 * time.Minute},
		{"zero", "0", 0},
		{"padded", " 30 ", 30 * time.Second},
		{"negative", "-5", 0},
		{"plus sign", "+5", 0},
		{"fraction", "1.5", 0},
		{"garbage", "soon", 0},
		{"overflow", "99999999999999999999", math.MaxInt64},
		{"imf-fixdate", "Mon, 06 May 2024 07:10:09 GMT", 2 * time.Minute},
		{"rfc 850 date", "Monday, 06-May-24 07:09:09 GMT", time.Minute},
		{"asctime date", "Mon May  6 07:08:39 2024", 30 * time.Second},
		{"date in the past", "Mon, 06 May 2024 07:00:00 GMT", 0},
		{"date now", "Mon, 06 May 2024 07:08:09 GMT", 0},
		{"bad date", "Mon, 32 May 2024 07:00:00 GMT", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseRetryAfter(tt.in, now); got != tt.want {
				t.Errorf("ParseRetryAfter(%q): got %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "", "-1", "Mon, 06 May 2024 07:10:09 GMT", "99999999999999999999"} {
		f.Add(s)
	}
	now := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		if got := ParseRetryAfter(s, now); got < 0 {
			t.Errorf("ParseRetryAfter(%q): got negative %s", s, got)
		}
	})
}
