package parse

import (
	"bytes"
	"testing"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

const utf8Decl = `<?xml version="1.0" encoding="UTF-8"?>`

func encodeWith(t *testing.T, label, s string) []byte {
	t.Helper()
	enc, _ := charset.Lookup(label)
	if enc == nil {
		t.Fatalf("charset.Lookup(%q) = nil", label)
	}
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %s: %v", label, err)
	}
	return b
}

// TestToUTF8EveryCharset round-trips a document through every encoding
// golang.org/x/net/html/charset knows, announced once by the XML
// declaration and once only by the Content-Type header.
func TestToUTF8EveryCharset(t *testing.T) {
	samples := map[string]string{
		"ibm866": "Привет", "iso-8859-2": "Zażółć gęślą", "iso-8859-3": "Ĝis ĉiam",
		"iso-8859-4": "Ķīļ", "iso-8859-5": "Привет", "iso-8859-6": "مرحبا",
		"iso-8859-7": "Γειά σου", "iso-8859-8": "שלום", "iso-8859-8-i": "שלום",
		"iso-8859-10": "Þórður", "iso-8859-13": "Ąžuolas", "iso-8859-14": "Ŵŷ",
		"iso-8859-15": "€ œ Ÿ", "iso-8859-16": "Țară șă", "koi8-r": "Привет",
		"koi8-u": "Ґанок", "macintosh": "Café ©", "windows-874": "สวัสดี",
		"windows-1250": "Zażółć", "windows-1251": "Привет", "windows-1252": "Café “x” €",
		"windows-1253": "Γειά", "windows-1254": "Şişli ğ", "windows-1255": "שלום",
		"windows-1256": "مرحبا", "windows-1257": "Ąžuolas", "windows-1258": "Đà",
		"x-mac-cyrillic": "Привет", "gbk": "你好", "gb18030": "你好", "big5": "你好",
		"euc-jp": "こんにちは", "iso-2022-jp": "こんにちは", "shift_jis": "こんにちは",
		"euc-kr": "안녕하세요", "utf-16be": "Привет 你好", "utf-16le": "Привет 你好",
		"utf-8": "Привет 你好 🎉",
	}
	for label, sample := range samples {
		body := `<rss version="2.0"><channel><title>` + sample + `</title></channel></rss>`
		want := utf8Decl + body
		t.Run(label+"/declared", func(t *testing.T) {
			in := encodeWith(t, label, `<?xml version="1.0" encoding="`+label+`"?>`+body)
			got, err := ToUTF8(in, "")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want {
				t.Errorf("ToUTF8 = %q, want %q", got, want)
			}
		})
		t.Run(label+"/content-type", func(t *testing.T) {
			in := encodeWith(t, label, `<?xml version="1.0"?>`+body)
			got, err := ToUTF8(in, "application/rss+xml; charset="+label)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want {
				t.Errorf("ToUTF8 = %q, want %q", got, want)
			}
		})
	}
}

func TestToUTF8(t *testing.T) {
	enc := func(t *testing.T, e interface {
		Bytes([]byte) ([]byte, error)
	}, s string) string {
		b, err := e.Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	doc := `<rss><channel><title>Ça va — 日本</title></channel></rss>`
	tests := []struct {
		name        string
		in          func(t *testing.T) string
		contentType string
		want        string
	}{
		{"utf-8 bom is dropped", func(*testing.T) string { return "\xEF\xBB\xBF" + doc }, "", doc},
		{"utf-16le bom", func(t *testing.T) string {
			return enc(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder(), doc)
		}, "", doc},
		{"utf-16be bom", func(t *testing.T) string {
			return enc(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder(), doc)
		}, "", doc},
		{"utf-16le no bom", func(t *testing.T) string {
			return enc(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder(), doc)
		}, "", doc},
		{"utf-16be no bom", func(t *testing.T) string {
			return enc(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder(), doc)
		}, "", doc},
		{"utf-32le bom", func(t *testing.T) string {
			return enc(t, utf32.UTF32(utf32.LittleEndian, utf32.UseBOM).NewEncoder(), doc)
		}, "", doc},
		{"utf-32be bom", func(t *testing.T) string {
			return enc(t, utf32.UTF32(utf32.BigEndian, utf32.UseBOM).NewEncoder(), doc)
		}, "", doc},
		{"utf-32le no bom", func(t *testing.T) string {
			return enc(t, utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM).NewEncoder(), doc)
		}, "", doc},
		{"utf-32be no bom", func(t *testing.T) string {
			return enc(t, utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM).NewEncoder(), doc)
		}, "", doc},
		{"utf-16 with declaration and bom", func(t *testing.T) string {
			return enc(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder(), `<?xml version="1.0" encoding="UTF-16"?>`+doc)
		}, "", utf8Decl + doc},
		{"declaration beats content-type", func(t *testing.T) string {
			return enc(t, charmap.Windows1252.NewEncoder(), `<?xml version='1.0' encoding='windows-1252'?><t>café “q”</t>`)
		}, "text/xml; charset=utf-8", utf8Decl + `<t>café “q”</t>`},
		{"content-type used without declaration", func(t *testing.T) string {
			return enc(t, charmap.KOI8R.NewEncoder(), `<t>Привет</t>`)
		}, `text/xml; charset="KOI8-R"`, `<t>Привет</t>`},
		{"malformed content-type still yields charset", func(t *testing.T) string {
			return enc(t, charmap.ISO8859_1.NewEncoder(), `<t>Größe</t>`)
		}, "text/xml;charset=iso-8859-1;;", `<t>Größe</t>`},
		{"declared utf-8 but latin-1 bytes, header knows", func(*testing.T) string {
			return `<?xml version="1.0" encoding="utf-8"?><t>caf` + "\xe9" + `</t>`
		}, "text/xml; charset=iso-8859-1", utf8Decl + `<t>café</t>`},
		{"declared utf-8 with a stray byte becomes U+FFFD", func(*testing.T) string {
			return `<?xml version="1.0" encoding="utf-8"?><t>caf` + "\xe9" + ` – ok</t>`
		}, "", utf8Decl + "<t>caf\uFFFD – ok</t>"},
		{"undeclared mostly utf-8 keeps utf-8", func(*testing.T) string { return "<t>naïve \xff</t>" }, "", "<t>naïve \uFFFD</t>"},
		{"undeclared legacy bytes are windows-1252", func(*testing.T) string { return "<t>\x93quoted\x94 caf\xe9</t>" }, "", "<t>“quoted” café</t>"},
		{"utf-16 label on an ascii document is ignored", func(*testing.T) string {
			return `<?xml version="1.0" encoding="UTF-16"?><t>é</t>`
		}, "", utf8Decl + `<t>é</t>`},
		{"unknown label falls back to content-type", func(t *testing.T) string {
			return enc(t, charmap.Windows1251.NewEncoder(), `<?xml version="1.0" encoding="x-no-such"?><t>Київ</t>`)
		}, "text/xml; charset=windows-1251", utf8Decl + `<t>Київ</t>`},
		{"bom beats declaration", func(*testing.T) string {
			return "\xEF\xBB\xBF" + `<?xml version="1.0" encoding="windows-1252"?><t>é</t>`
		}, "", utf8Decl + `<t>é</t>`},
		{"xml 1.1 declaration becomes 1.0", func(*testing.T) string {
			return "\n\n<?xml version=\"1.1\" standalone=\"yes\" ?><t/>"
		}, "", utf8Decl + `<t/>`},
		{"no declaration is not invented", func(*testing.T) string { return `<t/>` }, "", `<t/>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ToUTF8([]byte(tt.in(t)), tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("ToUTF8 = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestToUTF8DoesNotModifyInput(t *testing.T) {
	in := []byte("  <?xml version=\"1.0\" encoding=\"iso-8859-1\"?><t>caf\xe9</t>")
	orig := bytes.Clone(in)
	if _, err := ToUTF8(in, ""); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(in, orig) {
		t.Errorf("ToUTF8 modified its input: got %q, want %q", in, orig)
	}
}

func TestStripControlChars(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"clean text is untouched", "a\tb\r\nc", "a\tb\r\nc"},
		{"c0 controls go", "a\x00b\x01c\x08d\x0be\x0cf\x1fg", "abcdefg"},
		{"noncharacters go", "x\uFFFEy\uFFFFz", "xyz"},
		{"other characters stay", "é\u2028\uFFFD🎉\x7f", "é\u2028\uFFFD🎉\x7f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(stripControlChars([]byte(tt.in))); got != tt.want {
				t.Errorf("stripControlChars(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
