package termui

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

var errOffline = errors.New("lookup example.org: no such host")

// explainOffline stands in for fetch.Explain: it knows errOffline alone.
func explainOffline(err error) (string, bool) {
	if errors.Is(err, errOffline) {
		return "cannot reach https://example.org/feed: no such host (offline?)", true
	}
	return "", false
}

func TestHandler(t *testing.T) {
	tests := []struct {
		name string
		log  func(*slog.Logger)
		want string
	}{
		{"explained error replaces the message", func(l *slog.Logger) {
			l.Warn("Source failed", "source", "news", "error", errOffline, "failures", 2)
		}, "WARN news: cannot reach https://example.org/feed: no such host (offline?) failures=2\n"},
		{"unexplained error follows the message", func(l *slog.Logger) {
			l.Warn("Source failed", "source", "news", "error", errors.New("parse: not a feed"))
		}, "WARN news: Source failed: parse: not a feed\n"},
		{"error text in a string is shown as it is", func(l *slog.Logger) {
			l.Warn("Skipping local file", "source", "notes", "error", "binary file")
		}, "WARN notes: Skipping local file: binary file\n"},
		{"no source, no error", func(l *slog.Logger) {
			l.Info("Serving", "url", "http://127.0.0.1:8080/")
		}, "INFO Serving url=http://127.0.0.1:8080/\n"},
		{"below the level", func(l *slog.Logger) { l.Debug("Fetched", "source", "news") }, ""},
		{"grouped attributes stay as they are", func(l *slog.Logger) {
			l.WithGroup("req").Warn("Slow", "source", "news")
		}, "WARN Slow req.source=news\n"},
		{"bound attributes follow", func(l *slog.Logger) {
			l.With("cycle", 3).Error("Publish failed", "error", errors.New("disk full"))
		}, "ERROR Publish failed: disk full cycle=3\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			tt.log(slog.New(NewHandler(&b, HandlerOptions{Level: slog.LevelInfo, Explain: explainOffline})))
			if got := b.String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestHandlerColor(t *testing.T) {
	var b bytes.Buffer
	slog.New(NewHandler(&b, HandlerOptions{Color: true})).Warn("Source failed", "source", "news", "error", errOffline)
	got := b.String()
	if !strings.Contains(got, "\x1b[") || !strings.Contains(got, "WARN") {
		t.Errorf("no coloured level: %q", got)
	}
	b.Reset()
	slog.New(NewHandler(&b, HandlerOptions{Color: false})).Warn("Source failed", "source", "news")
	if strings.Contains(b.String(), "\x1b") {
		t.Errorf("escape codes with Color off: %q", b.String())
	}
}
