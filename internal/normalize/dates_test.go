package normalize

import (
	"testing"
	"time"
)

func TestDateFromLink(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name, link string
		want       time.Time
		ok         bool
	}{
		{"year month day slug", "https://blog.test/2025/02/28/slug/", day(2025, 2, 28), true},
		{"year month day html", "https://blog.test/2025/02/28/slug.html", day(2025, 2, 28), true},
		{"year month day end", "https://blog.test/2025/02/28", day(2025, 2, 28), true},
		{"single digits", "https://blog.test/2025/2/8/slug", day(2025, 2, 8), true},
		{"year month slug", "https://blog.test/2025/02/slug", day(2025, 2, 1), true},
		{"year month end", "https://blog.test/archive/2025/02/", day(2025, 2, 1), true},
		{"prefix path", "https://blog.test/en/posts/2024/12/31/x", day(2024, 12, 31), true},
		{"iso segment", "https://blog.test/posts/2025-02-28-slug/", day(2025, 2, 28), true},
		{"iso segment alone", "https://blog.test/2025-02-28", day(2025, 2, 28), true},
		{"relative link", "/2025/02/28/slug", day(2025, 2, 28), true},
		{"invalid day rejected", "https://blog.test/2025/02/30/slug", time.Time{}, false},
		{"leap day", "https://blog.test/2024/02/29/slug", day(2024, 2, 29), true},
		{"invalid month", "https://blog.test/2025/13/01/slug", time.Time{}, false},
		{"too old", "https://blog.test/1920/10/80/", time.Time{}, false},
		{"image size", "https://img.test/1920/1080/cat.jpg", time.Time{}, false},
		{"year only", "https://blog.test/2025/slug", time.Time{}, false},
		{"date in query ignored", "https://blog.test/p?d=/2025/02/28/", time.Time{}, false},
		{"date in fragment ignored", "https://blog.test/p#/2025/02/28/", time.Time{}, false},
		{"iso glued to text", "https://blog.test/2025-02-28abc", time.Time{}, false},
		{"no date", "https://blog.test/about", time.Time{}, false},
		{"empty", "", time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := DateFromLink(tc.link)
			if ok != tc.ok || !got.Equal(tc.want) {
				t.Errorf("DateFromLink(%q) = %v, %v; want %v, %v", tc.link, got, ok, tc.want, tc.ok)
			}
		})
	}
}
