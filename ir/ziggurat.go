package ir

import "math"

// Normal and exponential variates by the ziggurat method (Marsaglia & Tsang,
// J. Stat. Softw. 5(8), 2000), in a 64-bit form: one Uint64 gives the layer
// (8 bits) and the abscissa (56 bits) for the ~99% of draws that fall
// inside a layer's rectangle.
//
// The package draws these itself rather than through math/rand/v2 for two
// reasons. A network's numbers must not change when the Go toolchain does,
// and math/rand/v2 does not promise that its NormFloat64 and ExpFloat64
// algorithms stay fixed. And drawing straight from a *Stream, without an
// interface call per number, halves the cost of the weights and delays of
// the 3e8-synapse microcircuit.

const zigLayers = 256

// ziggurat holds the tables of one density f (decreasing on [0, inf)).
//
// Box 0 is the base: [0, r] x [0, f(r)] plus the tail beyond r, area v,
// given the width v/f(r). Box i >= 1 is [0, x[i-1]] x [f(x[i-1]), f(x[i])],
// also of area v, with x[0] = r and x[zigLayers-1] = 0.
type ziggurat struct {
	r     float64
	width [zigLayers]float64 // box width / 2^bits: abscissa = j * width[i]
	inner [zigLayers]uint64  // |j| below this: inside f for sure
	fTop  [zigLayers]float64 // f at the box's top edge
	fBot  [zigLayers]float64 // f at the box's bottom edge
}

// newZiggurat builds the tables of f, with inverse finv and tail area
// tail(r) = integral of f from r to infinity. r is found by bisection so
// that zigLayers boxes of equal area exactly reach f(0) = 1.
func newZiggurat(f, finv, tail func(float64) float64, lo, hi float64, bits uint) *ziggurat {
	// climb returns f at the top of the last box for a given r: above 1 if
	// r is too small (boxes too big), below 1 if too large.
	climb := func(r float64) float64 {
		v := r*f(r) + tail(r)
		x, y := r, f(r)
		for range zigLayers - 1 {
			y += v / x
			if y >= 1 {
				return y
			}
			x = finv(y)
		}
		return y
	}
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if climb(mid) > 1 {
			lo = mid
		} else {
			hi = mid
		}
	}
	z := &ziggurat{r: hi}
	r := hi
	v := r*f(r) + tail(r)
	scale := math.Ldexp(1, int(bits))
	var x [zigLayers]float64
	x[0] = r
	for i := 1; i < zigLayers-1; i++ {
		x[i] = finv(f(x[i-1]) + v/x[i-1])
	}
	x[zigLayers-1] = 0
	for i := range zigLayers {
		w, in := 0.0, 0.0
		if i == 0 {
			w, in = v/f(r), r
			z.fTop[0], z.fBot[0] = f(r), 0
		} else {
			w, in = x[i-1], x[i]
			z.fTop[i], z.fBot[i] = f(x[i]), f(x[i-1])
		}
		z.width[i] = w / scale
		z.inner[i] = uint64(in / w * scale)
	}
	z.fTop[zigLayers-1] = 1
	return z
}

var (
	zigNormal = newZiggurat(
		func(x float64) float64 { return math.Exp(-x * x / 2) },
		func(y float64) float64 { return math.Sqrt(-2 * math.Log(y)) },
		func(r float64) float64 { return math.Sqrt(math.Pi/2) * math.Erfc(r/math.Sqrt2) },
		2, 5, 55)
	zigExp = newZiggurat(
		func(x float64) float64 { return math.Exp(-x) },
		func(y float64) float64 { return -math.Log(y) },
		func(r float64) float64 { return math.Exp(-r) },
		5, 10, 56)
)

// openFloat64 returns a uniform number in (0, 1], safe to take the log of.
func (s *Stream) openFloat64() float64 { return 1 - s.Float64() }

// NormFloat64 returns a standard normal number.
func (s *Stream) NormFloat64() float64 {
	z := zigNormal
	for {
		u := s.Uint64()
		i := u & (zigLayers - 1)
		j := int64(u) >> 8 // 56 bits, signed: the sign of the result
		sign := j >> 63
		aj := uint64((j ^ sign) - sign) // |j| without a branch: the sign is a coin flip
		x := float64(j) * z.width[i]
		if aj < z.inner[i] {
			return x
		}
		if i == 0 {
			// The tail beyond r (Marsaglia 1964).
			for {
				t := -math.Log(s.openFloat64()) / z.r
				y := -math.Log(s.openFloat64())
				if y+y >= t*t {
					if j < 0 {
						return -(z.r + t)
					}
					return z.r + t
				}
			}
		}
		if z.fBot[i]+s.Float64()*(z.fTop[i]-z.fBot[i]) < math.Exp(-x*x/2) {
			return x
		}
	}
}

// ExpFloat64 returns an exponential number of mean 1.
func (s *Stream) ExpFloat64() float64 {
	z := zigExp
	for {
		u := s.Uint64()
		i := u & (zigLayers - 1)
		j := u >> 8
		x := float64(j) * z.width[i]
		if j < z.inner[i] {
			return x
		}
		if i == 0 {
			// The tail is r plus a fresh exponential (memorylessness).
			return z.r - math.Log(s.openFloat64())
		}
		if z.fBot[i]+s.Float64()*(z.fTop[i]-z.fBot[i]) < math.Exp(-x) {
			return x
		}
	}
}
