package charset

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Errors for data that is not readable text. They name only the problem;
// callers add the file or URL.
var (
	ErrBinary      = errors.New("binary data, not text")
	ErrUndecodable = errors.New("undecodable text")
)

// binarySniff is how much of the data is searched for NUL bytes, as git
// does.
const binarySniff = 8 << 10

// binaryMagic are signatures of common binary formats that slip into a
// folder of saved pages or feeds.
var binaryMagic = []struct {
	magic, name string
}{
	{"%PDF-", "a PDF document"}, {"\x89PNG", "a PNG image"}, {"GIF8", "a GIF image"},
	{"\xff\xd8\xff", "a JPEG image"}, {"PK\x03\x04", "a zip archive"}, {"\x1f\x8b", "gzip data"},
	{"\x7fELF", "an executable"}, {"RIFF", "a RIFF media file"}, {"BZh", "bzip2 data"},
	{"7z\xbc\xaf", "a 7-Zip archive"}, {"\xfd7zXZ\x00", "xz data"}, {"\x28\xb5\x2f\xfd", "zstd data"},
	{"Rar!\x1a\x07", "a RAR archive"}, {"SQLite format 3\x00", "an SQLite database"},
	{"OggS", "Ogg media"}, {"\x1a\x45\xdf\xa3", "Matroska/WebM media"}, {"wOFF", "a web font"}, {"wOF2", "a web font"},
}

// CheckBinary returns an error wrapping ErrBinary, saying why, when data is
// not text in any encoding this package reads: a known binary signature, or
// NUL bytes in the first 8 KiB of data that is not UTF-16 or UTF-32 (by its
// byte order mark, the XML appendix F pattern, or the zero bytes of
// unmarked UTF-16). It runs before any decoding, so a wide-encoded feed is
// never mistaken for binary.
func CheckBinary(data []byte) error {
	if d, ok := byBOM(data); ok && d.wide > 0 {
		return nil
	}
	head := data[:min(len(data), 64)]
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, []byte(m.magic)) {
			return fmt.Errorf("%w: it is %s", ErrBinary, m.name)
		}
	}
	if _, ok := sniffWide(data); ok {
		return nil
	}
	nul := bytes.IndexByte(data[:min(len(data), binarySniff)], 0)
	if nul < 0 {
		return nil
	}
	if _, ok := sniffUTF16Parity(data); ok {
		return nil
	}
	if strayNULs(data[:min(len(data), binarySniff)]) {
		return nil
	}
	return fmt.Errorf("%w: a NUL byte at offset %d", ErrBinary, nul)
}

// strayNULs reports markup with a few NUL bytes in it: a feed or page that
// a broken generator or a bad copy left a NUL in, which feed parsers read
// with the NUL dropped. It must open as markup or JSON does (after a UTF-8
// BOM and white space), and its NULs must be rare: in binary data they are
// common (in 1 of 256 bytes of compressed data, many more in most other
// formats).
func strayNULs(head []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) == 0 || t[0] != '<' && t[0] != '{' {
		return false
	}
	n := bytes.Count(head, []byte{0})
	return n <= 4 || n*1000 <= len(head)
}

// DecodeText decodes a saved page or text file to UTF-8: byte order marks
// (UTF-8, UTF-16, UTF-32), unmarked UTF-16/32, declarations (see Options),
// valid UTF-8, else windows-1252. Terminal control sequences (ANSI colour
// codes and other escapes), backspace overstrikes, BEL and the other
// control characters are removed; tab, newlines and form feeds stay. Data
// that CheckBinary refuses, or whose decoded text is still more than a
// twentieth stray control characters, is ErrBinary; a broken or wrong
// encoding (odd-length UTF-16, more than 1% U+FFFD) is ErrUndecodable.
func DecodeText(data []byte, opts Options) (string, error) {
	if err := CheckBinary(data); err != nil {
		return "", err
	}
	d := detect(data, opts)
	if d.wide > 0 && (len(data)-d.bom)%d.wide != 0 {
		return "", fmt.Errorf("%w: odd number of bytes in %s", ErrUndecodable, d.name)
	}
	if d.bom > 0 && d.wide == 0 && !utf8.Valid(data[d.bom:]) {
		return "", fmt.Errorf("%w: invalid utf-8 after a utf-8 byte order mark", ErrUndecodable)
	}
	out, err := d.decode(data)
	if err != nil {
		return "", err
	}
	text, stray := StripControls(string(out))
	text = string(trimBOMs([]byte(text))) // BOMs behind a stripped control
	bad := strings.Count(text, "\uFFFD")
	if stray < 4 && bad == 0 {
		return text, nil
	}
	runes := utf8.RuneCountInString(text) + stray
	if stray >= 4 && stray*20 > runes {
		return "", fmt.Errorf("%w: %d control characters", ErrBinary, stray)
	}
	if bad > 0 && bad*100 > runes {
		return "", fmt.Errorf("%w: too many replacement characters", ErrUndecodable)
	}
	return text, nil
}
