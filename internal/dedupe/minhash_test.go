package dedupe

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

const fox = "The quick brown fox jumps over the lazy dog while the farmer sleeps in the barn and the hens keep watch from the fence"

func TestSignatureBinaryRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		sig  Signature
	}{
		{"text", Sign(fox)},
		{"empty text", Sign("")},
		{"zero value", Signature{}},
		{"extremes", func() Signature {
			var s Signature
			for i := range s {
				s[i] = uint32(i) * (math.MaxUint32 / NumHashes)
			}
			return s
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := tt.sig.MarshalBinary()
			if err != nil {
				t.Fatalf("MarshalBinary: %v", err)
			}
			if len(data) != 4*NumHashes {
				t.Errorf("encoded length %d, want %d", len(data), 4*NumHashes)
			}
			var got Signature
			if err := got.UnmarshalBinary(data); err != nil {
				t.Fatalf("UnmarshalBinary: %v", err)
			}
			if got != tt.sig {
				t.Errorf("round trip changed the signature:\ngot  %v\nwant %v", got, tt.sig)
			}
		})
	}
}

func TestSignatureUnmarshalBadLength(t *testing.T) {
	for _, n := range []int{0, 1, 4*NumHashes - 1, 4*NumHashes + 1, 8 * NumHashes} {
		var s Signature
		s[0] = 7
		if err := s.UnmarshalBinary(make([]byte, n)); err == nil {
			t.Errorf("UnmarshalBinary(%d bytes) = nil error, want one", n)
		}
		if s[0] != 7 {
			t.Errorf("UnmarshalBinary(%d bytes) changed the signature on error", n)
		}
	}
}

// Signatures are stored, so one text must sign the same on every machine
// and in every version: this pins a few values.
func TestSignIsStable(t *testing.T) {
	s := Sign(fox)
	if s != Sign(fox) {
		t.Fatal("Sign is not deterministic")
	}
	got := [4]uint32{s[0], s[1], s[63], s[127]}
	want := [4]uint32{0x04102abb, 0x1c155308, 0x1aa3bdde, 0x1d7f351e}
	if got != want {
		t.Errorf("Sign(fox) slots 0, 1, 63, 127 = %#08x, want %#08x (stored signatures would no longer match)", got, want)
	}
}

func TestSimilarity(t *testing.T) {
	other := "Twelve volunteers repaired eighty six items in five hours including lamps toasters and a sewing machine from the sixties"
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"identical", fox, fox, 1, 1},
		{"retypeset copy", fox, strings.ToUpper(fox) + "!", 1, 1},
		{"disjoint", fox, other, 0, 0.05},
		{"one text empty", fox, "", 0, 0},
		{"both empty", "", "", 0, 0},
		{"half shared", fox + " " + other, fox, 0.3, 0.7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sa, sb := Sign(tt.a), Sign(tt.b)
			got := sa.Similarity(sb)
			if got < tt.min || got > tt.max {
				t.Errorf("Similarity = %.3f, want within [%v, %v]", got, tt.min, tt.max)
			}
			if back := sb.Similarity(sa); back != got {
				t.Errorf("Similarity not symmetric: %v and %v", got, back)
			}
		})
	}
}

func TestEmptyAndBands(t *testing.T) {
	if !Sign("").Empty() || !Sign(" — … ").Empty() {
		t.Error("a text without words should give an empty signature")
	}
	if Sign("word").Empty() {
		t.Error("a one-word text should give a signature")
	}
	if b := Sign("").Bands(); b != nil {
		t.Errorf("Bands of an empty signature = %v, want none", b)
	}
	b := Sign(fox).Bands()
	if len(b) != numBands {
		t.Fatalf("got %d bands, want %d", len(b), numBands)
	}
	seen := map[uint64]bool{}
	for i, k := range b {
		if k > math.MaxInt64 {
			t.Errorf("band %d key %d does not fit SQLite's signed integers", i, k)
		}
		if seen[k] {
			t.Errorf("band %d key repeats an earlier band's", i)
		}
		seen[k] = true
	}
	// A signature whose slots all hold one value still has distinct keys:
	// each band is salted with its index.
	var flat Signature
	for i := range flat {
		flat[i] = 1
	}
	seen = map[uint64]bool{}
	for _, k := range flat.Bands() {
		seen[k] = true
	}
	if len(seen) != numBands {
		t.Errorf("flat signature has %d distinct band keys, want %d", len(seen), numBands)
	}
}

// BenchmarkSign signs a post-sized text (about 800 words), as a cold run
// does for every entry.
func BenchmarkSign(b *testing.B) {
	var sb strings.Builder
	for i := range 800 {
		fmt.Fprintf(&sb, "word%d ", i%137*i%311)
		if i%60 == 59 {
			sb.WriteString("\n\n")
		}
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sign(text)
	}
}
