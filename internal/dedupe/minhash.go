package dedupe

import (
	"encoding/binary"
	"errors"
	"hash/fnv"
	"math"
)

// NumHashes is the length of a MinHash signature.
const NumHashes = 128

// A signature has two parts. The first bodyHashes values sketch the
// shingles of the whole text; the rest sketch only its first headWords
// words. Bands of numRows values are cut across both, so two entries become
// candidates when their whole texts are alike or when they open alike. The
// second kind is for excerpts: the first paragraphs of a post against its
// full text share only a fifth to a third of the whole text's shingles,
// which whole-text bands find at best by luck, but they begin with the same
// words. Bands with fewer rows would find those too, but they make every
// two texts on the same subject candidates, and a candidate costs a full
// comparison: on a thousand feeds that was three times the whole run.
//
// With 24 whole-text bands of 4 rows, a pair at Jaccard 0.5 is found with
// probability 0.79, at 0.65 with 0.99, at 0.2 with 0.04; 8 head bands find
// an excerpt (head similarity near 1) always.
const (
	bodyHashes = 96
	headWords  = 60
	numRows    = 4
	numBands   = NumHashes / numRows
)

// shingleSize is the number of words in a shingle.
const shingleSize = 5

// Signature is a MinHash sketch of a text's word shingles.
type Signature [NumHashes]uint32

// Sign computes the signature of a plain text. It is deterministic across
// runs and machines: the hash functions are fixed seeds, not random ones.
func Sign(text string) Signature {
	ws := words(text)
	var s Signature
	for i := range s {
		s[i] = math.MaxUint32
	}
	hs := shingleHashes(ws)
	s.sketch(hs, 0, bodyHashes)
	// The head's shingles are the first ones of the whole text: the same
	// window over the same words, stopped after headWords words.
	s.sketch(hs[:shingleCount(min(len(ws), headWords))], bodyHashes, NumHashes)
	return s
}

// sketch fills values lo..hi-1 with the minimum hashes of hs. A shingle
// that occurs twice is hashed twice, which leaves every minimum as it is;
// that is cheaper than building a set first.
func (s *Signature) sketch(hs []uint64, lo, hi int) {
	if len(hs) == 0 {
		return
	}
	// Multiply-shift hashing of an already well-mixed 64-bit shingle hash:
	// one multiply and add per function, several times cheaper than a full
	// mixer, and independent enough for MinHash. Four functions at a time
	// over all shingles keep their parameters and running minimums in
	// registers, and give the processor four independent chains instead
	// of one.
	i := lo
	for ; i+4 <= hi; i += 4 {
		m0, m1, m2, m3 := mults[i], mults[i+1], mults[i+2], mults[i+3]
		a0, a1, a2, a3 := seeds[i], seeds[i+1], seeds[i+2], seeds[i+3]
		b0, b1, b2, b3 := s[i], s[i+1], s[i+2], s[i+3]
		for _, h := range hs {
			b0 = min(b0, uint32((h*m0+a0)>>32))
			b1 = min(b1, uint32((h*m1+a1)>>32))
			b2 = min(b2, uint32((h*m2+a2)>>32))
			b3 = min(b3, uint32((h*m3+a3)>>32))
		}
		s[i], s[i+1], s[i+2], s[i+3] = b0, b1, b2, b3
	}
	for ; i < hi; i++ {
		m, a, b := mults[i], seeds[i], s[i]
		for _, h := range hs {
			b = min(b, uint32((h*m+a)>>32))
		}
		s[i] = b
	}
}

// shingleHashes hashes every run of shingleSize words, in order and with
// repeats; a text shorter than that is one shingle, so short texts still
// get a signature.
func shingleHashes(ws []string) []uint64 {
	out := make([]uint64, 0, shingleCount(len(ws)))
	k := min(shingleSize, len(ws))
	for i := 0; k > 0 && i+k <= len(ws); i++ {
		out = append(out, hashWords(ws[i:i+k]))
	}
	return out
}

// shingleCount is how many shingles a text of n words has.
func shingleCount(n int) int {
	if n == 0 {
		return 0
	}
	return n - min(shingleSize, n) + 1
}

// shingles is the set of a text's shingle hashes, for exact comparisons.
func shingles(ws []string) map[uint64]struct{} {
	set := make(map[uint64]struct{}, len(ws))
	for _, h := range shingleHashes(ws) {
		set[h] = struct{}{}
	}
	return set
}

// hashWords is FNV-1a over the words, each followed by a zero byte,
// written out by hand so that nothing escapes to the heap.
func hashWords(ws []string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for _, w := range ws {
		for i := 0; i < len(w); i++ {
			h ^= uint64(w[i])
			h *= prime
		}
		h *= prime // the zero byte: h ^= 0 changes nothing
	}
	return mix(h)
}

// mix is splitmix64's finaliser: a cheap, well-distributed 64-bit mixer.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// mults and seeds are the fixed parameters of the hash functions, derived
// once from constants: signatures are stored, so they must never change.
var mults, seeds = func() (m, s [NumHashes]uint64) {
	x := uint64(0x7472696275746172) // "tributar"
	for i := range s {
		x += 0x9e3779b97f4a7c15
		m[i] = mix(x) | 1 // odd multipliers
		x += 0x9e3779b97f4a7c15
		s[i] = mix(x)
	}
	return m, s
}()

// Empty reports whether the signature was computed from no text.
func (s Signature) Empty() bool { return s[0] == math.MaxUint32 }

// Similarity estimates the Jaccard similarity of the two texts' shingles.
func (s Signature) Similarity(o Signature) float64 {
	if s.Empty() || o.Empty() {
		return 0
	}
	same := 0
	for i := range bodyHashes {
		if s[i] == o[i] {
			same++
		}
	}
	return float64(same) / bodyHashes
}

// Bands returns the signature's LSH band keys, each salted with its band
// index so equal rows in different bands never collide.
func (s Signature) Bands() []uint64 {
	if s.Empty() {
		return nil
	}
	return s.appendBands(make([]uint64, 0, numBands))
}

// appendBands appends the band keys to dst, so that a loop over many
// signatures can reuse one buffer.
func (s Signature) appendBands(dst []uint64) []uint64 {
	if s.Empty() {
		return dst
	}
	var buf [4 + 4*numRows]byte
	for b := range numBands {
		binary.LittleEndian.PutUint32(buf[:4], uint32(b))
		for r := range numRows {
			binary.LittleEndian.PutUint32(buf[4+4*r:], s[b*numRows+r])
		}
		h := fnv.New64a()
		h.Write(buf[:])
		// Keep keys within SQLite's signed 64-bit integers.
		dst = append(dst, h.Sum64()&math.MaxInt64)
	}
	return dst
}

// MarshalBinary encodes the signature for storage.
func (s Signature) MarshalBinary() ([]byte, error) {
	out := make([]byte, 4*NumHashes)
	for i, v := range s {
		binary.LittleEndian.PutUint32(out[4*i:], v)
	}
	return out, nil
}

// UnmarshalBinary decodes a stored signature.
func (s *Signature) UnmarshalBinary(data []byte) error {
	if len(data) != 4*NumHashes {
		return errors.New("dedupe: bad signature length")
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(data[4*i:])
	}
	return nil
}

// BandKeys returns the band keys as the signed integers a database keeps
// (every key fits: Bands clears the top bit); none for an empty signature.
func (s Signature) BandKeys() []int64 {
	bands := s.Bands()
	if bands == nil {
		return nil
	}
	out := make([]int64, len(bands))
	for i, b := range bands {
		out[i] = int64(b)
	}
	return out
}
