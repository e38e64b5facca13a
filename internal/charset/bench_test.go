package charset

import (
	"bytes"
	"testing"
)

// BenchmarkDecodeText measures the page path on 64 KiB of UTF-8 prose, the
// common case: one binary check, one validity scan, one control scan.
func BenchmarkDecodeText(b *testing.B) {
	data := bytes.Repeat([]byte("Café crème, “quoted” prose of a saved page, costs €5.\n"), 1200)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DecodeText(data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkToUTF8 measures the feed path on the same bytes.
func BenchmarkToUTF8(b *testing.B) {
	data := bytes.Repeat([]byte("Café crème, “quoted” prose of a saved page, costs €5.\n"), 1200)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ToUTF8(data, ""); err != nil {
			b.Fatal(err)
		}
	}
}
