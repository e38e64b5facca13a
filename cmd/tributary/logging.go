package main

import (
	"io"
	"log/slog"
	"os"

	"golang.org/x/term"

	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/termui"
)

// Log formats for --log-format.
const (
	logAuto = "auto" // for people on a terminal, logfmt otherwise
	logText = "text" // logfmt, as slog's TextHandler writes it
	logJSON = "json" // one JSON object per line
)

func (e *env) checkLogFormat() error {
	switch e.logFormat {
	case "", logAuto, logText, logJSON:
		return nil
	}
	return usageError("--log-format %q: want auto, text or json", e.logFormat)
}

// terminal reports whether stderr is an interactive terminal that takes
// escape codes. Cron and systemd give no terminal; TERM=dumb asks for
// none.
func (e *env) terminal() bool {
	f, ok := e.stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb"
}

// human reports whether messages are for a person at a terminal: colour,
// plain words, a progress bar and a closing summary. An explicit
// --log-format says a program reads them.
func (e *env) human() bool {
	return (e.logFormat == "" || e.logFormat == logAuto) && e.terminal()
}

// logger is quiet under cron (warnings only), chattier with -v.
func (e *env) logger() *slog.Logger { return e.loggerTo(e.stderr) }

// loggerTo is logger writing to w (above a progress bar, for run).
func (e *env) loggerTo(w io.Writer) *slog.Logger {
	level := slog.LevelWarn
	if e.verbose {
		level = slog.LevelDebug
	}
	if e.quiet {
		level = slog.LevelError
	}
	return slog.New(e.handler(w, level, false))
}

// daemonLogger logs what a daemon's operator wants in the journal: each
// cycle and every problem, more with -v, with the time of each.
func (e *env) daemonLogger() *slog.Logger {
	level := slog.LevelInfo
	if e.verbose {
		level = slog.LevelDebug
	}
	if e.quiet {
		level = slog.LevelWarn
	}
	return slog.New(e.handler(e.stderr, level, true))
}

// handler builds the slog handler for the chosen format. A one-shot
// command's logfmt lines carry no time (cron's mail has it); JSON lines
// always do, for the shipper.
func (e *env) handler(w io.Writer, level slog.Level, withTime bool) slog.Handler {
	switch {
	case e.logFormat == logJSON:
		return slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})
	case e.human():
		return termui.NewHandler(w, termui.HandlerOptions{Level: level, Time: withTime,
			Color: os.Getenv("NO_COLOR") == "", Explain: explainFetch})
	}
	opts := &slog.HandlerOptions{Level: level}
	if !withTime {
		opts.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		}
	}
	return slog.NewTextHandler(w, opts)
}

// explainFetch puts a fetch error in plain words, with a hint.
func explainFetch(err error) (string, bool) {
	p, ok := fetch.Explain(err)
	if !ok {
		return "", false
	}
	return p.String(), true
}
