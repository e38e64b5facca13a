package page

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Errors Parse returns for input that is not a readable page. They name only
// the problem; the caller adds the file name.
var (
	ErrEmpty       = errors.New("empty file")
	ErrBinary      = errors.New("binary data, not text")
	ErrUndecodable = errors.New("undecodable text")
	ErrNoContent   = errors.New("no content")
	ErrFeed        = errors.New("feed document, not a page")
)

// binaryMagic are signatures of common binary formats that can slip into a
// folder of saved pages; they are rejected before any decoding is tried.
var binaryMagic = [][]byte{
	[]byte("%PDF-"), []byte("\x89PNG"), []byte("GIF8"), []byte("\xff\xd8\xff"),
	[]byte("PK\x03\x04"), []byte("\x1f\x8b"), []byte("\x7fELF"), []byte("RIFF"),
	[]byte("BZh"), []byte("7z\xbc\xaf"), []byte("SQLite format 3\x00"),
}

// decode turns the bytes of a page into normalised UTF-8 text: BOMs honoured
// (UTF-8, UTF-16), valid UTF-8 taken as is, HTML's declared charset used when
// the bytes are not UTF-8, and Windows-1252 otherwise (the usual encoding of
// old "save as text" files, and a superset of Latin-1). Line endings become
// "\n". Empty, binary and undecodable input is an error.
func decode(data []byte, isHTML bool) (string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return "", ErrEmpty
	}
	var (
		text string
		err  error
	)
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
		if !utf8.Valid(data) {
			return "", fmt.Errorf("%w: invalid utf-8 after a utf-8 byte order mark", ErrUndecodable)
		}
		text = string(data)
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		text, err = decodeUTF16(data)
	default:
		text, err = decodeUnmarked(data, isHTML)
	}
	if err != nil {
		return "", err
	}
	if err := checkText(text); err != nil {
		return "", err
	}
	text = normaliseNewlines(text)
	if strings.TrimSpace(text) == "" {
		return "", ErrEmpty
	}
	return text, nil
}

// decodeUTF16 decodes UTF-16 with a byte order mark; the BOM is removed.
func decodeUTF16(data []byte) (string, error) {
	if len(data)%2 != 0 {
		return "", fmt.Errorf("%w: odd number of bytes in utf-16", ErrUndecodable)
	}
	dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	out, err := dec.Bytes(data)
	if err != nil {
		return "", fmt.Errorf("%w: utf-16: %w", ErrUndecodable, err)
	}
	return string(out), nil
}

// decodeUnmarked handles input without a byte order mark.
func decodeUnmarked(data []byte, isHTML bool) (string, error) {
	head := data[:min(len(data), 64)]
	for _, magic := range binaryMagic {
		if bytes.HasPrefix(head, magic) {
			return "", ErrBinary
		}
	}
	if bytes.IndexByte(data, 0) >= 0 {
		// UTF-16 saved without a BOM shows as ASCII interleaved with NULs;
		// anything else holding NULs is binary.
		if enc, ok := sniffUTF16(data); ok {
			out, err := enc.NewDecoder().Bytes(data)
			if err != nil {
				return "", fmt.Errorf("%w: utf-16: %w", ErrUndecodable, err)
			}
			return string(out), nil
		}
		return "", ErrBinary
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	var enc encoding.Encoding = charmap.Windows1252
	if isHTML {
		if e, name, _ := charset.DetermineEncoding(data, "text/html"); e != nil && name != "utf-8" {
			enc = e
		}
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrUndecodable, err)
	}
	return string(out), nil
}

// sniffUTF16 recognises BOM-less UTF-16 of mostly Latin text: nearly every
// byte at one parity is zero and nearly none at the other.
func sniffUTF16(data []byte) (encoding.Encoding, bool) {
	if len(data)%2 != 0 || len(data) < 4 {
		return nil, false
	}
	var zeroEven, zeroOdd int
	for i, b := range data {
		if b == 0 {
			if i%2 == 0 {
				zeroEven++
			} else {
				zeroOdd++
			}
		}
	}
	half := len(data) / 2
	switch {
	case zeroOdd*10 >= half*9 && zeroEven*20 <= half:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), true
	case zeroEven*10 >= half*9 && zeroOdd*20 <= half:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), true
	}
	return nil, false
}

// checkText rejects decoded text that is mostly control characters (binary
// data that happened to decode) or replacement characters (a wrong or broken
// encoding).
func checkText(text string) error {
	var total, ctrl, bad int
	for _, r := range text {
		total++
		switch {
		case r == utf8.RuneError:
			bad++
		case r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			ctrl++
		}
	}
	if ctrl > 0 && ctrl*100 > total {
		return ErrBinary
	}
	if bad > 0 && bad*100 > total {
		return fmt.Errorf("%w: too many replacement characters", ErrUndecodable)
	}
	return nil
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
