package termui

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vbauerster/cupwriter"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// Outcome is what happened to one source, as the bar counts it.
type Outcome int

// The outcomes the bar counts.
const (
	OutcomeOK Outcome = iota
	OutcomeNotModified
	OutcomeFailed
)

// Progress is a one-line bar of the sources a run has fetched: done out of
// total, how many were ok, failed or not modified, and the time elapsed.
// Log lines written through Log print above it, never on it: mpb clears
// the bar, writes the line, and draws the bar again below.
type Progress struct {
	container *mpb.Progress
	bar       *mpb.Bar
	out       io.Writer

	ok, notModified, failed atomic.Int64
	start                   time.Time
	took                    atomic.Int64 // the elapsed time frozen by Stop, in nanoseconds

	mu          sync.Mutex
	done, total int  // as of the last Step
	stepped     bool // a source has finished
	stopped     bool // Stop was called: Log writes straight to out
}

// StartProgress draws the bar on out, a terminal. The total may grow as it
// becomes known; see Step.
func StartProgress(out io.Writer) *Progress {
	p := &Progress{out: out, start: time.Now()}
	// Auto refresh keeps the container drawing (and so flushing log lines)
	// even if out turns out not to be a terminal; the width is then the
	// line's, since there is no terminal to ask.
	p.container = mpb.New(mpb.WithConsoleWriter(sizedWriter{cupwriter.New(out, false)}), mpb.WithAutoRefresh(), mpb.WithWidth(100))
	p.bar = p.container.AddBar(0, mpb.BarWidth(30),
		mpb.PrependDecorators(decor.Name("sources "), decor.CountersNoUnit("%d/%d", decor.WCSyncWidth)),
		mpb.AppendDecorators(decor.Any(p.counts), decor.Any(p.elapsed)),
	)
	return p
}

// counts is the bar's "3 ok, 1 failed, 2 not modified".
func (p *Progress) counts(decor.Statistics) string {
	return fmt.Sprintf(" %d ok, %d failed, %d not modified", p.ok.Load(), p.failed.Load(), p.notModified.Load())
}

// elapsed is the bar's "  2.4s": mpb's own Elapsed decorator shows nothing
// for a bar that completes before its first frame.
func (p *Progress) elapsed(decor.Statistics) string {
	d := time.Duration(p.took.Load())
	if d == 0 {
		d = time.Since(p.start)
	}
	if d < time.Minute {
		return fmt.Sprintf("  %.1fs", d.Seconds())
	}
	return "  " + d.Round(time.Second).String()
}

// Step records one finished source: done of total so far, and its outcome.
func (p *Progress) Step(done, total int, o Outcome) {
	switch o {
	case OutcomeOK:
		p.ok.Add(1)
	case OutcomeNotModified:
		p.notModified.Add(1)
	case OutcomeFailed:
		p.failed.Add(1)
	}
	p.mu.Lock()
	p.stepped, p.done, p.total = true, done, total
	p.mu.Unlock()
	p.bar.SetTotal(int64(total), false)
	p.bar.SetCurrent(int64(done))
}

// Log is the writer for log lines: above the bar while it runs, straight
// to the terminal after Stop. Each Write should be whole lines.
func (p *Progress) Log() io.Writer { return logWriter{p} }

type logWriter struct{ p *Progress }

func (w logWriter) Write(b []byte) (int, error) {
	p := w.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return p.out.Write(b)
	}
	return p.container.Write(b)
}

// Stop completes the bar, leaves it where it stands when the run ended
// early (interrupted, or the database failed), or removes it when no source
// finished; then it waits until the bar is drawn for the last time, leaving
// the terminal to whatever is printed next.
func (p *Progress) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	p.took.Store(int64(max(time.Since(p.start), time.Nanosecond)))
	switch {
	case !p.stepped:
		p.bar.Abort(true)
	case p.done < p.total:
		p.bar.Abort(false)
	default:
		p.bar.SetTotal(-1, true)
	}
	p.container.Wait()
}

// sizedWriter is mpb's own console writer, with a size for terminals that
// report none: a pseudo-terminal that script(1) opens without a terminal of
// its own says 0x0, and mpb would then draw no bar at all.
type sizedWriter struct{ *cupwriter.Writer }

// GetTermSize is the terminal's size, or 80x24 when it reports zero.
func (w sizedWriter) GetTermSize() (width, height int, err error) {
	width, height, err = w.Writer.GetTermSize()
	if err == nil && (width <= 0 || height <= 0) {
		return 80, 24, nil
	}
	return width, height, err
}
