package charset

import (
	"bytes"
	"testing"

	htmlcharset "golang.org/x/net/html/charset"
)

const utf8Decl = `<?xml version="1.0" encoding="UTF-8"?>`

func encodeWith(t *testing.T, label, s string) []byte {
	t.Helper()
	enc, _ := htmlcharset.Lookup(label)
	if enc == nil {
		t.Fatalf("htmlcharset.Lookup(%q) = nil", label)
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
