package dedupe

import (
	"slices"
	"strings"
	"testing"
)

func TestIndex(t *testing.T) {
	post := strings.Repeat("The council voted seven to four to approve the protected bike lane on Harbour Road after a long night. ", 3) +
		"Construction starts next year if the regional funding is confirmed in the spring budget round."
	edited := strings.Replace(post, "next year", "the year after", 1)
	other := "Our bees came through the winter, all three colonies, thanks to a mild February and a lot of fondant on the crown board."
	ix := NewIndex()
	ix.Add(1, Sign(post))
	ix.Add(2, Sign(other))
	ix.Add(3, Sign(post)) // an exact copy under another id
	ix.Add(4, Sign(""))   // no text: no bands, never a candidate
	tests := []struct {
		name string
		text string
		want []int64
	}{
		{"edited copy finds both copies, sorted, once each", edited, []int64{1, 3}},
		{"unrelated text", other, []int64{2}},
		{"empty text has no candidates", "", nil},
		{"text nobody has", "Sixty paperbacks bought by one man who plans to read them all in order from January onwards.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.Candidates(Sign(tt.text)); !slices.Equal(got, tt.want) {
				t.Errorf("Candidates = %v, want %v", got, tt.want)
			}
		})
	}
}
