package fullpost

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", nil},
		{"Don't panic — it's 42!", []string{"dont", "panic", "its", "42"}},
		{"café CAFÉ", []string{"café", "café"}},
		{"今日は雨", []string{"今", "日", "は", "雨"}},
		{"  ...  ", nil},
		{"'tis the ’season’", []string{"tis", "the", "season"}},
	}
	for _, tt := range tests {
		if got := words(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("words(%q) = %q, want %q", tt.text, got, tt.want)
		}
		// countWords is the allocation-free view of words.
		if got := countWords(tt.text, 1000); got != len(tt.want) {
			t.Errorf("countWords(%q) = %d, want %d", tt.text, got, len(tt.want))
		}
	}
	if got := countWords(prose(50), 10); got != 10 {
		t.Errorf("countWords stops at its limit: got %d, want 10", got)
	}
}
