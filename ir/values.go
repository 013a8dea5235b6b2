package ir

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// maxRedraws bounds normal_clipped's redrawing. PyNN redraws until a value
// falls inside [lo, hi], which never ends for a window that holds no mass (a
// typo like lo = 100 mV for a mean of -65 mV). For a window holding a
// fraction q of the mass, 1000 misses in a row have probability (1-q)^1000:
// 1e-301 at q = 0.5, 4e-5 at q = 0.01 (Validate rejects windows below 1%).
const maxRedraws = 1000

// distKind is a distribution name resolved once, so that drawing millions of
// values does not compare strings.
type distKind uint8

const (
	distUnknown distKind = iota
	distUniform
	distNormal
	distNormalClipped
	distLognormal
	distExponential
	distGamma
	distChoice
)

// distParams is the number of Params each distribution takes (choice takes
// none: it has Choices and P).
var distParams = map[string]struct {
	kind distKind
	n    int
}{
	"uniform":        {distUniform, 2},
	"normal":         {distNormal, 2},
	"normal_clipped": {distNormalClipped, 4},
	"lognormal":      {distLognormal, 3},
	"exponential":    {distExponential, 1},
	"gamma":          {distGamma, 2},
	"choice":         {distChoice, 0},
}

// sampler is a Distribution prepared for repeated drawing: kind resolved,
// parameters unpacked. It is a value type so preparing one never allocates.
type sampler struct {
	kind       distKind
	a, b, c, e float64
	d          *Distribution
	pSum       float64 // choice: total of P (drawing normalises by it)
}

func newSampler(d *Distribution) sampler {
	s := sampler{d: d}
	if d == nil {
		return s
	}
	spec, ok := distParams[d.Name]
	if !ok || len(d.Params) < spec.n {
		return s
	}
	s.kind = spec.kind
	ps := [4]float64{}
	copy(ps[:], d.Params)
	s.a, s.b, s.c, s.e = ps[0], ps[1], ps[2], ps[3]
	if s.kind == distChoice {
		if len(d.Choices) == 0 || (len(d.P) != 0 && len(d.P) != len(d.Choices)) {
			s.kind = distUnknown
		}
		for _, p := range d.P {
			s.pSum += p
		}
	}
	return s
}

// draw returns one value. It returns NaN when the distribution is malformed
// or normal_clipped found no value in its window after maxRedraws tries;
// callers turn NaN into an error that names the field.
func (m *sampler) draw(s *Stream) float64 {
	switch m.kind {
	case distUniform:
		return m.a + (m.b-m.a)*s.Float64()
	case distNormal:
		return m.a + m.b*s.NormFloat64()
	case distNormalClipped:
		for range maxRedraws {
			x := m.a + m.b*s.NormFloat64()
			if x >= m.c && x <= m.e {
				return x
			}
		}
		return math.NaN()
	case distLognormal:
		return math.Exp(m.a+m.b*s.NormFloat64()) * m.c
	case distExponential:
		return m.a * s.ExpFloat64()
	case distGamma:
		if m.a <= 0 || m.b <= 0 {
			return math.NaN()
		}
		// gonum's Gamma takes the rate Beta = 1/theta.
		return distuv.Gamma{Alpha: m.a, Beta: 1 / m.b, Src: s}.Rand()
	case distChoice:
		ch := m.d.Choices
		if len(m.d.P) == 0 {
			return ch[s.IntN(uint64(len(ch)))]
		}
		u := s.Float64() * m.pSum
		for k, p := range m.d.P {
			if u < p {
				return ch[k]
			}
			u -= p
		}
		// Rounding left u just above the last bucket: take the last
		// choice with a non-zero probability.
		for k := len(ch) - 1; k >= 0; k-- {
			if m.d.P[k] > 0 {
				return ch[k]
			}
		}
	}
	return math.NaN()
}

// Draw returns the next value of the distribution from s. It returns NaN for
// a malformed distribution and when normal_clipped finds no value inside
// [lo, hi] in 1000 tries in a row (PyNN would loop for ever); callers report
// that as an error naming the field.
func (d *Distribution) Draw(s *Stream) float64 {
	m := newSampler(d)
	return m.draw(s)
}

// PopulationValues returns the value of a parameter or state variable for
// every neuron of p, in canonical units. Distributions are drawn per neuron
// from the stream keyed by (seed, "population", p.Name, field), element =
// neuron index, so a neuron's value does not depend on how many neurons are
// drawn, by whom, or in which order.
func (n *Network) PopulationValues(p *Population, field string) ([]float64, error) {
	v, ok := p.Params[field]
	if !ok {
		v, ok = p.State[field]
	}
	if !ok {
		return nil, fmt.Errorf("population %q has no parameter or state variable %q", p.Name, field)
	}
	out := make([]float64, p.Size)
	switch v.Kind {
	case KindConst:
		for k := range out {
			out[k] = v.X
		}
	case KindArray:
		if len(v.Xs) != p.Size {
			return nil, fmt.Errorf("population %q: %s has %d values for %d neurons", p.Name, field, len(v.Xs), p.Size)
		}
		copy(out, v.Xs)
	case KindDist:
		if v.Dist == nil {
			return nil, fmt.Errorf("population %q: %s: missing distribution", p.Name, field)
		}
		m := newSampler(v.Dist)
		if m.kind == distUnknown {
			return nil, fmt.Errorf("population %q: %s: malformed distribution %s", p.Name, field, v.Dist)
		}
		key := Key(n.Seed, "population", p.Name, field)
		var s Stream
		for k := range out {
			s.Reset(key, uint64(k))
			out[k] = m.draw(&s)
		}
	case KindExpr:
		if err := v.Expr.Valid(); err != nil {
			return nil, fmt.Errorf("population %q: %s: %v", p.Name, field, err)
		}
		for k := range out {
			out[k] = v.Expr.Eval(Vars{I: float64(k)})
		}
	default:
		return nil, fmt.Errorf("population %q: %s is a %s, not a number per neuron", p.Name, field, v.Kind)
	}
	for k, x := range out {
		if !isFinite(x) {
			return nil, fmt.Errorf("population %q: %s of neuron %d is %v (%s)", p.Name, field, k, x, describeBad(v))
		}
	}
	return out, nil
}

// describeBad says why a value may have come out NaN or infinite.
func describeBad(v Value) string {
	if v.Kind == KindDist && v.Dist != nil && v.Dist.Name == "normal_clipped" {
		return fmt.Sprintf("%s found no value inside [lo, hi] in %d tries", v.Dist, maxRedraws)
	}
	return "from " + v.String()
}

// Positions returns the place of every neuron of p in its layout, in
// dimensionless grid units, or nil when p has no layout. Random layouts draw
// neuron i's three coordinates from element i of the stream keyed by
// (seed, "layout", p.Name).
func (n *Network) Positions(p *Population) [][3]float64 {
	l := p.Layout
	if l == nil {
		return nil
	}
	pos := make([][3]float64, p.Size)
	switch l.Kind {
	case "grid":
		nx, ny := max(l.Shape[0], 1), max(l.Shape[1], 1)
		sp := l.Spacing
		if sp == 0 {
			sp = 1 // the language's default; a JSON file may omit it
		}
		for i := range pos {
			x, y, z := i%nx, (i/nx)%ny, i/(nx*ny)
			pos[i] = [3]float64{sp * float64(x), sp * float64(y), sp * float64(z)}
		}
	case "random":
		key := Key(n.Seed, "layout", p.Name)
		var s Stream
		for i := range pos {
			s.Reset(key, uint64(i))
			for c := range 3 {
				pos[i][c] = s.Float64() * l.Box[c]
			}
		}
	default:
		return nil
	}
	return pos
}
