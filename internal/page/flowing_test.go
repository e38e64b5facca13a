package page

import (
	"strings"
	"testing"
)

// TestFlowingParagraphs checks that a paragraph broken at source line
// breaks (ragged, not at a fixed width) is read as one block, while code,
// lists and menus stay one block per line.
func TestFlowingParagraphs(t *testing.T) {
	tests := []struct {
		name, text string
		blocks     int
	}{
		{"ragged prose", "Intro\n\nThe model specifies the conditions under which\nreads of a variable in one goroutine can be guaranteed to\nobserve values produced by writes to the same variable in a different goroutine.\n", 2},
		{"sentence per line", "Intro\n\nThis section gives a general overview of the approach and should suffice,\nand the memory model is specified more formally in the next section.\n", 2},
		{"code listing", "Intro\n\nq, err := harbour.Open(\"jobs.db\")\nif err != nil {\n    log.Fatal(err)\n}\n", 5},
		{"list", "Intro\n\n- first item of the list\n- second item of the list\n- third item\n", 4},
		{"menu column", "Intro\n\nHome\nGuides\nReference\nChangelog\n", 5},
		{"indented continuation", "Intro\n\nThe first line of a paragraph that goes on\n    into an indented line of code\n", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := textBlocks(tt.text)
			if len(got) != tt.blocks {
				texts := make([]string, len(got))
				for i, b := range got {
					texts[i] = b.text
				}
				t.Errorf("got %d blocks %q, want %d", len(got), strings.Join(texts, " | "), tt.blocks)
			}
		})
	}
}

// TestDocumentSectionsOneEntry checks that a document whose sections are
// set apart by subheads, code and definition lines gives one post, titled
// by the heading at the top, not by its first section's heading.
func TestDocumentSectionsOneEntry(t *testing.T) {
	para := func(s string) string {
		return s + " This sentence is here so that the paragraph is long enough to be read as prose by the reader, and it has the usual share of the words that join a sentence together."
	}
	text := strings.Join([]string{
		"Prev  Up  Home  Next",
		"The Queue Manual",
		"Introduction",
		para("The queue keeps its jobs in one file."),
		"Opening a queue",
		para("A queue is opened on a path."),
		"    q := open(\"jobs.db\")",
		"    defer q.Close()",
		"    q.Start(4)",
		"    q.Wait()",
		"Path",
		"    the file that holds the queue",
		"Workers",
		para("A worker takes the oldest waiting job."),
		"Closing",
		para("Close stops handing out jobs."),
	}, "\n\n")
	posts := SplitText(text)
	if len(posts) != 1 {
		t.Fatalf("got %d posts, want 1", len(posts))
	}
	if posts[0].Title != "The Queue Manual" {
		t.Errorf("title %q, want %q", posts[0].Title, "The Queue Manual")
	}
	body := strings.Join(posts[0].Paragraphs, "\n")
	for _, want := range []string{"one file", "opened on a path", "oldest waiting job", "stops handing out"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q", want)
		}
	}
}
