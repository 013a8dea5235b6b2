package ir

import (
	"hash/fnv"
	"math/rand/v2"
)

// The random numbers of a network come from counter-based streams: the n-th
// number of the stream for (seed, statement, field, element) is a pure
// function of those values, so any element can be drawn on any thread in any
// order and give the same value. The mixing function is SplitMix64's
// (Steele, Lea & Flood, OOPSLA 2014), whose outputs pass BigCrush.

const golden = 0x9E3779B97F4A7C15

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// Key derives the key of a statement's random stream from the network seed
// and names (e.g. Key(seed, "population", "exc", "v")). Names, not statement
// positions, identify streams, so reordering statements changes nothing.
func Key(seed uint64, names ...string) uint64 {
	k := mix64(seed + golden)
	for _, n := range names {
		h := fnv.New64a()
		h.Write([]byte(n))
		k = mix64(k ^ mix64(h.Sum64()+golden))
	}
	return k
}

// Stream is the generator of one element of one keyed statement. It
// implements math/rand/v2's Source, so gonum's distributions can draw from it.
type Stream struct {
	key, ctr uint64
}

// NewStream returns the stream of element elem under key.
func NewStream(key, elem uint64) *Stream {
	return &Stream{key: mix64(key ^ mix64(elem*golden+0x632BE59BD9B4E019))}
}

// Reset repositions s at the start of element elem's stream without allocating.
func (s *Stream) Reset(key, elem uint64) {
	s.key = mix64(key ^ mix64(elem*golden+0x632BE59BD9B4E019))
	s.ctr = 0
}

// Uint64 returns the next number of the stream.
func (s *Stream) Uint64() uint64 {
	s.ctr++
	return mix64(s.key + s.ctr*golden)
}

// Float64 returns a uniform number in [0, 1) with 53 random bits.
func (s *Stream) Float64() float64 {
	return float64(s.Uint64()>>11) * (1.0 / (1 << 53))
}

// IntN returns a uniform integer in [0, n) without modulo bias (Lemire's method).
func (s *Stream) IntN(n uint64) uint64 {
	if n == 0 {
		return 0
	}
	for {
		x := s.Uint64()
		hi, lo := mul64(x, n)
		if lo < n {
			t := -n % n
			if lo < t {
				continue
			}
		}
		return hi
	}
}

func mul64(x, y uint64) (hi, lo uint64) {
	const mask32 = 1<<32 - 1
	x0, x1 := x&mask32, x>>32
	y0, y1 := y&mask32, y>>32
	w0 := x0 * y0
	t := x1*y0 + w0>>32
	w1 := t & mask32
	w2 := t >> 32
	w1 += x0 * y1
	hi = x1*y1 + w2 + w1>>32
	lo = x * y
	return
}

// Rand wraps the stream in a math/rand/v2 generator (normal, exponential
// variates and gonum's distributions build on it).
func (s *Stream) Rand() *rand.Rand { return rand.New(s) }
