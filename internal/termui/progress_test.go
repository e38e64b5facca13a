package termui

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a bytes.Buffer safe for mpb's goroutine and the test's.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var barLine = regexp.MustCompile(`^sources +(\d+)/(\d+) \[.*\]  (\d+) ok, (\d+) failed, (\d+) not modified  \d+\.\ds$`)

// TestProgressLogLines writes log lines while sources finish: each comes
// out whole, on a line of its own, and the last bar counts every outcome.
func TestProgressLogLines(t *testing.T) {
	var out lockedBuffer
	p := StartProgress(&out)
	outcomes := []Outcome{OutcomeOK, OutcomeFailed, OutcomeNotModified, OutcomeFailed, OutcomeOK}
	for i, o := range outcomes {
		if o == OutcomeFailed {
			fmt.Fprintf(p.Log(), "WARN source-%d: cannot reach it\n", i)
		}
		p.Step(i+1, len(outcomes), o)
	}
	p.Stop()
	fmt.Fprintln(p.Log(), "published 5 entries to public/atom.xml")

	var lines []string
	for l := range strings.Lines(out.String()) {
		lines = append(lines, strings.TrimSuffix(l, "\n"))
	}
	var warns, last []string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "WARN "):
			if strings.Contains(l, "sources ") {
				t.Errorf("log line shares the bar's line: %q", l)
			}
			warns = append(warns, l)
		case barLine.MatchString(l):
			last = barLine.FindStringSubmatch(l)
		case l != "published 5 entries to public/atom.xml":
			t.Errorf("unexpected line %q", l)
		}
	}
	if want := []string{"WARN source-1: cannot reach it", "WARN source-3: cannot reach it"}; strings.Join(warns, "|") != strings.Join(want, "|") {
		t.Errorf("log lines: got %q, want %q", warns, want)
	}
	if last == nil {
		t.Fatalf("no bar drawn:\n%s", out.String())
	}
	if got, want := strings.Join(last[1:], " "), "5 5 2 2 1"; got != want {
		t.Errorf("last bar (done total ok failed not-modified): got %s, want %s", got, want)
	}
	if l := lines[len(lines)-1]; l != "published 5 entries to public/atom.xml" {
		t.Errorf("last line: got %q, want the line written after Stop", l)
	}
}

// TestProgressStopTwice: Stop may be called again (cmd defers one for its
// error paths), and after it log lines go straight to the output.
func TestProgressStopTwice(t *testing.T) {
	var out lockedBuffer
	p := StartProgress(&out)
	p.Stop()
	p.Stop()
	fmt.Fprintln(p.Log(), "WARN after the bar")
	if !strings.HasSuffix(out.String(), "WARN after the bar\n") {
		t.Errorf("a line logged after Stop is not out at once: %q", out.String())
	}
}

// TestProgressStoppedEarly keeps the counts where an interrupted run left
// them, rather than showing the bar full.
func TestProgressStoppedEarly(t *testing.T) {
	var out lockedBuffer
	p := StartProgress(&out)
	p.Step(1, 4, OutcomeOK)
	p.Step(2, 4, OutcomeFailed)
	p.Stop()
	var last []string
	for l := range strings.Lines(out.String()) {
		if m := barLine.FindStringSubmatch(strings.TrimSuffix(l, "\n")); m != nil {
			last = m
		}
	}
	if last == nil {
		t.Fatalf("no bar drawn:\n%s", out.String())
	}
	if got, want := strings.Join(last[1:], " "), "2 4 1 1 0"; got != want {
		t.Errorf("last bar (done total ok failed not-modified): got %s, want %s", got, want)
	}
}
