package page

import (
	"github.com/tributary/tributary/internal/htmltext"
	"strings"
	"testing"
)

func TestSplitText(t *testing.T) {
	long := func(s string) string {
		return s + " " + strings.Repeat("The rest of the paragraph goes on in the same vein for a while. ", 3)
	}
	type want struct {
		title   string
		date    string // YYYY-MM-DD or ""
		author  string
		paras   int
		removed []string
	}
	tests := []struct {
		name string
		text string
		want []want
	}{
		{
			name: "single titled post",
			text: "Notes on Sourdough\n\n" + long("Flour, water and salt are all it takes.") + "\n\n" + long("The starter needs feeding twice a day."),
			want: []want{{title: "Notes on Sourdough", paras: 2}},
		},
		{
			name: "numbered chapter over its table of contents",
			text: "Site Manual\n\n4. Working with the Garden Shed\n\nTable of Contents\n\n" +
				"4.1. Choosing a place\n4.2. Laying the base\n4.3. Raising the walls\n4.4. Fitting the roof\n\n" +
				long("This chapter explains how the shed goes up, from the ground to the roof.") + "\n\n" + long("Start with the base."),
			want: []want{{title: "4. Working with the Garden Shed", paras: 3,
				removed: []string{"Site Manual", "4.1. Choosing a place", "4.2. Laying the base", "4.3. Raising the walls", "4.4. Fitting the roof"}}},
		},
		{
			name: "a text save opening with the page title, echoed by the headline",
			text: "Laying the Base (Garden Shed Manual)\n\nNext: Raising the Walls, Up: Building   [Index]\n\n2.1 Laying the Base\n\n" +
				long("The base carries the whole shed, so it comes first.") + "\n\n" + long("Level the ground."),
			want: []want{{title: "2.1 Laying the Base", paras: 2,
				removed: []string{"Laying the Base (Garden Shed Manual)", "Next: Raising the Walls, Up: Building   [Index]"}}},
		},
		{
			name: "a section label between the headline and the byline",
			text: "Council Votes to Keep the Night Bus\n\nThe last route out of town survives another year, for now.\n\nTransport\n\nBy Jane Roe\n\nMarch 3, 2024\n\n" +
				long("The council voted on Tuesday to keep the night bus running.") + "\n\n" + long("Riders had campaigned for months."),
			want: []want{{title: "Council Votes to Keep the Night Bus", date: "2024-03-03", author: "Jane Roe", paras: 2,
				removed: []string{"The last route out of town survives another year, for now.", "Transport", "By Jane Roe"}}},
		},
		{
			name: "a subtitle under the author's header yields to the headline over it",
			text: "Menu\n\nThe Great Shed Debate\n\nJane Roe\n\nFollow\n\nOct 15, 2015 · 18 min read\n\nWhy nobody agrees about roofs\n\n" +
				long("Every shed owner has an opinion about roofs.") + "\n\n" + long("Most of them are wrong."),
			want: []want{{title: "The Great Shed Debate", date: "2015-10-15", author: "Jane Roe", paras: 2,
				removed: []string{"Menu", "Jane Roe", "Follow", "Oct 15, 2015 · 18 min read", "Why nobody agrees about roofs"}}},
		},
		{
			name: "a headline under the breadcrumb that names it",
			text: "• Home\n\n• Crafts\n\n• Garden\n\n1. Home\n\n2. Crafts\n\n3. How to Build a Birdhouse\n\nHow to Build a Birdhouse\n\nBy Lucy Doe\n\nCrafts Writer\n\n• Share\n\n• Tweet\n\nWas This Useful\n\n" +
				long("A birdhouse takes an afternoon and a few boards.") + "\n\n" + long("Cut the boards first."),
			want: []want{{title: "How to Build a Birdhouse", author: "Lucy Doe", paras: 2,
				removed: []string{"• Home", "• Crafts", "• Garden", "1. Home", "2. Crafts", "3. How to Build a Birdhouse", "By Lucy Doe", "Crafts Writer", "• Share", "• Tweet", "Was This Useful"}}},
		},
		{
			name: "generated documentation with permalink markers on its headings",
			text: "Shed Kit v2 documentation\n\nIndex\n\nRoof panels#\n\nStability: 2 - Stable\n\nSource Code: lib/roof.js\n\n" +
				long("The roof module fits the panels to the frame of the shed.") + "\n\nroof.fit(panel)#\n\n" + long("Fits one panel.") +
				"\n\nroof.seal()#\n\n" + long("Seals the joints."),
			want: []want{{title: "Roof panels", paras: 6,
				removed: []string{"Shed Kit v2 documentation", "Index", "Roof panels#", "Source Code: lib/roof.js"}}},
		},
		{
			name: "generated documentation whose prose starts in a later section",
			text: "Shed Kit v2 documentation\n\nIndex\n\nFloor plans#\n\nStability: 1 - Experimental\n\nUsage#\n\n" +
				long("Call the planner with the size of the shed.") + "\n\nplan.draw()#\n\n" + long("Draws the plan.") + "\n\nplan.print()#\n\n" + long("Prints it."),
			want: []want{{title: "Floor plans", paras: 6,
				removed: []string{"Shed Kit v2 documentation", "Index", "Floor plans#", "Usage#"}}},
		},
		{
			name: "a text save opening with the page title and no headline over the prose",
			text: "Night Buses Return to Town | The Daily Shed\n\n" + long("The night buses came back on Monday after a year away.") + "\n\n" + long("Riders were pleased."),
			want: []want{{title: "Night Buses Return to Town", paras: 2, removed: []string{"Night Buses Return to Town | The Daily Shed"}}},
		},
		{
			name: "untitled text gets a derived title",
			text: long("The committee met on Tuesday to discuss the new bus timetable.") + "\n\n" + long("Nobody liked it."),
			want: []want{{title: "The committee met on Tuesday to discuss the new bus timetable", paras: 2}},
		},
		{
			name: "one paragraph per line without blank lines",
			text: "A Short History of Lamps\n" + long("Oil came first.") + "\n" + long("Then gas.") + "\n" + long("Then electricity."),
			want: []want{{title: "A Short History of Lamps", paras: 3}},
		},
		{
			name: "three date groups, two posts in the first",
			text: "Monday, March 3, 2025\n\nFirst Post\n\n" + long("Body one.") + "\n\nSupport this blog by becoming a patron on my Patreon page, thank you.\n\nFollow me on the fediverse for updates.\n\nSecond Post\n\n" + long("Body two.") +
				"\n\nSupport this blog by becoming a patron on my Patreon page, thank you.\n\nFollow me on the fediverse for updates.\n\nFebruary 27, 2025\n\nThird Post\n\n" + long("Body three.") +
				"\n\nSupport this blog by becoming a patron on my Patreon page, thank you.\n\nFollow me on the fediverse for updates.\n\n20 Feb 2025\n\nFourth Post\n\n" + long("Body four.") +
				"\n\nSupport this blog by becoming a patron on my Patreon page, thank you.\n\nFollow me on the fediverse for updates.",
			want: []want{
				{title: "First Post", date: "2025-03-03", paras: 1, removed: []string{"Support this blog", "Follow me"}},
				{title: "Second Post", date: "2025-03-03", paras: 1, removed: []string{"Support this blog", "Follow me"}},
				{title: "Third Post", date: "2025-02-27", paras: 1, removed: []string{"Support this blog", "Follow me"}},
				{title: "Fourth Post", date: "2025-02-20", paras: 1, removed: []string{"Support this blog", "Follow me"}},
			},
		},
		{
			name: "title, byline and date above the body",
			text: "Home\n\nThe Harbour in Winter\n\nBy Ana Ruiz\n\nPosted on 3 March 2025\n\n" + long("Ice on the ropes.") + "\n\nShare this:\n\nAna Ruiz\n\nAna Ruiz is a photographer based in Bilbao.",
			want: []want{{title: "The Harbour in Winter", date: "2025-03-03", author: "Ana Ruiz", paras: 1,
				removed: []string{"Home", "By Ana Ruiz", "Share this:", "Ana Ruiz", "Ana Ruiz is a photographer"}}},
		},
		{
			name: "titles above their dates",
			text: "Post A\n\nJanuary 5, 2025\n\n" + long("Alpha.") + "\n\n" + long("More alpha.") + "\n\nPost B\n\nJanuary 3, 2025\n\n" + long("Beta."),
			want: []want{
				{title: "Post A", date: "2025-01-05", paras: 2},
				{title: "Post B", date: "2025-01-03", paras: 1},
			},
		},
		{
			name: "a short last line before a date header stays in its post",
			text: "March 5, 2025\n\nTuesday Notes\n\n" + long("Words.") + "\n\nSee you next week\n\nMarch 2, 2025\n\nSunday Notes\n\n" + long("More words."),
			want: []want{
				{title: "Tuesday Notes", date: "2025-03-05", paras: 2},
				{title: "Sunday Notes", date: "2025-03-02", paras: 1},
			},
		},
		{
			name: "section label above the title",
			text: "Latest News\n\nCouncil Approves the New Library\n\n" + long("The vote was unanimous."),
			want: []want{{title: "Council Approves the New Library", paras: 1, removed: []string{"Latest News"}}},
		},
		{
			name: "a short first line that is not a section label is the title",
			text: "Spring Planting\n\nWhat to sow in April\n\n" + long("Start with peas."),
			want: []want{{title: "Spring Planting", paras: 2}},
		},
		{
			name: "a single appeal at the end is kept",
			text: "Relief Work\n\n" + long("The flood reached the second floor.") + "\n\nYou can donate to the regional relief fund at any post office.",
			want: []want{{title: "Relief Work", paras: 2}},
		},
		{
			name: "appeal-like text before a repeated block is kept",
			text: "March 1, 2025\n\nOne\n\n" + long("A.") + "\n\nIf you can, please donate to the strike fund; the workers need it now.\n\nThis blog is reader-supported: subscribe to keep it going, it costs you nothing.\n\nMarch 2, 2025\n\nTwo\n\n" + long("B.") + "\n\nThis blog is reader-supported: subscribe to keep it going, it costs you nothing.",
			want: []want{
				{title: "One", date: "2025-03-01", paras: 2, removed: []string{"This blog is reader-supported"}},
				{title: "Two", date: "2025-03-02", paras: 1, removed: []string{"This blog is reader-supported"}},
			},
		},
		{
			name: "only clutter yields nothing",
			text: "Share this:\n\nTweet",
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			posts := SplitText(tt.text)
			if len(posts) != len(tt.want) {
				var titles []string
				for _, p := range posts {
					titles = append(titles, p.Title)
				}
				t.Fatalf("got %d posts %q, want %d", len(posts), titles, len(tt.want))
			}
			for i, w := range tt.want {
				p := posts[i]
				if p.Title != w.title {
					t.Errorf("post %d: got title %q, want %q", i, p.Title, w.title)
				}
				var gotDate string
				if p.Date != nil {
					gotDate = p.Date.Format("2006-01-02")
				}
				if gotDate != w.date {
					t.Errorf("post %d: got date %q, want %q", i, gotDate, w.date)
				}
				if p.Author != w.author {
					t.Errorf("post %d: got author %q, want %q", i, p.Author, w.author)
				}
				if len(p.Paragraphs) != w.paras {
					t.Errorf("post %d: got %d paragraphs %q, want %d", i, len(p.Paragraphs), p.Paragraphs, w.paras)
				}
				if len(p.Removed) != len(w.removed) {
					t.Errorf("post %d: got removed %q, want %d like %q", i, p.Removed, len(w.removed), w.removed)
					continue
				}
				for k, r := range w.removed {
					if !strings.HasPrefix(p.Removed[k], r) {
						t.Errorf("post %d: removed[%d] = %q, want it to start with %q", i, k, p.Removed[k], r)
					}
				}
			}
		})
	}
}

func TestTextBlocks(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{
			name: "hard-wrapped paragraph is joined",
			text: "This paragraph was wrapped by an editor at a fixed width of\nabout sixty characters, so its lines are all of similar length\nand the last one is short.\n\nNext.",
			want: []string{"This paragraph was wrapped by an editor at a fixed width of about sixty characters, so its lines are all of similar length and the last one is short.", "Next."},
		},
		{
			name: "adjacent short lines stay apart",
			text: "Share to Social Media\nJane Doe\n\nJane Doe is a writer.",
			want: []string{"Share to Social Media", "Jane Doe", "Jane Doe is a writer."},
		},
		{
			name: "list item continuation joins its item",
			text: "Steps:\n\n1. Open the valve and wait for the\n   pressure to settle.\n2. Close it.",
			want: []string{"Steps:", "1. Open the valve and wait for the pressure to settle.", "2. Close it."},
		},
		{
			// Wrapped with the targets in: cut, the lines are ragged,
			// and a target too long for a line pushed it short.
			name: "formatted save's paragraph wrapped around link targets is joined",
			text: "Tributary Museum shows Atlas Maps\n" +
				"<https://example.com/wiki/List_of_museum_exhibitions_by_year> Harbour Boats, Lantern\n" +
				"<https://example.com/wiki/Lantern> Festival Walks, River <https://example.com/h>\n" +
				"Trade Routes, Mill Works <https://example.com/wiki/Mill_works_of_the_town> Tours\n" +
				"and Town Hall <https://example.com/events> Concerts.\n\nNext.",
			want: []string{"Tributary Museum shows Atlas Maps Harbour Boats, Lantern Festival Walks, River Trade Routes, Mill Works Tours and Town Hall Concerts.", "Next."},
		},
		{
			// A target longer than the width ran its line past it; the
			// paragraph is wrapped all the same.
			name: "formatted save's paragraph with an unbreakable link target is joined",
			text: "Harbour Towns, Coastal Towns, Night Buses, Bay Ferries, Summer Timetables, Winter\n" +
				"Routes <https://example.com/wiki/List_of_the_coastal_towns_of_the_region_by_population_and_by_area_and_by_year_of_founding>, River Boats, Town\n" +
				"Halls, Market Squares <https://example.com/b>, Lighthouses <https://example.com/f>, Old\n" +
				"Harbours <https://example.com/bay>, Fishing Fleets <https://example.com/h>.\n\nNext.",
			want: []string{"Harbour Towns, Coastal Towns, Night Buses, Bay Ferries, Summer Timetables, Winter Routes, River Boats, Town Halls, Market Squares, Lighthouses, Old Harbours, Fishing Fleets.", "Next."},
		},
		{
			name: "CRLF and surrounding space",
			text: "  Title  \r\n\r\n  Body text.  \r\n",
			want: []string{"Title", "Body text."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := blockTexts(textBlocks(normaliseNewlines(tt.text)))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDeriveTitle(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"short sentence used whole", "The bus was late again. Nobody was surprised.", "The bus was late again"},
		{"abbreviation is not a sentence end", "The U.S. Senate voted on Tuesday. Then it rained.", "The U.S. Senate voted on Tuesday"},
		{"long sentence cut at a word with an ellipsis", "When the committee finally met to consider the long-delayed proposal for a new footbridge over the river, nobody came.", "When the committee finally met to consider the long-delayed proposal for a new…"},
		{"question kept", "Who owns the river? Nobody knows.", "Who owns the river?"},
		{"list marker dropped", "1. Check the roof first.", "Check the roof first"},
		{"one long word", strings.Repeat("a", 100), strings.Repeat("a", htmltext.MaxTitleRunes-1) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := deriveTitle(tt.in); got != tt.want {
				t.Errorf("deriveTitle(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRenderParagraphs(t *testing.T) {
	tests := []struct {
		name  string
		paras []string
		want  string
	}{
		{"escaping", []string{"a <b> & c"}, "<p>a &lt;b&gt; &amp; c</p>"},
		{"bare URLs", []string{"See https://example.com/a_(b). Or www.example.org, or pic.example.com/x1."},
			`<p>See <a href="https://example.com/a_(b)">https://example.com/a_(b)</a>. Or <a href="https://www.example.org">www.example.org</a>, or <a href="https://pic.example.com/x1">pic.example.com/x1</a>.</p>`},
		{"footnote markers stay text", []string{"As noted. [1]"}, "<p>As noted. [1]</p>"},
		{"numbered list", []string{"Intro:", "3. three", "4) four"}, "<p>Intro:</p>\n<ol start=\"3\"><li>three</li><li>four</li></ol>"},
		{"bullets", []string{"- a", "• b"}, "<ul><li>a</li><li>b</li></ul>"},
		{"a lone numbered line is a paragraph", []string{"1. Only one"}, "<p>1. Only one</p>"},
		{"subhead between paragraphs", []string{"First part ends here.", "The Second Part", "And it goes on with a longer paragraph of body text than a heading."},
			"<p>First part ends here.</p>\n<h2>The Second Part</h2>\n<p>And it goes on with a longer paragraph of body text than a heading.</p>"},
		{"a dash attribution is not a subhead", []string{"A quotation ends.", "— Somebody Famous", "And the text continues with more than sixty characters of body."},
			"<p>A quotation ends.</p>\n<p>— Somebody Famous</p>\n<p>And the text continues with more than sixty characters of body.</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderParagraphs(tt.paras); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
