package ir

import (
	"fmt"
	"strings"
)

// Dim is a physical dimension as integer exponents of four independent bases:
// time (s), current (A), mass·length² (kg·m², which never appears apart in the
// electrical and energy quantities the language knows) and information (bit).
// Every quantity of the language is a multiple of a product of these.
type Dim [4]int8

const (
	baseTime = iota
	baseCurrent
	baseKgM2
	baseBit
)

// The named dimensions of language.md section 2.
var (
	DimDimensionless = Dim{}
	DimTime          = Dim{1, 0, 0, 0}
	DimFrequency     = Dim{-1, 0, 0, 0}
	DimCurrent       = Dim{0, 1, 0, 0}
	DimVoltage       = Dim{-3, -1, 1, 0}
	DimCapacitance   = Dim{4, 2, -1, 0}
	DimConductance   = Dim{3, 2, -1, 0}
	DimResistance    = Dim{-3, -2, 1, 0}
	DimMemory        = Dim{0, 0, 0, 1}
	DimEnergy        = Dim{-2, 0, 1, 0}
	DimPower         = Dim{-3, 0, 1, 0}
	// DimVoltagePerTime is izhikevich's d (mV/ms); named so messages read well.
	DimVoltagePerTime = Dim{-4, -1, 1, 0}
)

// Mul returns the dimension of a product.
func (d Dim) Mul(e Dim) Dim {
	for k := range d {
		d[k] += e[k]
	}
	return d
}

// Div returns the dimension of a quotient.
func (d Dim) Div(e Dim) Dim {
	for k := range d {
		d[k] -= e[k]
	}
	return d
}

// Pow returns the dimension raised to an integer power.
func (d Dim) Pow(n int) Dim {
	for k := range d {
		d[k] *= int8(n)
	}
	return d
}

// IsDimensionless reports whether d has no dimension.
func (d Dim) IsDimensionless() bool { return d == DimDimensionless }

type namedDim struct {
	name      string
	dim       Dim
	canonical string  // canonical IR unit
	scale     float64 // SI value of one canonical unit
	coherent  float64 // SI value of one coherent unit (see CoherentScale)
}

// namedDims lists the dimensions with a name, in the order messages prefer.
var namedDims = []namedDim{
	{"dimensionless", DimDimensionless, "1", 1, 1},
	{"time", DimTime, "ms", 1e-3, 1e-3},
	{"voltage", DimVoltage, "mV", 1e-3, 1e-3},
	{"voltage/time", DimVoltagePerTime, "mV/ms", 1, 1},
	{"current", DimCurrent, "nA", 1e-9, 1e-9},
	{"capacitance", DimCapacitance, "nF", 1e-9, 1e-9},
	{"conductance", DimConductance, "uS", 1e-6, 1e-6},
	{"resistance", DimResistance, "MOhm", 1e6, 1e6},
	{"frequency", DimFrequency, "Hz", 1, 1e3},
	{"memory", DimMemory, "B", 8, 8},
	{"energy", DimEnergy, "pJ", 1e-12, 1e-15},
	{"power", DimPower, "mW", 1e-3, 1e-12},
}

// baseScale is the SI value of the canonical unit of each base for dimensions
// that have no name: ms, nA, and kg·m² chosen so that mV, nF, uS and MOhm come
// out coherent (1 nA · 1 MOhm = 1 mV, 1 MOhm · 1 nF = 1 ms), and the byte.
var baseScale = [4]float64{1e-3, 1e-9, 1e-21, 8}

// Name is the dimension's name for messages: "time", "voltage/time",
// or, failing a name, its expression in base units ("s^-2 A").
func (d Dim) Name() string {
	for _, n := range namedDims {
		if n.dim == d {
			return n.name
		}
	}
	for _, a := range namedDims[1:] {
		for _, b := range namedDims[1:] {
			if a.dim.Div(b.dim) == d {
				return a.name + "/" + b.name
			}
		}
	}
	for _, a := range namedDims[1:] {
		for _, b := range namedDims[1:] {
			if a.dim.Mul(b.dim) == d {
				return a.name + "*" + b.name
			}
		}
	}
	for _, a := range namedDims[1:] {
		if a.dim.Pow(2) == d {
			return a.name + "^2"
		}
		if DimDimensionless.Div(a.dim) == d {
			return "1/" + a.name
		}
	}
	names := [4]string{"s", "A", "kg m^2", "bit"}
	var parts []string
	for k, e := range d {
		switch {
		case e == 1:
			parts = append(parts, names[k])
		case e != 0:
			parts = append(parts, fmt.Sprintf("%s^%d", names[k], e))
		}
	}
	return strings.Join(parts, " ")
}

// CanonicalScale is the SI value of one canonical IR unit of d: IR values are
// SI values divided by it.
func (d Dim) CanonicalScale() float64 {
	for _, n := range namedDims {
		if n.dim == d {
			return n.scale
		}
	}
	return d.productScale()
}

// productScale is the SI value of the product of base canonical units that
// makes up d: the coherent unit of a dimension without a name.
func (d Dim) productScale() float64 {
	s := 1.0
	for k, e := range d {
		for ; e > 0; e-- {
			s *= baseScale[k]
		}
		for ; e < 0; e++ {
			s /= baseScale[k]
		}
	}
	return s
}

// CoherentScale is the SI value of one unit of d in the coherent system
// built on ms, nA, mV (so nF, uS, MOhm, 1/ms, mV/ms are its units too). The
// front end computes in it: arithmetic between any dimensions is exact
// algebra, and a quantity in a canonical unit that is also coherent (20 ms,
// -65 mV, 1 nF) converts with a factor of exactly 1.
func (d Dim) CoherentScale() float64 {
	for _, n := range namedDims {
		if n.dim == d {
			return n.coherent
		}
	}
	return d.productScale()
}

// CoherentToCanonical is the factor from a coherent value of d to canonical IR units.
func (d Dim) CoherentToCanonical() float64 {
	c, k := d.CoherentScale(), d.CanonicalScale()
	if c == k {
		return 1
	}
	return c / k
}

// CanonicalUnit is the name of the canonical IR unit of d ("ms", "mV/ms").
func (d Dim) CanonicalUnit() string {
	for _, n := range namedDims {
		if n.dim == d {
			return n.canonical
		}
	}
	for _, a := range namedDims[1:] {
		for _, b := range namedDims[1:] {
			if a.dim.Div(b.dim) == d {
				return a.canonical + "/" + b.canonical
			}
		}
	}
	return "SI/" + fmt.Sprint(d.CanonicalScale())
}

// Unit is one unit symbol of the language: its SI value and dimension.
type Unit struct {
	Symbol string
	Scale  float64 // SI value of 1 Symbol
	Dim    Dim
}

// Units maps every unit symbol of language.md section 2 to its value. The
// micro prefix is written u, µ (U+00B5) or μ (U+03BC); the two Greek forms are
// folded to u by LookupUnit.
var Units = map[string]Unit{}

func init() {
	add := func(dim Dim, syms ...any) {
		for k := 0; k < len(syms); k += 2 {
			s := syms[k].(string)
			Units[s] = Unit{s, syms[k+1].(float64), dim}
		}
	}
	add(DimTime, "s", 1.0, "ms", 1e-3, "us", 1e-6, "ns", 1e-9)
	add(DimVoltage, "V", 1.0, "mV", 1e-3, "uV", 1e-6)
	add(DimCurrent, "A", 1.0, "mA", 1e-3, "uA", 1e-6, "nA", 1e-9, "pA", 1e-12)
	add(DimCapacitance, "F", 1.0, "mF", 1e-3, "uF", 1e-6, "nF", 1e-9, "pF", 1e-12)
	add(DimConductance, "S", 1.0, "mS", 1e-3, "uS", 1e-6, "nS", 1e-9, "pS", 1e-12)
	add(DimResistance, "Ohm", 1.0, "kOhm", 1e3, "MOhm", 1e6, "GOhm", 1e9)
	add(DimFrequency, "Hz", 1.0, "kHz", 1e3, "MHz", 1e6, "GHz", 1e9)
	add(DimMemory, "bit", 1.0, "Kb", 1024.0, "Mb", 1024.0*1024, "B", 8.0, "KB", 8*1024.0, "MB", 8*1024.0*1024, "GB", 8*1024.0*1024*1024)
	add(DimEnergy, "J", 1.0, "mJ", 1e-3, "uJ", 1e-6, "nJ", 1e-9, "pJ", 1e-12, "fJ", 1e-15)
	add(DimPower, "W", 1.0, "mW", 1e-3, "uW", 1e-6, "nW", 1e-9)
}

// NormalizeUnitSymbol folds the Greek micro signs to u.
func NormalizeUnitSymbol(s string) string {
	if strings.HasPrefix(s, "µ") {
		return "u" + s[len("µ"):]
	}
	if strings.HasPrefix(s, "μ") {
		return "u" + s[len("μ"):]
	}
	return s
}

// LookupUnit finds a unit symbol, accepting µ and μ for u.
func LookupUnit(s string) (Unit, bool) {
	u, ok := Units[NormalizeUnitSymbol(s)]
	return u, ok
}
