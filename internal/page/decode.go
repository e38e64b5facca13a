package page

import (
	"bytes"
	"errors"
	"strings"

	"github.com/tributary/tributary/internal/charset"
)

// Errors Parse returns for input that is not a readable page. They name only
// the problem; the caller adds the file name. ErrBinary and ErrUndecodable
// are charset's, so one errors.Is test covers fetch and page alike.
var (
	ErrEmpty       = errors.New("empty file")
	ErrBinary      = charset.ErrBinary
	ErrUndecodable = charset.ErrUndecodable
	ErrNoContent   = errors.New("no content")
	ErrFeed        = errors.New("feed document, not a page")
)

// decode turns the bytes of a page into normalised UTF-8 text with
// charset.DecodeText (HTML's declared charset counts when isHTML), and
// makes every line break "\n". Empty, binary and undecodable input is an
// error.
func decode(data []byte, isHTML bool) (string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return "", ErrEmpty
	}
	text, err := charset.DecodeText(data, charset.Options{HTML: isHTML})
	if err != nil {
		return "", err
	}
	text = normaliseNewlines(text)
	if strings.TrimSpace(text) == "" {
		return "", ErrEmpty
	}
	return text, nil
}

// normaliseNewlines turns CRLF, lone CR and the Unicode line and paragraph
// separators into "\n" so every reader below sees one kind of line break.
func normaliseNewlines(s string) string {
	if !strings.ContainsAny(s, "\r\u2028\u2029") {
		return s
	}
	r := strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n\n")
	return r.Replace(s)
}
