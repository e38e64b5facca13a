// Package termui is what a person at a terminal sees: a colour log handler
// that puts a source's problem in plain words, and a progress bar that log
// lines print above rather than on. Cron and log shippers never get it:
// cmd chooses this package only when stderr is a terminal.
package termui

import (
	"context"
	"io"
	"log/slog"
	"strings"

	"github.com/lmittmann/tint"
)

// HandlerOptions configures NewHandler.
type HandlerOptions struct {
	Level slog.Leveler
	// Color writes ANSI colours; off when the user set NO_COLOR.
	Color bool
	// Time shows the time of day on each line: useful for a daemon, noise
	// for a one-shot run.
	Time bool
	// Explain puts an error attribute in plain words; ok is false when it
	// has none, and the error's own text is shown.
	Explain func(err error) (text string, ok bool)
}

// Attribute keys the handler lifts into the message.
const (
	sourceKey = "source"
	errorKey  = "error"
)

// NewHandler returns a slog handler for people: "WARN name: what went
// wrong (hint)". A record's source attribute leads the line; its error
// attribute follows the message, and when Explain has plain words for it,
// they replace the message, since they say what failed and why. Other
// attributes follow as key=value. Each record is one Write, so a writer
// that prints above a progress bar gets whole lines.
func NewHandler(w io.Writer, o HandlerOptions) slog.Handler {
	level := o.Level
	if level == nil {
		level = slog.LevelInfo
	}
	inner := tint.NewHandler(w, &tint.Options{
		Level:      level,
		NoColor:    !o.Color,
		TimeFormat: "15:04:05",
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) > 0 {
				return a
			}
			switch a.Key {
			case slog.TimeKey:
				if !o.Time {
					return slog.Attr{}
				}
			case slog.LevelKey:
				// The full level name, as the logfmt handler writes it.
				if l, ok := a.Value.Any().(slog.Level); ok {
					return tint.Attr(levelColor(l), slog.String(a.Key, l.String()))
				}
			}
			return a
		},
	})
	return &handler{inner: inner, explain: o.Explain}
}

// ANSI 256-colour codes per level, as tint colours its own level names.
func levelColor(l slog.Level) uint8 {
	switch {
	case l >= slog.LevelError:
		return 9 // bright red
	case l >= slog.LevelWarn:
		return 11 // bright yellow
	case l >= slog.LevelInfo:
		return 10 // bright green
	}
	return 8 // grey
}

type handler struct {
	inner   slog.Handler
	explain func(error) (string, bool)
	grouped bool // attributes now land in a group: leave records as they are
}

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.inner.Enabled(ctx, l) }

func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &handler{inner: h.inner.WithAttrs(attrs), explain: h.explain, grouped: h.grouped}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{inner: h.inner.WithGroup(name), explain: h.explain, grouped: true}
}

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	if h.grouped {
		return h.inner.Handle(ctx, r)
	}
	return h.inner.Handle(ctx, h.humanize(r))
}

// humanize rewrites a record's message to lead with its source and end with
// its error, keeping the other attributes.
func (h *handler) humanize(r slog.Record) slog.Record {
	var source string
	var problem *slog.Value
	var rest []slog.Attr
	r.Attrs(func(a slog.Attr) bool {
		switch {
		case a.Key == sourceKey && a.Value.Kind() == slog.KindString && source == "":
			source = a.Value.String()
		case a.Key == errorKey && problem == nil:
			v := a.Value.Resolve()
			problem = &v
		default:
			rest = append(rest, a)
		}
		return true
	})
	if source == "" && problem == nil {
		return r
	}
	var msg strings.Builder
	if source != "" {
		msg.WriteString(source + ": ")
	}
	msg.WriteString(h.message(r.Message, problem))
	out := slog.NewRecord(r.Time, r.Level, msg.String(), r.PC)
	out.AddAttrs(rest...)
	return out
}

// message is the record's message followed by its error, or the error's
// plain words alone when Explain has them.
func (h *handler) message(msg string, problem *slog.Value) string {
	if problem == nil {
		return msg
	}
	err, isErr := problem.Any().(error)
	if !isErr || problem.Kind() != slog.KindAny {
		return msg + ": " + problem.String()
	}
	if h.explain != nil {
		if text, ok := h.explain(err); ok {
			return text
		}
	}
	return msg + ": " + err.Error()
}
