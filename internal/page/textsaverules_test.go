package page

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// textSaveProse is a few paragraphs of an article's prose, about night
// buses, for the text-save rules below.
var textSaveProse = strings.Join([]string{
	"The night buses that once ran between the harbour towns are coming back this winter, after a decade in which the last service left at eleven.",
	"The council says the buses will run every forty minutes on weekdays and every twenty at weekends, when the harbour bars close late and the trains have stopped.",
	"Drivers were hard to find at first, but the new timetable pays a night rate, and the depot now has more applicants than it has buses to give them.",
	"Residents who work late shifts at the hospital and the port say the night buses will save them a long walk or an expensive taxi home.",
}, "\n\n")

// TestTextSaveTitle checks which line a text save's single article takes
// as its title.
func TestTextSaveTitle(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{
			// The date under the byline closes the headline's header;
			// the heading under the date is the first section's.
			name: "section heading under the header's date",
			text: "Harbour Courier\n\nSign in\n\n\n  Night buses return to the harbour towns this winter\n\n" +
				"Jane Doe\n\nJane Doe\nFollow\n\nOct 18, 2019\n\n· 8 min read\n\n\n  Why night buses matter\n\n" + textSaveProse + "\n",
			want: "Night buses return to the harbour towns this winter",
		},
		{
			// The save opens with the <title>; a comment count sits
			// between the headline (an exclamation) and the text.
			name: "exclamation headline over a comment count",
			text: "Buses are back! ✩ Harbour Courier – the town's paper\n\nSkip to content\n\nharbour.example.org Home\n\nGo\n\nHome\n\nArticles\n\nDemos\n\n" +
				"Buses are back!\n\nOlder Article\nNewer Article\non March 10, 2015by Jane Doe\nin Featured ArticleTransportTowns\n2 comments\n\n" + textSaveProse + "\n",
			want: "Buses are back!",
		},
		{
			// A menu's last line over the headline is no headline with
			// a standfirst: the page repeats the headline, not it.
			name: "repeated headline under a menu line",
			text: "Harbour Courier\n\n  •\n    Sign In\n    ━━━━━━━━━━━━━━━━━━━━\n    Join\n  •\n\nPlaces near me Random place\n\n" +
				"Night buses return to the harbour towns\n\nby Jane Doe July 10, 2015\n   \n \nNight buses return to the harbour towns\n \n \n" +
				"Copy Link Facebook Twitter Reddit Flipboard Pocket\n\n[XzI3MDB2MS](All photos: Courier staff)\n\n" + textSaveProse + "\n",
			want: "Night buses return to the harbour towns",
		},
		{
			// The save opens with "Subject - Site"; the subject alone
			// heads the page, an infobox and a contents list below it.
			name: "one-word subject echoing the opening line",
			text: "Tributary - Encyclopedia\n\nTributary\n\nFrom the free encyclopedia\n\n" +
				"This article is about the feed reader. For the river, see the article on rivers and their many tributaries.\n\n" +
				"Founder\tHarbour Software\n\nWritten in\tGo\n\nLicense\tMIT\n\nContents\n\n1 History\n\n2 Design\n\n3 Reception\n\n" +
				"Tributary is a feed reader that a small group of volunteers started in 2019, and it has been used by many readers in the harbour towns since then, as the night buses have.\n\n" +
				"The first version of Tributary read only feeds, but later versions also read saved pages and the text that browsers save, which the volunteers had long wanted to do.\n\n" +
				"Today Tributary is maintained by a foundation, which pays for its servers and for the work of two of its maintainers, and which meets twice a year in the town hall.\n",
			want: "Tributary",
		},
		{
			// "This Blog", a search box's label said twice, is no
			// author's name making the blog's name a headline.
			name: "site label above the date is no author",
			text: "Harbour Developers Blog\n\nThis Blog\n\nThis Blog\n\n06 December 2016\n\nNight buses return to the harbour towns\n\n" +
				"/Posted by Jane Doe, Engineer on Transport/\n\n" + textSaveProse + "\n",
			want: "Night buses return to the harbour towns",
		},
		{
			// The sidebar's last link sits right above the headline.
			name: "longer line above a headline is no headline over its standfirst",
			text: "Jane Doe [RSS of Whole Site]\n\nContact\n\nArchive\n\nPowered by\n\nA Very Old Fork of the Static Site Generator Used for this site\n\n" +
				"On Night Buses\n\nTuesday 15 October 2019 by Jane Doe\n\n" + textSaveProse + "\n",
			want: "On Night Buses",
		},
		{
			// As lynx prints it: a button between the names, and one
			// between the date and the first section's heading.
			name: "section heading under the header's date, with buttons",
			text: "Harbour Courier\n\nSign in\n\nNight buses return to the harbour towns this winter\n\n" +
				"Jane Doe\n\nJane Doe\n\n(BUTTON) Follow\n\nOct 18, 2019 · 8 min read\n\n(BUTTON)\n\nWhy night buses matter?\n\n" + textSaveProse + "\n",
			want: "Night buses return to the harbour towns this winter",
		},
		{
			// The save sets the headline apart as the page's top
			// heading; it names fares and drivers the prose does not.
			name: "top heading naming what the prose does not",
			text: "Harbour Courier\n\n  * Home\n  * Latest\n\nLogin\n\n\n  Night buses: the cheapest ride anywhere, fares of two pounds, drivers wanted\n\n" +
				"// Jane Doe // Monday, February 29, 2016 @ 11:10 PM UTC\n\n" + textSaveProse + "\n",
			want: "Night buses: the cheapest ride anywhere, fares of two pounds, drivers wanted",
		},
		{
			// An online book as w3m prints it: the book's name and a
			// search box in the menu bar, then the chapter's short
			// heading. The heading is no author's name either.
			name: "chapter heading under a menu bar's search box (w3m)",
			text: "Keyboard shortcuts\n\nPress S or / to search in the book\n\n[ ]\n\n  • Auto\n  • Light\n\n" +
				"The Harbour Transport Handbook\n\n  \n[                    ]\n\nNight Buses\n\n" + textSaveProse + "\n",
			want: "Night Buses",
		},
		{
			// The same as lynx prints it: the search box is a run of
			// underscores.
			name: "chapter heading under a menu bar's search box (lynx)",
			text: "Keyboard shortcuts\n\n   Press S or / to search in the book\n\n   [ ]\n\n   (BUTTON)\n     * (BUTTON) Auto\n\n" +
				"The Harbour Transport Handbook\n\n   ____________________\n\nWhy Night Buses?\n\n" + textSaveProse + "\n",
			want: "Why Night Buses?",
		},
		{
			// The book's name speaks of what the prose does, and rates
			// better than a one-word heading: it is still the site's,
			// above the search box.
			name: "one-word chapter heading under a menu bar's search box",
			text: "Keyboard shortcuts\n\nPress S or / to search in the book\n\nPress Esc to hide this help\n\n[ ]\n\n  • Auto\n  • Light\n\n" +
				"The Harbour Transport Handbook\n\n[                    ]\n\nIntroduction\n\n" +
				"This handbook is about harbour transport: the night buses, the ferries and the trains that serve the harbour towns, and how the harbour transport board runs them.\n\n" +
				"Harbour transport began with the ferries, long before the night buses, and the handbook follows that order, from the first ferry to the last night bus of the harbour towns.\n\n" +
				textSaveProse + "\n",
			want: "Introduction",
		},
		{
			// A save that opens with the <title> "Chapter - Book": the
			// book's name and the chapter's heading, one over the
			// other, read like a byline's two names.
			name: "chapter heading under the book's name, both in the opening title",
			text: "Night Buses - The Harbour Transport Handbook\n\nKeyboard shortcuts\n\nPress S or / to search in the book\n\n" +
				"Auto\n\nLight\n\nThe Harbour Transport Handbook\n\nNight Buses\n\n" + textSaveProse + "\n",
			want: "Night Buses",
		},
		{
			// The same with a heading of three words, and prose that
			// names the book as often as the chapter.
			name: "chapter heading under the book's name rated better",
			text: "Harbour Transport Board - The Harbour Transport Handbook\n\nKeyboard shortcuts\n\nPress S or / to search in the book\n\n" +
				"Auto\n\nLight\n\nThe Harbour Transport Handbook\n\nHarbour Transport Board\n\n" +
				"The harbour transport board runs the harbour transport handbook's night buses, and the harbour board meets in the harbour town hall every month of the year.\n\n" +
				textSaveProse + "\n",
			want: "Harbour Transport Board",
		},
		{
			// A formatted save of an online book: the book's name and
			// its icon links in the menu bar, then the chapter's
			// heading, linked to its own anchor, which reads like a
			// name and rates worse than the book's.
			name: "self-anchored chapter heading under the book's name",
			text: "    Keyboard shortcuts\n\nPress S or / to search in the book\n\n  * Auto\n  * Light\n\n\n" +
				"  The Harbour Transport Handbook\n\n <https://example.org/print.html> <https://example.org/repo>\n\n\n" +
				"  Night Buses <https://example.org/night-buses.html#night-buses>\n\n" +
				"The harbour transport handbook tells of the harbour transport board and its night buses, and of the harbour towns the handbook's buses serve.\n\n" +
				textSaveProse + "\n\n <https://example.org/ferries.html>\n<https://example.org/trains.html>\n",
			want: "Night Buses",
		},
		{
			// lynx's horizontal rule is no search box: the document's
			// title stays above its first section.
			name: "document title over a rule and its first section (lynx)",
			text: "The Harbour Transport Handbook\n\n   " + strings.Repeat("_", 80) + "\n\nNight Buses\n\n" + textSaveProse + "\n",
			want: "The Harbour Transport Handbook",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			posts := SplitText(tt.text)
			if len(posts) != 1 {
				t.Fatalf("%d posts, want 1", len(posts))
			}
			if posts[0].Title != tt.want {
				t.Errorf("title %q, want %q", posts[0].Title, tt.want)
			}
		})
	}
}

// TestFormField checks the form fields text-mode browsers print.
func TestFormField(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"[                    ] Go", true},
		{"Email Address * [                                        ]", true},
		{"____________________ (BUTTON) Go", true},
		{"_______________________________________", false}, // lynx's rule
		{"[1] A footnote", false},
		{"Night buses return", false},
	}
	for _, tt := range tests {
		if got := isUILine(tt.line); got != tt.want {
			t.Errorf("isUILine(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestFieldAlone checks which lines are a text field and nothing else.
func TestFieldAlone(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"[                    ]", true},
		{"____________________", true},
		{"[ ]", false}, // a checkbox
		{"[                    ] Go", false},
		{strings.Repeat("_", 80), false}, // lynx's rule
		{"Night buses", false},
	}
	for _, tt := range tests {
		if got := fieldAlone(tt.line); got != tt.want {
			t.Errorf("fieldAlone(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestH1MarkedAtStart checks that a formatted save's opening heading is
// read as its top heading: Firefox writes no blank lines above the first
// line, so the two that set a heading apart elsewhere are not there.
func TestH1MarkedAtStart(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"  Tributary\n\nFrom the free encyclopedia\n", true},
		{"\n\n  Tributary\n\nFrom the free encyclopedia\n", true},
		{"Tributary\n\nFrom the free encyclopedia\n", false},    // not indented as a heading
		{"    Contents\n\nFrom the free encyclopedia\n", false}, // a lower level
	}
	for _, tt := range tests {
		if got := h1Marked(textBlocks(tt.text)[0]); got != tt.want {
			t.Errorf("h1Marked(first block of %q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestSectionGap checks which stretches between two runs of prose are a
// section of the article written in short pieces (see sectionGap).
func TestSectionGap(t *testing.T) {
	api := []string{
		"Dealing with bodies",
		"* ArrayBuffer", "* Blob", "* string", "* FormData",
		"https://example.org/docs/web/api/formdata/reference/index.html",
		"Both requests and responses may contain a body, and we have been glossing over it so far.",
		"* arrayBuffer()", "* blob()", "* json()", "* text()",
		"In addition, requests and responses both offer these methods to read what they hold.",
		"var form = new FormData(document.getElementById('login-form'));",
		"This is a significant improvement over the older interface in terms of how easy it is to use.",
	}
	related := []string{"1 | 2 | 3", "Next Page >", "Top Topics"}
	for i := 1; i <= 12; i++ {
		related = append(related, fmt.Sprintf("• %d. Topic number %d", i, i))
	}
	related = append(related, "Which sex is the worst about washing up? Why is it so important to do it well, and often?")
	dated := []string{"Another story entirely", "By Jane Doe", "March 3, 2024",
		"It is important to realise that this is a different story with a headline and a byline of its own."}
	comments := append([]string{"2 comments"}, api[1:]...)
	tests := []struct {
		name string
		gap  []string
		want bool
	}{
		{"an API's section of lists, code and sentences", api, true},
		{"a column of related links with a teaser", related, false},
		{"a headline with its byline", dated, false},
		{"a section boundary", comments, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var blocks []block
			for _, l := range append(append([]string{textSaveProse}, tt.gap...), textSaveProse) {
				blocks = append(blocks, block{text: l, lines: 1})
			}
			vs := judgeBlocks(blocks)
			if got := sectionGap(blocks, vs, 1, len(blocks)-2); got != tt.want {
				t.Errorf("sectionGap = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestHeadlineLikeWidgets checks that what a browser prints for a control
// or a picture is never a headline candidate.
func TestHeadlineLikeWidgets(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"History[edit]", false},
		{"[Docs] [txt|pdf] [Tracker] [Email] [Nits]", false},
		{"Gallery: Harbour towns | 14 Photos", false},
		{"[BUTTON Input] (not implemented)_____", false},
		{"Night buses return to the harbour towns", true},
		{"[Updated] Night buses return to the harbour towns", true},
	}
	for _, tt := range tests {
		b := block{text: tt.line, lines: 1}
		if got := headlineLike(b, judgeAlone(tt.line, true)); got != tt.want {
			t.Errorf("headlineLike(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestCommentsLink checks that a link to an article's comments with their
// count opens the comments below it, and that a "See also" heading opens
// the related links.
func TestCommentsLink(t *testing.T) {
	tests := []struct {
		line string
		stop bool
	}{
		{"View comments(27)", true},
		{"Show all comments (3)", true},
		{"12 Comments", true},
		{"View comments", false}, // a control, without the count
		{"Comments are what we read first", false},
		{"See also", true},
		{"See also: the harbour timetable", false},
	}
	for _, tt := range tests {
		if got := judgeAlone(tt.line, true).stop; got != tt.stop {
			t.Errorf("judgeAlone(%q).stop = %v, want %v", tt.line, got, tt.stop)
		}
	}
}

// TestSoleH1 checks which heading a formatted save singles out as the
// page's top one.
func TestSoleH1(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"one top heading", "Harbour Courier\n\n\n  Night buses return\n\n\n    You may also like\n\nText.\n", "Night buses return"},
		{"sections as top headings too", "Harbour Courier\n\n\n  Night buses return\n\nText.\n\n\n  Why it matters\n\nText.\n", ""},
		{"no top heading", "Harbour Courier\n\n\n    Night buses return\n\nText.\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := textBlocks(tt.text)
			got := ""
			if h := soleH1(blocks, judgeBlocks(blocks)); h >= 0 {
				got = blocks[h].text
			}
			if got != tt.want {
				t.Errorf("soleH1 = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestHistoricalDates checks that the dates of an encyclopedia's
// timeline, before the web, do not cut an article into dated posts.
func TestHistoricalDates(t *testing.T) {
	section := func(title string) string {
		return title + "\n\n" + textSaveProse + "\n\n"
	}
	text := "Harbour Towns\n\nFrom the free encyclopedia\n\nDominion\n\n26 September 1907\n\n" + section("Statute of Westminster adopted") +
		"25 November 1947\n\n" + section("Main article: History of the harbour towns") + section("Main article: Economy of the harbour towns")
	if posts := SplitText(text); len(posts) != 1 {
		var titles []string
		for _, p := range posts {
			titles = append(titles, p.Title)
		}
		t.Errorf("%d posts %q, want 1", len(posts), titles)
	}
}

// TestOnDateline checks a blog's "on DATE by NAME" header line.
func TestOnDateline(t *testing.T) {
	tests := []struct {
		line, raw, author string
		ok                bool
	}{
		{"on March 10, 2015 by Jane Doe", "March 10, 2015", "Jane Doe", true},
		{"Posted on 19 August 2024 by Jane Doe", "Posted on 19 August 2024", "Jane Doe", true},
		{"on the harbour by Jane Doe", "", "", false},
	}
	for _, tt := range tests {
		_, raw, author, ok := dateline(tt.line)
		if ok != tt.ok || raw != tt.raw || author != tt.author {
			t.Errorf("dateline(%q) = %q, %q, %v; want %q, %q, %v", tt.line, raw, author, ok, tt.raw, tt.author, tt.ok)
		}
	}
}

// TestBylineFollowsListItems checks a header that a text-mode browser
// laid out as a list.
func TestBylineFollowsListItems(t *testing.T) {
	tests := []struct {
		under []string
		want  bool
	}{
		{[]string{"* by: Jane Doe", "* From: Harbour Courier"}, true},
		{[]string{"* From: Harbour Courier", "* March 13, 2015"}, true},
		{[]string{"* Home", "* News"}, false},
	}
	for _, tt := range tests {
		blocks := []block{{text: "Night buses return to the harbour towns", lines: 1}}
		for _, u := range tt.under {
			blocks = append(blocks, block{text: u, lines: 1})
		}
		if got := bylineFollows(blocks, 0); got != tt.want {
			t.Errorf("bylineFollows over %q = %v, want %v", tt.under, got, tt.want)
		}
	}
}

// TestPersonName checks the lines read as a person's name alone.
func TestPersonName(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Jane Doe", true},
		{"The Honest Sorcerer", true},
		{"This Blog", false},
		{"About Us", false},
		{"Our Team", false},
		{"On Recent Controversial Events", false},
	}
	for _, tt := range tests {
		if got := personName(tt.line); got != tt.want {
			t.Errorf("personName(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestSharedDateHeader checks that the one date over a page does not make
// the stories under it, apart from each other, posts of an index: a date
// header dates the page, and only furniture of their own (a byline, "Read
// more", their own dates) sets posts apart.
func TestSharedDateHeader(t *testing.T) {
	long := strings.ReplaceAll(textSaveProse, ".\n\nThe council", ". The council")
	long = strings.ReplaceAll(long, "\n\n", " ")
	texts := []string{"Night buses return to the harbour towns", long, "Home | News | Sport", "About | Contact | Jobs", "Home | News | Sport", "About | Contact | Jobs",
		"Home | News | Sport", "Ferries will follow in the spring months", long}
	var blocks []block
	for _, x := range texts {
		blocks = append(blocks, block{text: x, lines: 1})
	}
	vs := judgeBlocks(blocks)
	d := time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC)
	posts := []Post{
		{Title: texts[0], RawDate: "March 3, 2024", Date: &d, first: 0, last: 6},
		{Title: texts[7], RawDate: "March 3, 2024", Date: &d, first: 7, last: 8},
	}
	if indexPage(posts, blocks, vs) {
		t.Error("two stories under one date header read as an index page")
	}
	posts[1].RawDate = "March 2, 2024"
	if !indexPage(posts, blocks, vs) {
		t.Error("two stories with dates of their own not read as an index page")
	}
}

// TestFigureLabels checks that a chart's labels printed as text leave the
// article, while a lone number in it stays.
func TestFigureLabels(t *testing.T) {
	parts := strings.Split(textSaveProse, "\n\n")
	text := "Night buses return to the harbour towns\n\n" + parts[0] + "\n\n$915\n\n600\n\n$263\n\n’17\n\n’18\n\n’19\n\n" +
		parts[1] + "\n\n2024\n\n" + parts[2] + "\n\n" + parts[3] + "\n"
	posts := SplitText(text)
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	got := strings.Join(posts[0].Paragraphs, "\n")
	for _, label := range []string{"$915", "’17"} {
		if strings.Contains(got, label) {
			t.Errorf("chart label %q kept: %q", label, posts[0].Paragraphs)
		}
	}
	if !strings.Contains(got, "\n2024\n") {
		t.Errorf("lone number dropped: %q", posts[0].Paragraphs)
	}
}

// TestRunClosingReachesNextRun checks that a story whose closing lines
// (a list-like line, short dialogue) reach into the next stretch of prose
// stays one article: the prose after its scene break is the story's too.
func TestRunClosingReachesNextRun(t *testing.T) {
	last := "By the spring the council had added a second route along the coast road, and the drivers said the passengers had started to greet them by name."
	later := "The first night bus left the depot at midnight with four passengers, and by the time it reached the harbour it had picked up twenty more."
	text := "Night buses return to the harbour towns\n\n" + textSaveProse + "\n\n" +
		"Buses, trams, ferries, taxis, bicycles, scooters: Harbour Transport Board, Timetable Office.\n\n" +
		"“Is it late?”\n\n“It is.”\n\nHe nodded.\n\n" + later + "\n\n******\n\n" + last + "\n"
	posts := SplitText(text)
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	got := posts[0].Paragraphs
	if len(got) == 0 || got[len(got)-1] != last {
		t.Errorf("prose after the scene break dropped: %q", got)
	}
}

// TestTeaser checks which blocks are another article's teaser: an
// excerpt ending in its "Read more" link.
func TestTeaser(t *testing.T) {
	long := strings.Repeat("The council says the buses will run every forty minutes on weekdays. ", 6)
	tests := []struct {
		name, text string
		want       bool
	}{
		{"headline and excerpt with its link", "Night buses return to the harbour towns The council says the buses will run every forty minutes. Read now", true},
		{"label glued to the excerpt", "Night buses return to the harbour townsThe council says the buses will run every forty minutes.Read now", true},
		{"excerpt cut short, label twice", "Buyer's remorse is a terrible thing, for brains and bank accounts alike. Before walking up to… Read more Read more", true},
		{"label and the link's target", "The council says the buses will run every forty minutes on weekdays. Read more <https://example.org/buses>", true},
		{"a column of teasers run together", "Buses return The council says the buses will run. Read now Trams return The council says the trams will run. Read now Ferries return The council says the ferries will sail. Read now", true},
		{"a whole paragraph over an unfolding button", long + "Read more", false},
		{"a lone label", "Read more", false},
		{"a sentence about reading", "Children in the harbour towns should read more, the council says, and so the buses will carry books.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := judgeAlone(tt.text, true)
			if got := strings.HasPrefix(v.rule, "teaser"); got != tt.want {
				t.Errorf("judgeAlone(%q) = %q, teaser %v, want %v", tt.text, v.rule, got, tt.want)
			}
		})
	}
}

// TestCutLinkTargets checks which printed link targets a formatted save's
// line loses.
func TestCutLinkTargets(t *testing.T) {
	tests := []struct {
		name, line, want string
		links            int
	}{
		{"a web link", "News <https://example.org/news> and more", "News and more", 1},
		{"share-by-email with an unencoded subject", "// // <mailto:?subject=Night buses return - Harbour Courier&body=I am sharing this article with you. Check it out!> //", "// // //", 1},
		{"an address in angle brackets", "write to <mailto:desk@example.org>", "write to", 1},
		{"no target", "Buses <are> back", "Buses <are> back", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, links, _, _ := cutLinkTargets(tt.line)
			if got != tt.want || links != tt.links {
				t.Errorf("cutLinkTargets(%q) = %q, %d links; want %q, %d", tt.line, got, links, tt.want, tt.links)
			}
		})
	}
}

// TestSelfAnchor checks which lines a formatted save printed as a heading
// linked to its own anchor: their words are no link's.
func TestSelfAnchor(t *testing.T) {
	tests := []struct {
		line      string
		self      bool
		linkWords int
	}{
		{"  Understanding Ownership <https://example.org/book/ch04.html#understanding-ownership>", true, 0},
		{"Night Buses: Why? <https://example.org/#night-buses-why>", true, 0},
		{"  * Installation <https://example.org/#installation>", false, 2}, // a table of contents' entry
		{"Night Buses <https://example.org/#timetable>", false, 2},
		{"Night Buses <https://example.org/night-buses>", false, 2},
		{"Night Buses <https://example.org/#night-buses> <https://example.org/share>", false, 2},
	}
	for _, tt := range tests {
		_, _, words, self := cutLinkTargets(tt.line)
		if self != tt.self || words != tt.linkWords {
			t.Errorf("cutLinkTargets(%q): self %v, %d link words; want %v, %d", tt.line, self, words, tt.self, tt.linkWords)
		}
	}
}

// TestTableBetweenProse checks that a table a save printed one cell a
// line, its rows headed by linked names, does not cut the article's run
// of prose in two, while a column of linked menu items still ends it.
func TestTableBetweenProse(t *testing.T) {
	parts := strings.Split(textSaveProse, "\n\n")
	after := "By the spring the council had added a second route along the coast road, and the drivers said the passengers had started to greet them by name on the way home."
	routes := []string{"Harbour", "Coast", "Hill", "Station", "Market", "Bridge"}
	table := []string{"Route", "Passengers", "Change"}
	menu := []string{"Contact <https://example.org/contact>"}
	for _, r := range routes {
		link := r + " <https://example.org/routes/" + strings.ToLower(r) + ">"
		table = append(table, link, "1,204", "+12%")
		menu = append(menu, link, link+" timetable")
	}
	tests := []struct {
		name string
		gap  []string
		want bool
	}{
		{"a table of figures", table, true},
		{"a column of links", menu, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "Night buses return to the harbour towns\n\n" + strings.Join(parts[:3], "\n\n") + "\n\n" +
				strings.Join(tt.gap, "\n\n") + "\n\n" + parts[3] + "\n\n" + after + "\n"
			blocks := textBlocks(text)
			vs := judgeBlocks(blocks)
			run := mainRun(proseRuns(blocks, vs), blocks, vs)
			if got := run.first == 1 && run.last == len(blocks)-1; got != tt.want {
				t.Errorf("run %d..%d of %d blocks: one run = %v, want %v", run.first, run.last, len(blocks), got, tt.want)
			}
		})
	}
}

// TestSentenceInArticleGap checks that a sentence between code lines and a
// control, in a gap the article's prose is joined across, stays the
// article's.
func TestSentenceInArticleGap(t *testing.T) {
	parts := strings.Split(textSaveProse, "\n\n")
	long := func(a, b string) string { return a + " " + b }
	sentence := "In the results you can see that the night buses carry more people at the weekend than they do on weekdays."
	text := "Night buses return to the harbour towns\n\n" + long(parts[0], parts[1]) + "\n\n" + long(parts[2], parts[3]) + "\n\n" +
		"SELECT route_name, count(trip_id) AS trips FROM night_trips GROUP BY route_name ORDER BY route_name;\n\n" + sentence + "\n\n" +
		"Print this article\n\n" +
		"SELECT route_name, max(fare_paid) AS top_fare, min(fare_paid) AS low_fare FROM night_fares GROUP BY route_name;\n\n" +
		"SELECT service_day, avg(fare_paid) AS mean_fare FROM night_fares GROUP BY service_day ORDER BY mean_fare DESC;\n\n" +
		long(parts[1], parts[0]) + "\n\n" + long(parts[3], parts[2]) + "\n"
	posts := SplitText(text)
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	if !slices.Contains(posts[0].Paragraphs, sentence) {
		t.Errorf("sentence in the gap dropped: %q", posts[0].Paragraphs)
	}
}

// TestPermalinkedSectionInGap checks that a generated document's section
// heading, printed with its link's and its permalink's targets, is the
// document's own furniture when it sits among code lines between two
// runs of prose: the code is kept.
func TestPermalinkedSectionInGap(t *testing.T) {
	parts := strings.Split(textSaveProse, "\n\n")
	long := func(a, b string) string { return a + " " + b }
	// A heading links back to the contents, then to itself.
	heading := func(h string) string {
		return h + " <https://example.org/doc#contents>¶ <https://example.org/doc#" + strings.ToLower(strings.ReplaceAll(h, " ", "-")) + ">"
	}
	text := heading("Night buses") + "\n\n" + long(parts[0], parts[1]) + "\n\n" + heading("The timetable") + "\n\n" +
		long(parts[2], parts[3]) + "\n\n" +
		"SELECT route_name, count(trip_id) AS trips FROM night_trips GROUP BY route_name ORDER BY route_name;\n\n" +
		"and then the fares:\n\n" +
		"SELECT route_name, max(fare_paid) AS top_fare, min(fare_paid) AS low_fare FROM night_fares GROUP BY route_name;\n\n" +
		"SELECT service_day, avg(fare_paid) AS mean_fare FROM night_fares GROUP BY service_day ORDER BY mean_fare DESC;\n\n" +
		heading("Example one: the harbour route") + "\n\n" + long(parts[1], parts[0]) + "\n\n" + long(parts[3], parts[2]) + "\n\n" +
		heading("Example two: the coast route") + "\n\n" + long(parts[0], parts[3]) + "\n\n" + heading("See also") + "\n"
	blocks := textBlocks(text)
	vs := judgeBlocks(blocks)
	run := mainRun(proseRuns(blocks, vs), blocks, vs)
	if run.first > 3 || len(run.gaps) > 0 {
		t.Errorf("run %d..%d, gaps %v: want one run from the first section, its code kept", run.first, run.last, run.gaps)
	}
}

// TestQuotedSentenceInShortParagraphs checks that a stretch of short
// paragraphs closing an article goes on across a quoted sentence whose
// names leave it few function words.
func TestQuotedSentenceInShortParagraphs(t *testing.T) {
	long := strings.ReplaceAll(textSaveProse, "\n\n", " ")
	short := []string{
		"Of the forty drivers who work the night routes, many learned the harbour roads from the drivers of the old service, who still drop by the depot.",
		"Drivers from the depot recently gathered around a bus in the yard to practise changing a wheel in the dark, as they may have to on the coast road.",
		"“Don’t rush it,” instructed Milton Velez, Harbour Transport’s depot supervisor for Queens.",
		"“I’m not,” Mr. Dejesus said as he tightened the last nut, and the others laughed and went back inside to the warm canteen for their tea.",
	}
	text := "Night buses return to the harbour towns\n\n" + long + "\n\n" + long + "\n\nWho drives the buses?\n\n" + strings.Join(short, "\n\n") + "\n\nShare this article\n\nMore from the Courier\n"
	blocks := textBlocks(text)
	vs := judgeBlocks(blocks)
	for i, b := range blocks {
		if b.text == short[3] && vs[i].class != classGood {
			t.Errorf("%q judged %q, want prose", b.text, vs[i].rule)
		}
	}
}

// TestSectionLabelHeadIsReplaced checks that a head of one or two words
// the page repeats (the section a story is filed under, also an item of
// the menu) gains nothing from the repetition: a headline of the prose's
// words under it replaces it.
func TestSectionLabelHeadIsReplaced(t *testing.T) {
	headline := "Night buses return to the harbour towns after a decade without them"
	text := "Harbour Courier\n\nSections\n\n* World\n\n* Business\n\n* Sports\n\nWorld\n\n" + headline + "\n\n" +
		"Get more news on\n\n*\n\n*\n\n*\n\n*\n\n*\n\n*\n\n" + strings.ReplaceAll(textSaveProse, "harbour towns", "harbour towns of the world") + "\n"
	blocks := textBlocks(text)
	vs := judgeBlocks(blocks)
	run := mainRun(proseRuns(blocks, vs), blocks, vs)
	label := slices.IndexFunc(blocks, func(b block) bool { return b.text == "World" })
	got := rescueHeadline(blocks, vs, run, label)
	if got < 0 || blocks[got].text != headline {
		t.Errorf("rescueHeadline kept block %d, want the headline %q", got, headline)
	}
}

// TestCommentThreadAfterFurnitureGap checks that a comment thread after
// the article is not joined to it across a gap of short lines that are
// no chrome by themselves (topic links, follow buttons a text-mode
// browser printed as list items).
func TestCommentThreadAfterFurnitureGap(t *testing.T) {
	comment := func(name, when, text string) string {
		return name + "\n\n" + when + "\n\n" + text + "\n\nReply\n\n"
	}
	text := "Night buses return to the harbour towns\n\n" + strings.ReplaceAll(textSaveProse, ".\n\n", ". ") + "\n\n" +
		"Topics of this story\n\n• Harbour towns\n\n• Night buses\n\n• Council\n\n" +
		"Harbour Courier cartoons, November 2017, Gallery, 21 Nov 2017, 6:17pm, Premium\n\n" +
		"Harbour Courier pictures of the day, 21 November 2017, Gallery, 21 Nov 2017, 7:03am, Premium\n\n" +
		"Follow the Courier\n\n• Follow on the radio\n\n• Follow in print\n\n" +
		comment("jdoe", "March 10, 2017 at 1:26 AM", "About time too. I have walked home from the late shift at the hospital for years, and the taxis along the coast road cost more than the shift pays.") +
		comment("rroe", "March 10, 2017 at 2:04 AM", "The buses were always half empty last time, and I do not see why it would be any different now that everyone drives to the harbour bars anyway.") +
		comment("tsmith", "March 10, 2017 at 9:40 AM", "My son drives for the depot and says the night rate is fair, though the coast road in winter is no fun at all for the drivers or the passengers.")
	posts := SplitText(text)
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	for _, p := range posts[0].Paragraphs {
		if strings.Contains(p, "About time too") {
			t.Errorf("comment kept as the article's: %q", posts[0].Paragraphs)
		}
	}
}

// TestRuleLineEndsNoLine checks that a horizontal rule w3m drew across
// the save's width stays a block of its own: the line above it does not
// run on into it, nor does it into the line below.
func TestRuleLineEndsNoLine(t *testing.T) {
	// The prose as w3m prints it, wrapped at 100 columns.
	var wrapped []string
	for _, para := range strings.Split(textSaveProse+"\n\n"+textSaveProse, "\n\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			if line != "" && len(line)+1+len(w) > 100 {
				wrapped = append(wrapped, line)
				line = ""
			}
			line = strings.TrimSpace(line + " " + w)
		}
		wrapped = append(wrapped, line, "")
	}
	rule := strings.Repeat("━", 100)
	text := "Register\ntake the tour\n" + rule + "\nThank you for supporting the Courier\n\n" +
		"Night buses return to the harbour towns\n\nPublished Thursday 27 July 2017\nBy Jane Doe\n" + strings.Join(wrapped, "\n")
	var got []string
	for _, b := range textBlocks(text) {
		got = append(got, b.text)
	}
	for _, want := range []string{"take the tour", rule, "Thank you for supporting the Courier"} {
		if !slices.Contains(got, want) {
			t.Errorf("no block %q in %q", want, got)
		}
	}
}

// TestTrailingBox checks that a box closing the article's run (a heading,
// short lines addressed to the reader, a form's button under them) is
// left out, while the article's own short closing section stays.
func TestTrailingBox(t *testing.T) {
	parts := strings.Split(textSaveProse, "\n\n")
	long := strings.Join(parts[:2], " ")
	other := strings.Join(parts[2:], " ")
	tests := []struct {
		name, tail, button string
		kept               bool
	}{
		{
			name: "an appeal with its form's button",
			tail: "Like it, share it!\n\nBecome a contributor!\n\nYour account is not approved yet.\n\n" +
				"To become a contributor, you must have written two articles.\n\nYou think you are ready? If so, send us a request.",
			button: "[ Send Your Request ]",
			kept:   false,
		},
		{
			name: "an appeal with lynx's button",
			tail: "Join the harbour club\n\nYou get the paper a day early, a seat at the quiz night and a say in what we write about next.\n\n" +
				"Membership costs two pounds a month, and you can leave whenever you like, without a phone call.",
			button: "(BUTTON) Join",
			kept:   false,
		},
		{
			name: "the article's closing section in short paragraphs",
			tail: "What comes next\n\nThe council will decide in March whether the night buses stay, after a winter of counting passengers.\n\n" +
				"The drivers hope it will say yes, and so do the nurses and the dockers who ride the last bus home.",
			button: "[Print]",
			kept:   true,
		},
		{
			name: "the article's closing section addressed to the reader",
			tail: "What comes next\n\nThe council will decide in March whether the night buses stay, after a winter of counting the passengers on every route, " +
				"and the drivers, the nurses and the dockers who ride the last bus home all hope that it will say yes.\n\n" +
				"If you ride the night buses, you can tell the council before the vote.",
			button: "[Print]",
			kept:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "Night buses return to the harbour towns\n\n" + long + "\n\n" + other + "\n\n" + tt.tail + "\n\n" + tt.button + "\n\nHome\n\nAbout\n\nContact\n"
			posts := SplitText(text)
			if len(posts) != 1 {
				t.Fatalf("%d posts, want 1", len(posts))
			}
			paras := posts[0].Paragraphs
			last := strings.Split(tt.tail, "\n\n")
			if got := slices.Contains(paras, last[len(last)-1]); got != tt.kept {
				t.Errorf("box kept = %v, want %v: %q", got, tt.kept, paras)
			}
		})
	}
}

// TestTeaserUnderBoundaryIsNoHeadline checks that the title of a post a
// sidebar lists under a section boundary ("Top Stories") above the
// article is no rescue for its headline, though the page repeats it and
// its words are the prose's.
func TestTeaserUnderBoundaryIsNoHeadline(t *testing.T) {
	teaser := "Night buses return to the harbour towns, and the late shifts cheer"
	headline := "Drivers found for the night routes at the depot"
	text := "Harbour Courier\n\nTop Stories\n\n" + teaser + "\n\nTop Stories\n\nFerry timetable changes for the winter\n\nTransport\n\n" +
		headline + "\n\n" + textSaveProse + "\n\nMore from the Courier\n\n" + teaser + "\n"
	blocks := textBlocks(text)
	vs := judgeBlocks(blocks)
	run := mainRun(proseRuns(blocks, vs), blocks, vs)
	label := slices.IndexFunc(blocks, func(b block) bool { return b.text == "Transport" })
	got := rescueHeadline(blocks, vs, run, label)
	if got >= 0 && blocks[got].text == teaser {
		t.Errorf("rescueHeadline chose the sidebar's teaser %q, want %q", teaser, headline)
	}
}

// TestShareRowItemsInHeader checks that a share row a save printed as a
// list, between the article's header and its first long paragraph, is
// the header's, not the article's text.
func TestShareRowItemsInHeader(t *testing.T) {
	long := strings.ReplaceAll(textSaveProse, "\n\n", " ")
	text := "Harbour Courier\n\nNight buses return to the harbour towns\n\n" +
		"The harbour towns get their night buses back, and the drivers are glad of the night rate\n\n" +
		"  * Share on Facebook\n  * Share on Twitter\n  * Share via Email\n\n" + long + "\n"
	posts := SplitText(text)
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	for _, p := range posts[0].Paragraphs {
		if strings.Contains(p, "Share on") || strings.Contains(p, "Share via") {
			t.Errorf("share row kept as the article's: %q", posts[0].Paragraphs)
			break
		}
	}
}

// TestDatedTwice checks which lines are a header's published-and-updated
// stamp: two dates and few other words.
func TestDatedTwice(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Thu 3 Jan 2019 02.00 EST Last modified on Wed 16 Jan 2019 06.16 EST", true},
		{"Published 3 Jan 2019, updated 16 Jan 2019", true},
		{"22 Dec, 201622 Dec, 2016", false}, // glued: one date the pattern sees
		{"Night buses ran from 3 Jan 2019 to 16 Jan 2019, when the council stopped them for lack of drivers and money.", false},
	}
	for _, tt := range tests {
		if got := headerWidget(tt.line); got != tt.want {
			t.Errorf("headerWidget(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestListShapedPostSections checks which gaps between two runs of a
// list-shaped post (a weekly report) are its own sections: list items of
// names and statements under short headings are, a menu's short labels
// are not.
func TestListShapedPostSections(t *testing.T) {
	long := func(s string) string {
		return "* " + s + " The council says the buses will run every forty minutes on weekdays and every twenty at weekends, when the harbour bars close late."
	}
	first := long("The night buses are back after a decade, and the first week went well.") + "\n\n" +
		long("Drivers were hard to find at first, but the new timetable pays a night rate.")
	section := "Friends of the depot\n\nFixed more than one timetable\n\n* Jane Doe [:jdoe]\n\n* John Roe [:jroe]\n\n* Ada\n\n" +
		"New drivers (★ = first shift)\n\n* ★ Tom Smith fixed route 12 timetable for Harbour Transport Board\n\n* ★ Mary Major moved stop 7 to the Harbour Transport Board office\n\n" +
		"* Bob Minor converted route 3 signs to Harbour Transport Board colours\n\n"
	menu := "Routes\n\n* Home\n\n* Buses\n\n* Trams\n\n* Ferries\n\n* About\n\n"
	second := long("By the spring the council had added a second route along the coast road.") + "\n\n" +
		long("The drivers said the passengers had started to greet them by name.")
	tests := []struct {
		name, gap string
		want      bool
	}{
		{"the post's own sections", section, true},
		{"a menu's labels", menu, false},
		{"a menu's labels over a sentence", menu + "Find your route on the map.\n\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "Night buses: this week at the depot\n\n" + first + "\n\n" + tt.gap + second + "\n"
			blocks := textBlocks(text)
			vs := judgeBlocks(blocks)
			// The runs of prose as a long page's items leave them: the
			// first two items and the last two, the gap between.
			n := len(blocks)
			a, b := span{first: 1, last: 2}, span{first: n - 2, last: n - 1}
			if got := listGap(blocks, vs, a, b, a.last+1, b.first-1); got != tt.want {
				t.Errorf("listGap = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestGalleryInsideArticle checks that a gallery of captioned slides set
// inside an article is left out, and that the article's prose after it
// is kept.
func TestGalleryInsideArticle(t *testing.T) {
	parts := strings.Split(textSaveProse, "\n\n")
	before := strings.Join(parts[:2], " ") + "\n\n" + strings.Join(parts[2:], " ")
	after := "By the spring the council had added a second route along the coast road, and the drivers said the passengers had started to greet them by name on the way home from the late shift, which they had not done in the years of the taxis."
	var slides []string
	captions := []string{"Ferries return", "Trams extended", "Port reopens", "Bridge repaired", "Market moves", "Station renamed"}
	for k, c := range captions {
		slides = append(slides, fmt.Sprintf("* %d/%d %s", k+1, len(captions), c),
			"The "+strings.ToLower(c)+" story of the week: the harbour board met on Tuesday and agreed the plans after a long debate, with the mayor and the unions in the room and the press outside in the rain.",
			"Getty Images")
	}
	text := "Night buses return to the harbour towns\n\n" + before + "\n\nBusiness news in pictures\n\n" + strings.Join(slides, "\n\n") + "\n\n" + after + "\n"
	posts := SplitText(text)
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	paras := posts[0].Paragraphs
	if !slices.Contains(paras, after) {
		t.Errorf("prose after the gallery dropped: %q", paras)
	}
	for _, p := range paras {
		if strings.Contains(p, "story of the week") {
			t.Errorf("gallery caption kept: %q", p)
			break
		}
	}
}

// TestCookieNotice checks which lines are a cookie banner: one asking for
// consent, or one only telling that the site uses cookies, while a
// longer text about cookies is a page's own.
func TestCookieNotice(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"We use cookies to enhance your visit to our site and to bring you advertisements that might interest you. Read our Privacy and Cookie Policies to find out more.", true},
		{"This website uses cookies to improve your experience.", true},
		{"We use cookies. Accept all or manage your preferences.", true},
		{"Browsers keep cookies for each site, and the council's new bus timetable site sets one to remember your stop.", false},
		{strings.Repeat("The council's privacy office explained how the timetable site works and which data it keeps for how long. ", 4) + "We use cookies only to remember your stop.", false},
	}
	for _, tt := range tests {
		if got := isUILine(tt.line); got != tt.want {
			t.Errorf("isUILine(%.60q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestVideoPlayerInsideArticle checks that an embedded video's player,
// saved as its controls one a line, does not cut the article in two: the
// prose above it stays the article's, the controls do not.
func TestVideoPlayerInsideArticle(t *testing.T) {
	parts := strings.Split(textSaveProse, "\n\n")
	first := strings.Join(parts[:2], " ")
	later := strings.Join(parts[2:], " ") + "\n\n" + strings.Join(parts[:2], " and, as the drivers say, ") + "\n\n" + strings.Join(parts[2:], " Meanwhile, ")
	player := []string{"Play Video", "Play", "Mute", "Current Time 0:00", "/", "Duration Time 0:00", "Loaded: 0%", "Progress: 0%",
		"Stream Type LIVE", "Remaining Time -0:00", "Share", "Playback Rate", "1", "Chapters", "Descriptions", "Subtitles",
		"captions settings, opens captions settings dialog", "Captions", "Fullscreen", "This is a modal window.",
		"Foreground", "Background", "Window", "Font Size", "Text Edge Style", "Font Family", "Defaults Done", "Close"}
	text := "Night buses return to the harbour towns\n\n" + first + "\n\n" + strings.Join(player, "\n\n") + "\n\n" + later + "\n"
	posts := SplitText(text)
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	paras := posts[0].Paragraphs
	if !slices.Contains(paras, first) {
		t.Errorf("prose above the player dropped: %q", paras)
	}
	if slices.Contains(paras, "Playback Rate") || slices.Contains(paras, "Mute") {
		t.Errorf("player's controls kept: %q", paras)
	}
}

// TestArticleRunsAcrossPlayerAndGallery checks that a video's player or a
// gallery inside an article, counters glued to the slides' titles as a
// tag-stripping save prints them, leaves one run of the article's prose:
// its parts are not several posts of an index page.
func TestArticleRunsAcrossPlayerAndGallery(t *testing.T) {
	parts := strings.Split(textSaveProse, "\n\n")
	long := strings.Join(parts, " ")
	player := "Play Video\n\nMute\n\nCurrent Time 0:00\n\nDuration Time 0:00\n\nLoaded: 0%\n\nProgress: 0%\n\nStream TypeLIVE\n\nPlayback Rate\n\n" +
		"* Chapters\n\n* descriptions off, selected\n\n* captions settings, opens captions settings dialog\n\nCaptions\n\nFullscreen\n\n" +
		"This is a modal window.\n\nForeground\n\nBackground\n\nWindow\n\nFont Size\n\nText Edge Style\n\nFont Family\n\nDefaults Done\n\nClose"
	var slides []string
	for k, c := range []string{"Ferries return", "Trams extended", "Port reopens", "Bridge repaired", "Market moves"} {
		slides = append(slides, fmt.Sprintf("%d/5%s", k+1, c), "The harbour board met on Tuesday and agreed the plans.", "Getty Images")
	}
	if _, _, ok := galleryCaptions(textBlocks(strings.Join(slides, "\n\n"))); !ok {
		t.Errorf("no gallery found in %q", slides)
	}
	tests := []struct{ name, gap string }{
		{"a video's player", player},
		{"a gallery", strings.Join(slides, "\n\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "Night buses return to the harbour towns\n\n" + long + "\n\n" + tt.gap + "\n\n" + strings.ReplaceAll(long, "night", "late") + "\n"
			blocks := textBlocks(text)
			vs := judgeBlocks(blocks)
			if runs := articleRuns(blocks, vs); len(runs) != 1 {
				t.Errorf("%d runs of the article, want 1: %v", len(runs), runs)
			}
		})
	}
}

// TestTeaserColumnIsNoShortProse checks that a column of other posts'
// titles, cut short with an ellipsis, is not promoted to prose as a
// stretch of short paragraphs, while short paragraphs that end their
// sentences are.
func TestTeaserColumnIsNoShortProse(t *testing.T) {
	teasers := []string{
		"* Night Bus Driver Speaks Out After Depot Row: \"There Are Many Sides to This…",
		"* Harbour Mayor And Council Leader Take Selfies on the Last Ferry, You Would Do the Same…",
		"* EXCLUSIVE: The Depot Gives An Interview To The Courier . . . And It BLASTS THE…",
		"* You Will Not Believe What The Night Bus Passengers Saw On The Coast Road Last…",
	}
	short := []string{
		"The drivers met at the depot on Monday and agreed to the new night rate after a short talk with the council.",
		"Some of them had driven the old night buses a decade ago and still knew all of the roads along the coast.",
		"Others had never driven at night, and the council is paying for their training at the depot this month.",
		"All of them say that the coast road in winter is the hardest part of the whole route, by a long way.",
	}
	teasers = append(teasers, "* Why The Harbour Towns Want Their Night Buses Back After A Decade Without…")
	tests := []struct {
		name  string
		paras []string
		want  bool
	}{
		{"titles cut short", teasers, false},
		{"short paragraphs", short, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "Night buses return\n\n" + strings.ReplaceAll(textSaveProse, "\n\n", " ") + "\n\nAdvertisement\n\nAround the harbour\n\n" +
				strings.Join(tt.paras, "\n\n") + "\n"
			blocks := textBlocks(text)
			vs := judgeBlocks(blocks)
			promoted := false
			for _, v := range vs {
				promoted = promoted || v.rule == shortProseRule
			}
			if promoted != tt.want {
				t.Errorf("promoted = %v, want %v", promoted, tt.want)
			}
		})
	}
}

// TestForeignHeadIsReplaced checks that a head sharing none of its words
// with the prose (a sign-up box's heading over the headline) gives way to
// a headline that speaks of the prose, while a head the save opens with,
// its <title>, stays.
func TestForeignHeadIsReplaced(t *testing.T) {
	headline := "Night buses return to the harbour towns this winter"
	tests := []struct {
		name, text, head, want string
	}{
		{
			name: "a sign-up box's heading",
			text: "Harbour Courier\n\nRegister for a free account\n\nSign up for a free Courier account to customise what you read.\n\n(BUTTON) Register\n\n" +
				headline + "\n\nPublished Thursday 27 July 2017 Published Thu 27 Jul 2017 By Jane Doe\n\n" + textSaveProse + "\n",
			head: "Register for a free account",
			want: headline,
		},
		{
			name: "the save's opening line",
			text: "Share buttons removal test\n\n" + headline + "\n\n" + textSaveProse + "\n",
			head: "Share buttons removal test",
			want: "Share buttons removal test",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := textBlocks(tt.text)
			vs := judgeBlocks(blocks)
			run := mainRun(proseRuns(blocks, vs), blocks, vs)
			head := slices.IndexFunc(blocks, func(b block) bool { return b.text == tt.head })
			got := rescueHeadline(blocks, vs, run, head)
			if got < 0 || blocks[got].text != tt.want {
				t.Errorf("rescueHeadline chose block %d, want %q", got, tt.want)
			}
		})
	}
}

// TestTeaserBoxOnItsLines checks that a teaser printed one part a line
// inside an article (another article's title, twice, its excerpt and its
// "Read now") is left out, while the article's paragraph over a "Read
// more" heading of a list of links stays.
func TestTeaserBoxOnItsLines(t *testing.T) {
	parts := strings.Split(textSaveProse, "\n\n")
	box := "Ferry timetable changes for the winter\n\nFerry timetable changes for the winter\n\nWhen do the ferries run? The new timetable has the answers.\n\nRead now"
	last := "The council will decide in March whether the night buses stay, and the drivers hope it will."
	text := "Night buses return to the harbour towns\n\n" + strings.Join(parts[:2], " ") + "\n\n" + box + "\n\n" + strings.Join(parts[2:], " ") + "\n\n" +
		last + "\n\nRead more\n\n* Ferries return to the harbour\n\n* Trams run late at weekends\n"
	posts := SplitText(text)
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	paras := posts[0].Paragraphs
	for _, p := range paras {
		if strings.Contains(p, "Ferry timetable") || strings.Contains(p, "new timetable has the answers") {
			t.Errorf("teaser kept: %q", paras)
			break
		}
	}
	if !slices.Contains(paras, last) {
		t.Errorf("paragraph over the list's heading dropped: %q", paras)
	}
}

// TestTeaserBoxInsideArticle checks that a box of other posts set inside
// an article ("Recommended", three titles with their authors and dates)
// does not cut the article's start off, while a comment section's
// boundary still does.
func TestTeaserBoxInsideArticle(t *testing.T) {
	parts := strings.Split(textSaveProse, "\n\n")
	start := strings.Join(parts[:2], " ")
	rest := strings.Join(parts[2:], " ") + "\n\n" + strings.Join(parts, " Meanwhile, ") + "\n\n" + strings.Join(parts[1:], " And ")
	box := "Ferry timetable changes for the winter\n\nJohn Roe\n\nJul 17, 2014\n\nTrams run late at weekends\n\nMary Major\n\nMar 9, 2018\n\n" +
		"The depot's new night shift\n\nTom Smith\n\nAug 23, 2017"
	tests := []struct {
		name, boundary string
		want           bool
	}{
		{"a box of other posts", "Recommended", true},
		{"comments", "Comments", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "Night buses return to the harbour towns\n\nEmail\n\nPrint\n\n" + start + "\n\n" + tt.boundary + "\n\n" + box + "\n\n" + rest + "\n"
			posts := SplitText(text)
			if len(posts) != 1 {
				t.Fatalf("%d posts, want 1", len(posts))
			}
			if got := slices.Contains(posts[0].Paragraphs, start); got != tt.want {
				t.Errorf("article's start kept = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestLikeThisFragment checks that WordPress's "Like this:" label is a
// share line, while the end of a sentence a text-mode browser broke off
// before a code listing ("... photos like this:") is not.
func TestLikeThisFragment(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Like this:", true},
		{"like this:", false},
	}
	for _, tt := range tests {
		if got := judgeAlone(tt.line, true).strong; got != tt.want {
			t.Errorf("judgeAlone(%q) strong = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestWithoutColumnTail checks which headlines lose a site's name that a
// text-mode browser set in a column of its own at the right.
func TestWithoutColumnTail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Night buses return to the harbour towns          Courier.example", "Night buses return to the harbour towns"},
		{"Night buses return to the harbour towns", "Night buses return to the harbour towns"},
		{"Demonym(s)              New Zealander", "Demonym(s)              New Zealander"},
		{"Route      Passengers      Change", "Route      Passengers      Change"},
	}
	for _, tt := range tests {
		if got := withoutColumnTail(tt.in); got != tt.want {
			t.Errorf("withoutColumnTail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
