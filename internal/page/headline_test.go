package page

import "testing"

func TestHeadlineShaped(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Night buses return to the harbour towns after a decade away", true},
		{"Manhole Fires and Burst Pipes: How Winter Wreaks Havoc on What’s Underneath N.Y.C.", true},
		{"Is the four-day week here to stay?", true},
		{"'What is the sea telling us?': harbour towns fear for their whales", true},
		{"“Stop!”: the night bus that would not wait", true},
		{"LWN.net Weekly Edition for March 26, 2015", true},
		{"[d9dd6f61-b]", false},
		{"(BUTTON) Log In", false},
		{"Last Updated: January 7, 2025", false},
		{"Dan Goodin - Apr 16, 2015 8:02 pm UTC", false},
		{"Jane Doe/Reuters", false},
		{"Photographs by Marwan Bassiouni", false},
		{"Photos and text by Jane Doe", false},
		{"Photographers by the harbour at night", true},
		{"Main image: Whale expert Hori Parata. Photograph: A. N. Other", false},
		{"Get the magazine delivered to your inbox", false},
		{"Gallery: Xbox One X | 14 Photos", false},
		{"History[edit]", false},
		{"The Honest Sorcerer's avatar", false},
		{"A long sentence that ends like prose does.", false},
		{"lower-case start of a wrapped line", false},
	}
	for _, tt := range tests {
		b := block{text: tt.line, lines: 1}
		if got := headlineShaped(b, judgeAlone(tt.line, true)); got != tt.want {
			t.Errorf("headlineShaped(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestRepeatedOnPage(t *testing.T) {
	blocks := func(texts ...string) []block {
		var bs []block
		for _, t := range texts {
			bs = append(bs, block{text: t, lines: 1})
		}
		return bs
	}
	tests := []struct {
		name   string
		blocks []block
		want   bool
	}{
		{"title line with site", blocks("Night buses return - Harbour Courier", "Night buses return"), true},
		{"section and headline", blocks("Cities|Night buses return", "Night buses return"), true},
		{"same line twice", blocks("Night buses return", "Night buses return"), true},
		{"colon halves are one headline", blocks("The Open Project: Better Student Journalism", "Better Student Journalism"), false},
		{"once only", blocks("Something else entirely", "Night buses return"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := repeatedOnPage(tt.blocks, len(tt.blocks)-1); got != tt.want {
				t.Errorf("repeatedOnPage = %v, want %v", got, tt.want)
			}
		})
	}
}
