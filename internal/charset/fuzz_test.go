package charset

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode checks, for any bytes, that ToUTF8 and DecodeText never panic
// and return valid UTF-8 without a byte order mark, that DecodeText's text
// holds no control character StripControls would remove and fails only
// with this package's errors, that CheckBinary's refusals are also
// DecodeText's, and that ToUTF8 leaves its input alone.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"", "<rss/>", "\xef\xbb\xbf<t/>", "\xff\xfe<\x00t\x00/\x00>\x00", "\x00\x00\xfe\xff\x00\x00\x00a",
		"<\x00?\x00x\x00m\x00l\x00", `<?xml version="1.0" encoding="windows-1251"?><t>` + "\xcf\xf0</t>",
		"<meta charset=koi8-r><p>\xf0\xd2</p>", "caf\xe9 \x93q\x94", "\x1b[31mred\x1b[0m\x07 ding a\bb",
		"%PDF-1.4", "abc\x00def", "\x1b]0;t\x07x", "\x1bP", "\x1b[",
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, html bool) {
		orig := bytes.Clone(data)
		out, err := ToUTF8(data, "")
		if err == nil && (!utf8.Valid(out) || bytes.HasPrefix(out, []byte("\uFEFF"))) {
			t.Fatalf("ToUTF8(%q) = %q: invalid UTF-8 or a BOM", data, out)
		}
		if !bytes.Equal(data, orig) {
			t.Fatalf("ToUTF8 modified its input")
		}
		text, err := DecodeText(data, Options{HTML: html})
		if err != nil {
			if !errors.Is(err, ErrBinary) && !errors.Is(err, ErrUndecodable) {
				t.Fatalf("DecodeText(%q): unexpected error %v", data, err)
			}
			return
		}
		if CheckBinary(data) != nil {
			t.Fatalf("DecodeText(%q) accepted what CheckBinary refuses", data)
		}
		if !utf8.ValidString(text) || strings.HasPrefix(text, "\uFEFF") {
			t.Fatalf("DecodeText(%q) = %q: invalid UTF-8 or a BOM", data, text)
		}
		if clean, stray := StripControls(text); clean != text || stray != 0 {
			t.Fatalf("DecodeText(%q) = %q still holds controls", data, text)
		}
	})
}
