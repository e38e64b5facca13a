package publish

import (
	"strings"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// testFeed is a realistic merged feed: three sources (one failing, one
// local), six entries covering a duplicate with related copies, an entry
// without author, one without link, categories, an enclosure, and a title
// with markup characters and non-ASCII text.
func testFeed() Feed {
	substack := Source{
		Name:    "rainer-shea-substack",
		Title:   "Rainer Shea (Substack)",
		Link:    "https://rainershea.substack.com/",
		FeedURL: "https://rainershea.substack.com/feed",
		Updated: date("2025-02-28T15:00:00Z"),
		Status:  "ok",
		Tags:    []string{"socialism", "china"},
	}
	redSails := Source{
		Name:    "red-sails",
		Title:   "Red Sails",
		ID:      "tag:redsails.org,2019:feed",
		Link:    "https://redsails.org/",
		FeedURL: "https://redsails.org/feed/",
		Updated: date("2025-02-26T09:12:00Z"),
		Status:  "failing since 27 February 2025 (HTTP 503)",
		Tags:    []string{"theory"},
	}
	seeds := Source{
		Name:    "seeds",
		Updated: date("2025-02-20T08:00:00Z"),
		Status:  "ok",
	}
	longBody := "<p>When the United States moved to ban TikTok, millions of young Americans did not " +
		"go back to Instagram. They went to <em>Xiaohongshu</em> (小红书, “RedNote”), and found " +
		"Chinese workers of their own age asking about rent, wages and medical bills.</p>" +
		"<blockquote><p>“I pay $1,400 a month for a room,” one wrote. The replies were " +
		"disbelief &amp; arithmetic.</p></blockquote>" +
		"<p>The exchange did more to undo a decade of propaganda than any op-ed could. " +
		"<a href=\"https://communist.red/\">Read the full analysis</a>.</p>"
	return Feed{
		Title:       "Tributary river",
		Subtitle:    "Socialist writing on technology and China, merged from several blogs",
		ID:          "tag:tributary,2026:default-river",
		Author:      "Tributary",
		AuthorURI:   "https://river.example.org/about",
		AuthorEmail: "river@example.org",
		SelfURL:     "https://river.example.org/feeds/atom.xml",
		Link:        "https://river.example.org/feeds/",
		Updated:     date("2025-02-28T15:00:00Z"),
		Generator:   Generator{Name: "Tributary", Version: "0.1.0", URI: "https://github.com/tributary/tributary"},
		Hub:         "https://hub.example.org/",
		PrevArchive: "https://river.example.org/feeds/archive/3.xml",
		Sources:     []Source{substack, redSails, seeds},
		Entries: []Entry{
			{
				ID:         "tag:tributary,2026:rainer-shea-substack/why-rednote",
				Title:      "Workers of RedNote unite: “TikTok refugees” & the <Great Firewall> > the ban",
				Link:       "https://rainershea.substack.com/p/workers-of-rednote-unite",
				Related:    []string{"https://rainershea.blogspot.com/2025/02/workers-of-rednote-unite.html", "https://rainershea.substack.com/p/workers-of-rednote-unite"},
				Authors:    []string{"Rainer Shea"},
				Categories: []string{"China", "Social media", "China"},
				Published:  date("2025-02-28T14:05:00Z"),
				Updated:    date("2025-02-28T15:00:00Z"),
				Content:    longBody,
				Summary:    "<p>Why millions of Americans moved to 小红书.</p>",
				Source:     substack,
			},
			{
				ID:         "tag:tributary,2026:red-sails/the-virtual-factory-audio",
				Title:      "The Virtual Factory (audio edition)",
				Link:       "https://redsails.org/the-virtual-factory/",
				Authors:    []string{"Roderic Day"},
				Categories: []string{"Technology", "Audio"},
				Published:  date("2025-02-28T09:30:00Z"),
				Updated:    date("2025-02-28T09:30:00Z"),
				Content:    "<p>A reading of the 2021 essay on platforms as factories without walls.</p>",
				Source:     redSails,
				Enclosures: []Enclosure{{URL: "https://redsails.org/media/virtual-factory.mp3", Type: "audio/mpeg", Length: 48213571}},
			},
			{
				ID:        "tag:tributary,2026:rainer-shea-substack/appeal",
				Title:     "A note to subscribers",
				Link:      "https://rainershea.substack.com/p/a-note-to-subscribers",
				Published: date("2025-02-26T20:00:00Z"),
				Content:   "<p>Thank you for reading. Paid subscriptions keep this work going.</p>",
				Source:    substack,
			},
			{
				ID:        "tag:tributary,2026:seeds/004_9acc4ec51e49855b.txt",
				Title:     "Digital Leninism",
				Authors:   []string{"Joann Pittman"},
				Updated:   date("2025-02-20T08:00:00Z"),
				Content:   "<h2>Notes</h2><p>" + strings.Repeat("The party-state's use of data is older than the smartphone. ", 8) + "</p>",
				Source:    seeds,
				Published: time.Time{},
			},
			{
				ID:         "https://redsails.org/on-technology/",
				Title:      "On technology & the division of labour",
				Link:       "https://redsails.org/on-technology/",
				Authors:    []string{"Roderic Day", "Editors of Red Sails"},
				Categories: []string{"Theory"},
				Published:  date("2025-02-19T12:00:00Z"),
				Updated:    date("2025-02-19T12:00:00Z"),
				Summary:    "<p>An editor's introduction to four essays.</p>",
				Source:     redSails,
			},
			{
				ID:        "tag:tributary,2026:rainer-shea-substack/link-only",
				Title:     "Link: the TikTok ban, one month on",
				Link:      "https://rainershea.substack.com/p/tiktok-ban-one-month-on",
				Authors:   []string{"Rainer Shea"},
				Published: date("2025-02-19T07:45:00Z"),
				Source:    substack,
			},
		},
	}
}

// testHTMLOptions is what the golden page is rendered with.
func testHTMLOptions() HTMLOptions { return HTMLOptions{ExcerptRunes: 280} }
