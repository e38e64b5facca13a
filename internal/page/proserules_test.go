package page

import (
	"strings"
	"testing"
)

// TestProseRules checks the block rules that keep an article whole: a
// stretch of short paragraphs is prose, a code line naming an address is
// not a link line, and a lone share or comment label is a control.
func TestProseRules(t *testing.T) {
	short := []string{
		"Then he answered, quickly and with some heat, that it was not his call and that he would not be the one to make it.",
		"She wrote back that it was, and that he had known it for a while now, as had all of them in the room that day.",
		"He did not reply to that, and the thread went quiet for a day or two while the others waited for one of them.",
		"When it came back, it was with an apology and a question about the plan, which nobody there could answer yet.",
	}
	long := strings.Repeat("This is the opening of the page, and it is a long paragraph of the kind that an article is made of. ", 3)
	menu := "Home | News | Sports | Weather | Travel\n\nAbout | Contact | Careers | Advertise\n\n"
	tests := []struct {
		name, text, block, wantRule string
		wantGood                    bool
	}{
		{"stretch of short paragraphs", long + "\n\n" + menu + strings.Join(short, "\n\n") + "\n\n" + menu, short[1], shortProseRule, true},
		{"one short paragraph between menus", long + "\n\n" + menu + short[0] + "\n\n" + menu, short[0], "near-prose between boilerplate", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := textBlocks(tt.text)
			vs := judgeBlocks(blocks)
			for i, b := range blocks {
				if b.text == tt.block {
					if (vs[i].class == classGood) != tt.wantGood || vs[i].rule != tt.wantRule {
						t.Errorf("got %v %q, want good=%v %q", vs[i].class, vs[i].rule, tt.wantGood, tt.wantRule)
					}
					return
				}
			}
			t.Fatalf("block %q not found", tt.block)
		})
	}
	lines := []struct {
		text           string
		strong, contrl bool
	}{
		{`fetch("https://api.example.org/submit.php", {`, false, false},
		{"https://example.org/a/long/path/to/a/page", true, false},
		{"(https://example.org/a/long/path/to/a/page)", true, false},
		{"Comment", true, true},
		{"Share", true, true},
		{"12 Comments", true, false},
	}
	for _, l := range lines {
		v := judgeBlocks([]block{{text: "An opening paragraph of the page."}, {text: l.text}})[1]
		if v.strong != l.strong || v.control != l.contrl {
			t.Errorf("%q: strong=%v control=%v (%s), want strong=%v control=%v", l.text, v.strong, v.control, v.rule, l.strong, l.contrl)
		}
	}
}
