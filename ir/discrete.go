package ir

import "math"

// The binomial and hypergeometric variates that split fixed_total's n over
// blocks of rows are drawn here rather than with gonum's distuv, so that the
// network a seed gives is pinned by this package alone and cannot change
// with a dependency's algorithm. The method is inversion, searching outward
// from the mode (m, m+1, m-1, m+2, m-2, ...): any fixed enumeration of the
// support gives an exact sample by inversion, and starting at the mode makes
// the expected work proportional to the standard deviation, not to n.

// invertFromMode draws from a unimodal distribution on [lo, hi] given the
// probability of its mode m and the ratios P(k+1)/P(k) and P(k-1)/P(k).
func invertFromMode(s *Stream, lo, hi, m int64, pm float64, up, down func(k int64) float64) int64 {
	if !(pm > 0) {
		return m // cannot happen for valid arguments (the mode's mass is >= 1/(n+1))
	}
	for {
		u := s.Float64() - pm
		if u < 0 {
			return m
		}
		a, b := m, m // the enumerated range is [b, a]
		pa, pb := pm, pm
		for {
			moved := false
			if a < hi && pa > 0 {
				pa *= up(a)
				a++
				if u -= pa; u < 0 {
					return a
				}
				moved = true
			}
			if b > lo && pb > 0 {
				pb *= down(b)
				b--
				if u -= pb; u < 0 {
					return b
				}
				moved = true
			}
			if !moved {
				break // rounding left mass unaccounted for: draw again
			}
		}
	}
}

// lchoose is log(n choose k).
func lchoose(n, k int64) float64 {
	a, _ := math.Lgamma(float64(n) + 1)
	b, _ := math.Lgamma(float64(k) + 1)
	c, _ := math.Lgamma(float64(n-k) + 1)
	return a - b - c
}

// binomial draws the number of successes in n trials of probability p.
func binomial(s *Stream, n int64, p float64) int64 {
	switch {
	case n <= 0 || p <= 0:
		return 0
	case p >= 1:
		return n
	}
	m := min(int64(float64(n+1)*p), n)
	pm := math.Exp(lchoose(n, m) + float64(m)*math.Log(p) + float64(n-m)*math.Log1p(-p))
	odds := p / (1 - p)
	up := func(k int64) float64 { return float64(n-k) / float64(k+1) * odds }
	down := func(k int64) float64 { return float64(k) / float64(n-k+1) / odds }
	return invertFromMode(s, 0, n, m, pm, up, down)
}

// hypergeometric draws the number of marked items among n drawn without
// replacement from a population of total items of which marked are marked.
func hypergeometric(s *Stream, total, marked, n int64) int64 {
	lo, hi := max(0, n-(total-marked)), min(n, marked)
	if lo >= hi {
		return lo
	}
	m := int64((float64(n+1) * float64(marked+1)) / float64(total+2))
	m = min(max(m, lo), hi)
	pm := math.Exp(lchoose(marked, m) + lchoose(total-marked, n-m) - lchoose(total, n))
	up := func(k int64) float64 {
		return float64(marked-k) * float64(n-k) / (float64(k+1) * float64(total-marked-n+k+1))
	}
	down := func(k int64) float64 {
		return float64(k) * float64(total-marked-n+k) / (float64(marked-k+1) * float64(n-k+1))
	}
	return invertFromMode(s, lo, hi, m, pm, up, down)
}
