package dedupe

import (
	"slices"
	"strings"
	"testing"
)

// Paragraphs of a made-up post, long enough to compare, and lines that
// platforms and authors add around posts.
var (
	body = []string{
		"The ferry to the island stops running for the winter on Sunday, so yesterday I took the last afternoon crossing with a flask of tea and no particular plan.",
		"I walked the coast path to the lighthouse and back and saw nobody except a man repainting a rowing boat who said the seals had gone round to the far side.",
		"On the way back the light went gold and then pink and the water turned the colour of pewter, and I nearly missed the return sailing watching a heron.",
		"See you in the spring, island, and thank you to the crew who kept the boat running all through the storms of October.",
	}
	other = []string{
		"The bees came through the winter, all three colonies, which is the first time that has happened since I started keeping them five years ago.",
		"The weakest colony went into autumn with a new queen and not much stored honey, so I fed it syrup through September and put fondant on in December.",
	}
	appeal = []string{
		"If you appreciate my work, please become a one-time or regular donor on Patreon; like most of us I am feeling the economic pressure and every pound helps me keep writing.",
		"To keep this platform going amid the censorship of dissenting voices, join my Telegram channel.",
	}
	header   = "Hello friends. A reminder that this newsletter is free and will stay free for everyone who reads it."
	trailer  = []string{"Thanks for reading Small Crossings! Subscribe for free to receive new posts and support my work.", "Share", "Leave a comment"}
	longLine = strings.Repeat("This closing paragraph of the author's own is far too long to be a line that a platform adds to a post. ", 3)
)

// paras normalises paragraphs the way Compare sees them.
func paras(ps ...[]string) []string {
	var out []string
	for _, p := range ps {
		out = append(out, paragraphs(strings.Join(p, "\n"))...)
	}
	return out
}

func TestTrimExtras(t *testing.T) {
	tests := []struct {
		name     string
		p, other []string
		want     []string
	}{
		{"platform trailer trimmed", paras(body, trailer), paras(body), paras(body)},
		{"each copy's own trailer trimmed", paras(body, []string{"Share"}), paras(body, []string{"The post Last ferry appeared first on Small Crossings."}), paras(body)},
		{"read more after an excerpt trimmed", paras(body[:2], []string{"Read more »"}), paras(body), paras(body[:2])},
		{"cross-post note before the whole text trimmed", paras([]string{"This was first published at Northfield Voices."}, body), paras(body), paras(body)},
		{"leading line kept when the rest starts elsewhere", paras([]string{"My short intro."}, body[1:]), paras(body), paras([]string{"My short intro."}, body[1:])},
		{"edited last paragraph kept", paras(body[:3], []string{body[3]}), paras(body[:3], []string{body[3] + " Back in April."}), paras(body)},
		{"end of a full text kept against its excerpt", paras(body, other), paras(body[:2], []string{"Read more"}), paras(body, other)},
		{"long paragraph kept", paras(body, []string{longLine}), paras(body), paras(body, []string{longLine})},
		{"more than maxExtras lines kept", paras(body, []string{"a", "b", "c", "d", "e"}), paras(body), paras(body, []string{"a", "b", "c", "d", "e"})},
		{"shared closing appeal is not an extra", paras(body, appeal), paras(other, appeal), paras(body, appeal)},
		{"identical texts unchanged", paras(body), paras(body), paras(body)},
		{"other empty", paras(body, trailer), nil, paras(body, trailer)},
		{"nothing but extras kept", paras([]string{"Share"}), paras(body), paras([]string{"Share"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := trimExtras(tt.p, tt.other); !slices.Equal(got, tt.want) {
				t.Errorf("trimExtras:\ngot  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestDistinctive(t *testing.T) {
	tests := []struct {
		name           string
		a, b           []string
		wantA, wantB   []string
		wantFramed     bool
		framedComments string
	}{
		{"identical texts leave nothing", paras(body), paras(body), nil, nil, false, "nothing left"},
		{"shared closing appeal removed", paras(body, appeal), paras(other, appeal), paras(body), paras(other), true, ""},
		{"shared header and appeal removed", paras([]string{header}, body, appeal), paras([]string{header}, other, appeal), paras(body), paras(other), true, ""},
		{"insertion leaves nothing on one side", paras(body), paras(body[:2], []string{"Thanks for reading! Subscribe for free."}, body[2:]),
			nil, paras([]string{"Thanks for reading! Subscribe for free."}), false, ""},
		{"excerpt leaves nothing on its side", paras(body[:2]), paras(body), nil, paras(body[2:]), false, ""},
		{"edited middle paragraph", paras(body), paras(body[:1], []string{strings.Replace(body[1], "rowing boat", "dinghy", 1)}, body[2:]),
			paras(body[1:2]), paras([]string{strings.Replace(body[1], "rowing boat", "dinghy", 1)}), false, "related remainders"},
		{"nothing shared at the ends", paras(body), paras(other), paras(body), paras(other), false, "no frame"},
		{"own texts too short to tell", paras([]string{header, "Short one.", body[3]}), paras([]string{header, "Another.", body[3]}),
			paras([]string{"Short one."}), paras([]string{"Another."}), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ga, gb := distinctive(tt.a, tt.b)
			if len(ga) != 0 || len(tt.wantA) != 0 {
				if !slices.Equal(ga, tt.wantA) {
					t.Errorf("distinctive a:\ngot  %q\nwant %q", ga, tt.wantA)
				}
			}
			if len(gb) != 0 || len(tt.wantB) != 0 {
				if !slices.Equal(gb, tt.wantB) {
					t.Errorf("distinctive b:\ngot  %q\nwant %q", gb, tt.wantB)
				}
			}
			if got := framed(tt.a, tt.b); got != tt.wantFramed {
				t.Errorf("framed = %v, want %v", got, tt.wantFramed)
			}
			if framed(tt.a, tt.b) != framed(tt.b, tt.a) {
				t.Error("framed is not symmetric")
			}
		})
	}
}

func TestSeriesTitles(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Building a kiln, part 1", "Building a kiln, part 2", true},
		{"Picket line diary, day 3", "Picket line diary, day 4", true},
		{"Open Thread 214", "Open Thread 215", true},
		{"Top 10 tips", "Top 11 tips", true},
		{"Day 3", "Day 03", false},
		{"Issue #41", "Issue 41", false},
		{"Letters from Łódź, 1922–1939", "Letters from Lodz, 1922-1939", false},
		{"Links for 12 February 2026", "Links for 12 February 2026", false},
		{"Open thread", "Open thread 213", false},
		{"Weekly links", "Weekly links", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			if got := seriesTitles(tt.a, tt.b); got != tt.want {
				t.Errorf("seriesTitles(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	full := strings.Join(append(append([]string{}, body...), other...), "\n")
	doc := func(title string, ps ...[]string) Doc {
		var lines []string
		for _, p := range ps {
			lines = append(lines, p...)
		}
		return Doc{Title: title, Text: strings.Join(lines, "\n")}
	}
	tests := []struct {
		name   string
		a, b   Doc
		same   bool
		reason string // a prefix of the verdict's reason
	}{
		{"no text", Doc{Title: "Photo"}, Doc{Title: "Photo"}, false, "no text"},
		{"identical short texts never merge", doc("Note", []string{"Back next week, after the holidays, with more posts."}),
			doc("Note", []string{"Back next week, after the holidays, with more posts."}), false, "too little text"},
		{"identical long texts", doc("Last ferry", body), doc("Something else", body), true, "same text"},
		{"platform trailer", doc("Last ferry", body, trailer), doc("Last ferry", body), true, "same text"},
		{"numbered titles veto identical texts", doc("Open thread 1", body), doc("Open thread 2", body), false, "titles number"},
		{"excerpt under the same title", doc("Last ferry", body[:2], []string{"Read more"}), Doc{Title: "Last ferry", Text: full}, true, "one text is the start"},
		{"excerpt under another title", doc("Last ferry", body[:2], []string{"Read more"}), Doc{Title: "Bees", Text: full}, false, "different text"},
		{"shared appeal, different posts", doc("Last ferry", body, appeal), doc("Last ferry", other, appeal), false, "different texts inside"},
		{"different texts", doc("Last ferry", body), doc("Last ferry", other), false, "different text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Compare(tt.a, tt.b, Sign(tt.a.Text), Sign(tt.b.Text))
			if v.Same != tt.same || !strings.HasPrefix(v.Reason, tt.reason) {
				t.Errorf("Compare = same %v, %q; want same %v, %q...", v.Same, v.Reason, tt.same, tt.reason)
			}
			if r := Compare(tt.b, tt.a, Sign(tt.b.Text), Sign(tt.a.Text)); r != v {
				t.Errorf("Compare is not symmetric:\n%+v\n%+v", v, r)
			}
		})
	}
}
