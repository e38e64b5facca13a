//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// failingSources serves three sources that fail the common ways, each with
// the plain words its warning must give: a 404, a 410 that answers late
// (so the bar is drawn between warnings), and a closed port.
func failingSources(t *testing.T) (config string, want map[string]string) {
	t.Helper()
	missing := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(missing.Close)
	gone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(500 * time.Millisecond):
		case <-r.Context().Done():
		}
		w.WriteHeader(http.StatusGone)
	}))
	t.Cleanup(gone.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	config = fmt.Sprintf(`  - name: missing
    url: %s/feed
  - name: gone
    url: %s/feed
  - name: closed
    url: http://%s/feed
`, missing.URL, gone.URL, closed)
	return config, map[string]string{"missing": "404 Not Found", "gone": "410 Gone", "closed": "connection refused"}
}

// streams says which of the child's output streams are a terminal, and
// whether that terminal reports a size of 0x0, as script(1) gives when it
// has no terminal itself.
type streams struct {
	stdoutTTY, stderrTTY bool
	zeroSize             bool
}

// termOutput is what one run printed: on the terminal (both streams when
// both are on it), and on the streams that were pipes.
type termOutput struct {
	tty, stdout, stderr string
	code                int
}

// runOnTerminal runs the built binary with the chosen streams on a
// pseudo-terminal (120x30 unless s says 0x0), the others on pipes.
func runOnTerminal(t *testing.T, s streams, env []string, args ...string) termOutput {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	size := &pty.Winsize{Rows: 30, Cols: 120}
	if s.zeroSize {
		size = &pty.Winsize{}
	}
	if err := pty.Setsize(ptmx, size); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tributaryBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = tty
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if s.stdoutTTY {
		cmd.Stdout = tty
	}
	if s.stderrTTY {
		cmd.Stderr = tty
	}
	// A session of its own with the terminal as its controlling one, as a
	// shell would start it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close() // the child holds it now; reads end when the child exits
	read := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		_, _ = io.Copy(&b, ptmx) // ends with EIO once the child has gone
		read <- b.String()
	}()
	err = cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("run tributary %v: %v", args, err)
	}
	return termOutput{tty: <-read, stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// csi matches ANSI control sequences (colours, cursor moves, erases).
var csi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// screenLines splits terminal output into lines without control sequences
// or carriage returns.
func screenLines(out string) []string {
	var lines []string
	for l := range strings.Lines(out) {
		lines = append(lines, strings.TrimRight(csi.ReplaceAllString(l, ""), "\r\n"))
	}
	return lines
}

// barMarker matches the progress bar's "sources 2/4 [".
var barMarker = regexp.MustCompile(`sources +\d+/\d+ \[`)

// TestRunOnTerminal runs a run with three failing sources on a
// pseudo-terminal, as a newcomer would: every warning is a line of its own,
// in plain words, never on the progress bar's line, and the last line says
// where the feed was published.
func TestRunOnTerminal(t *testing.T) {
	sizes := []struct {
		name string
		s    streams
	}{
		{"120x30", streams{stdoutTTY: true, stderrTTY: true}},
		{"0x0 as under script without a terminal", streams{stdoutTTY: true, stderrTTY: true, zeroSize: true}},
	}
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) { checkRunOnTerminal(t, size.s) })
	}
}

func checkRunOnTerminal(t *testing.T, s streams) {
	dir := t.TempDir()
	extra, want := failingSources(t)
	site := newSite(t)
	cfg := writeConfig(t, dir, site.srv.URL, extra)
	out := runOnTerminal(t, s, []string{"TERM=xterm", "NO_COLOR="}, "-c", cfg, "run")
	if out.code != 0 {
		t.Fatalf("exit code %d\n%s", out.code, out.tty)
	}
	t.Logf("terminal:\n%q", out.tty)
	lines := screenLines(out.tty)
	warned := map[string]int{}
	bar := false
	for _, l := range lines {
		if barMarker.MatchString(l) {
			bar = true
		}
		if !strings.Contains(l, "WARN") {
			continue
		}
		if barMarker.MatchString(l) {
			t.Errorf("a warning shares its line with the progress bar: %q", l)
		}
		if !strings.HasPrefix(l, "WARN ") {
			t.Errorf("a warning does not start its line: %q", l)
		}
		for name, words := range want {
			if strings.HasPrefix(l, "WARN "+name+": ") {
				warned[name]++
				if !strings.Contains(l, words) {
					t.Errorf("warning for %s does not say %q: %q", name, words, l)
				}
			}
		}
	}
	for name := range want {
		if warned[name] != 1 {
			t.Errorf("source %s: %d warning lines, want 1", name, warned[name])
		}
	}
	if !bar {
		t.Error("no progress bar was drawn on the terminal")
	}
	var last string
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			last = l
		}
	}
	atom := filepath.Join(dir, "public", "atom.xml")
	if !strings.HasPrefix(last, "published ") || !strings.Contains(last, atom) || !strings.Contains(last, "3 sources failed") {
		t.Errorf("last line: got %q, want it to say what was published to %s and that 3 sources failed", last, atom)
	}
}

// TestNoEscapesOffTerminal checks that a stream which is not a terminal
// never gets an escape code, even when the other one is a terminal, and
// that TERM=dumb and --log-format turn them off on a terminal too.
func TestNoEscapesOffTerminal(t *testing.T) {
	dir := t.TempDir()
	extra, _ := failingSources(t)
	site := newSite(t)
	cfg := writeConfig(t, dir, site.srv.URL, extra)
	tests := []struct {
		name    string
		streams streams
		env     []string
		args    []string
		// where is the output that must be plain, and what it must hold
		where func(termOutput) string
		want  []string
	}{
		{"stderr a pipe: logfmt and the cron summary", streams{stdoutTTY: true}, nil, []string{"run", "--all"},
			func(o termOutput) string { return o.stderr },
			[]string{`level=WARN msg="Source failed" source=missing`, "tributary: ", " failed; ", "-> " + filepath.Join(dir, "public")}},
		{"stdout a pipe", streams{stderrTTY: true}, nil, []string{"sources"},
			func(o termOutput) string { return o.stdout }, []string{"!  missing"}},
		{"TERM=dumb", streams{stdoutTTY: true, stderrTTY: true}, []string{"TERM=dumb"}, []string{"run", "--all"},
			func(o termOutput) string { return o.tty }, []string{`level=WARN msg="Source failed" source=gone`}},
		{"--log-format json", streams{stdoutTTY: true, stderrTTY: true}, []string{"TERM=xterm"}, []string{"--log-format", "json", "run", "--all"},
			func(o termOutput) string { return o.tty }, []string{`"msg":"Source failed","source":"closed"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := runOnTerminal(t, tt.streams, tt.env, append([]string{"-c", cfg}, tt.args...)...)
			got := tt.where(out)
			if strings.Contains(got, "\x1b") {
				t.Errorf("escape codes in output that is not for a terminal:\n%q", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
		})
	}
}
