package dsl

import (
	"fmt"
	"math"

	"github.com/snn-sim/snn/ir"
)

// values.go turns evaluated values into IR values of a declared form and
// dimension, with the messages of language.md section 2.

var distSigs = map[string][]argSpec{
	"uniform":        sig("lo", "hi"),
	"normal":         sig("mean", "sd"),
	"normal_clipped": sig("mean", "sd", "lo", "hi"),
	"lognormal":      sig("mu", "sigma", "scale?"),
	"exponential":    sig("mean"),
	"gamma":          sig("k", "theta"),
	"choice":         sig("values", "p?"),
}

// evalDist checks a distribution's arguments and returns it with its
// parameters in coherent units and the dimension of the values it draws.
func (c *checker) evalDist(e *Call, en *env) (val, bool) {
	name := e.Name.Name
	args, ok := c.bind(e, distSigs[name], en)
	if !ok {
		return val{}, false
	}
	for k, a := range args {
		if (a.kind != vNum && !(name == "choice" && a.kind == vArr)) || (name == "choice" && a.kind != vArr) {
			c.errs.Add(a.node.Start(), "%s: argument %s must be a constant %s, found %s", name, k, map[bool]string{true: "array", false: "quantity"}[name == "choice"], a.describe())
			return val{}, false
		}
	}
	d := &ir.Distribution{Name: name}
	var dim ir.Dim
	same := func(names ...string) bool {
		dim = args[names[0]].dim
		for _, n := range names[1:] {
			if args[n].dim != dim {
				c.errs.Add(args[n].node.Start(), "%s: %s must have the dimension of %s (%s), found %s", name, n, names[0], dim.Name(), args[n].describe())
				return false
			}
		}
		return true
	}
	bare := func(names ...string) bool {
		for _, n := range names {
			if !args[n].dim.IsDimensionless() {
				c.errs.Add(args[n].node.Start(), "%s: %s must be a bare number, found %s", name, n, args[n].describe())
				return false
			}
		}
		return true
	}
	bad := func(n, why string) (val, bool) {
		c.errs.Add(args[n].node.Start(), "%s: %s %s", name, n, why)
		return val{}, false
	}
	switch name {
	case "uniform":
		if !same("lo", "hi") {
			return val{}, false
		}
		if args["lo"].x > args["hi"].x {
			return bad("hi", "must not be below lo")
		}
		d.Params = []float64{args["lo"].x, args["hi"].x}
	case "normal":
		if !same("mean", "sd") {
			return val{}, false
		}
		if args["sd"].x < 0 {
			return bad("sd", "must not be negative")
		}
		d.Params = []float64{args["mean"].x, args["sd"].x}
	case "normal_clipped":
		if !same("mean", "sd", "lo", "hi") {
			return val{}, false
		}
		if args["sd"].x < 0 {
			return bad("sd", "must not be negative")
		}
		if args["lo"].x >= args["hi"].x {
			return bad("hi", "must be above lo")
		}
		d.Params = []float64{args["mean"].x, args["sd"].x, args["lo"].x, args["hi"].x}
	case "lognormal":
		if !bare("mu", "sigma") {
			return val{}, false
		}
		if args["sigma"].x < 0 {
			return bad("sigma", "must not be negative")
		}
		scale := 1.0
		if s, ok := args["scale"]; ok {
			scale, dim = s.x, s.dim
		}
		d.Params = []float64{args["mu"].x, args["sigma"].x, scale}
	case "exponential":
		dim = args["mean"].dim
		if args["mean"].x <= 0 {
			return bad("mean", "must be positive")
		}
		d.Params = []float64{args["mean"].x}
	case "gamma":
		if !bare("k") {
			return val{}, false
		}
		dim = args["theta"].dim
		if args["k"].x <= 0 {
			return bad("k", "must be positive")
		}
		if args["theta"].x <= 0 {
			return bad("theta", "must be positive")
		}
		d.Params = []float64{args["k"].x, args["theta"].x}
	case "choice":
		vs := args["values"]
		if len(vs.elems) == 0 {
			return bad("values", "must not be empty")
		}
		for k, v := range vs.elems {
			if v.kind != vNum {
				c.errs.Add(v.node.Start(), "choice: values must be quantities, found %s", v.describe())
				return val{}, false
			}
			if k == 0 {
				dim = v.dim
			} else if v.dim != dim {
				c.errs.Add(v.node.Start(), "choice: values must share one dimension (%s), found %s", dim.Name(), v.describe())
				return val{}, false
			}
			d.Choices = append(d.Choices, v.x)
		}
		if p, ok := args["p"]; ok {
			if len(p.elems) != len(vs.elems) {
				return bad("p", fmt.Sprintf("has %d probabilities for %d values", len(p.elems), len(vs.elems)))
			}
			sum := 0.0
			for _, q := range p.elems {
				if q.kind != vNum || !q.dim.IsDimensionless() || q.x < 0 {
					c.errs.Add(q.node.Start(), "choice: probabilities must be bare numbers >= 0, found %s", q.describe())
					return val{}, false
				}
				d.P = append(d.P, q.x)
				sum += q.x
			}
			if math.Abs(sum-1) > 1e-9 {
				return bad("p", fmt.Sprintf("must sum to 1, found %g", sum))
			}
		} else {
			for range vs.elems {
				d.P = append(d.P, 1/float64(len(vs.elems)))
			}
		}
	}
	return val{kind: vDist, dist: d, dim: dim, node: e}, true
}

// convertDist returns d with parameters scaled by f (the dimensionless
// lognormal mu, sigma and gamma k are left alone).
func convertDist(d *ir.Distribution, f float64) *ir.Distribution {
	out := &ir.Distribution{Name: d.Name, P: d.P}
	for k, x := range d.Params {
		switch {
		case d.Name == "lognormal" && k < 2, d.Name == "gamma" && k == 0:
			out.Params = append(out.Params, x)
		default:
			out.Params = append(out.Params, x*f)
		}
	}
	for _, x := range d.Choices {
		out.Choices = append(out.Choices, x*f)
	}
	return out
}

// scaleExpr multiplies a coherent expression to canonical units.
func scaleExpr(e *ir.Expr, f float64) *ir.Expr {
	if f == 1 {
		return e
	}
	return &ir.Expr{Op: "*", Args: []*ir.Expr{e, {Op: "const", X: f}}}
}

// field names a parameter in messages ("tau_m", "weight").
type field struct {
	name string
	at   Node
}

// dimMismatch reports a value of the wrong dimension the way language.md
// asks: "tau_m: expected time, found voltage (20 mV)", with a hint for a
// bare number.
func (c *checker) dimMismatch(f field, want ir.Dim, v val) {
	if v.kind == vNum && v.dim.IsDimensionless() && !want.IsDimensionless() {
		unit := want.CanonicalUnit()
		c.errs.Add(v.node.Start(), "%s: expected %s, found a bare number (%s); write %s %s", f.name, want.Name(), exprString(v.node), exprString(v.node), unit)
		return
	}
	c.errs.Add(v.node.Start(), "%s: expected %s, found %s", f.name, want.Name(), v.describe())
}

// quantity checks a constant of dimension want and returns it in canonical units.
func (c *checker) quantity(f field, v val, want ir.Dim) (float64, bool) {
	if v.kind != vNum {
		if v.kind == vSym && !v.isBool {
			c.errs.Add(v.node.Start(), "%s must be a constant; it cannot depend on i, j or d", f.name)
			return 0, false
		}
		c.errs.Add(v.node.Start(), "%s: expected %s, found %s", f.name, wantWord(want), v.describe())
		return 0, false
	}
	if v.dim != want {
		c.dimMismatch(f, want, v)
		return 0, false
	}
	return v.x * want.CoherentToCanonical(), true
}

func wantWord(d ir.Dim) string {
	if d.IsDimensionless() {
		return "a number"
	}
	return d.Name()
}

// integer checks a dimensionless whole number in [lo, hi].
func (c *checker) integer(f field, v val, lo, hi float64) (int64, bool) {
	x, ok := c.quantity(f, v, ir.DimDimensionless)
	if !ok {
		return 0, false
	}
	if x != math.Trunc(x) {
		c.errs.Add(v.node.Start(), "%s: expected a whole number, found %s", f.name, exprString(v.node))
		return 0, false
	}
	if x < lo || x > hi {
		if hi >= 1e18 {
			c.errs.Add(v.node.Start(), "%s must be at least %g, found %s", f.name, lo, exprString(v.node))
		} else {
			c.errs.Add(v.node.Start(), "%s must be between %g and %g, found %s", f.name, lo, hi, exprString(v.node))
		}
		return 0, false
	}
	return int64(x), true
}

// boolean checks a constant boolean.
func (c *checker) boolean(f field, v val) (bool, bool) {
	if v.kind != vBool {
		c.errs.Add(v.node.Start(), "%s: expected true or false, found %s", f.name, v.describe())
		return false, false
	}
	return v.x != 0, true
}

// str checks a string literal.
func (c *checker) str(f field, v val) (string, bool) {
	if v.kind != vStr {
		c.errs.Add(v.node.Start(), "%s: expected a string, found %s", f.name, v.describe())
		return "", false
	}
	return v.s, true
}

// perElement converts a value given per element (neuron or connection) into
// an ir.Value in canonical units of dimension want. n is the number of
// elements (-1 when not known yet: arrays are then checked later). bareScale,
// when non-zero, allows a bare number read as bareScale canonical units.
func (c *checker) perElement(f field, v val, want ir.Dim, n int, bareScale float64) (ir.Value, bool) {
	toCanon := want.CoherentToCanonical()
	if bareScale != 0 && v.dim.IsDimensionless() && !want.IsDimensionless() {
		switch v.kind {
		case vNum, vSym, vDist:
			v.dim = want
			toCanon = bareScale
		case vArr:
			for k := range v.elems {
				if v.elems[k].dim.IsDimensionless() {
					v.elems[k].dim = want
				}
			}
			toCanon = bareScale
		}
	}
	switch v.kind {
	case vNum:
		if v.dim != want {
			c.dimMismatch(f, want, v)
			return ir.Value{}, false
		}
		return ir.Const(v.x * toCanon), true
	case vArr:
		if n >= 0 && len(v.elems) != n {
			c.errs.Add(v.node.Start(), "%s: the array has %d elements, expected %d (one per element)", f.name, len(v.elems), n)
			return ir.Value{}, false
		}
		xs := make([]float64, len(v.elems))
		for k, el := range v.elems {
			if el.kind != vNum {
				c.errs.Add(el.node.Start(), "%s: array elements must be quantities, found %s", f.name, el.describe())
				return ir.Value{}, false
			}
			if el.dim != want {
				c.dimMismatch(f, want, el)
				return ir.Value{}, false
			}
			xs[k] = el.x * toCanon
		}
		return ir.Value{Kind: ir.KindArray, Xs: xs}, true
	case vDist:
		if v.dim != want {
			c.errs.Add(v.node.Start(), "%s: expected %s, found a distribution of %s (%s)", f.name, want.Name(), dimWord(v.dim), exprString(v.node))
			return ir.Value{}, false
		}
		return ir.Value{Kind: ir.KindDist, Dist: convertDist(v.dist, toCanon)}, true
	case vSym:
		if v.isBool || v.dim != want {
			c.dimMismatch(f, want, v)
			return ir.Value{}, false
		}
		return ir.Value{Kind: ir.KindExpr, Expr: scaleExpr(v.sym, toCanon)}, true
	}
	c.errs.Add(v.node.Start(), "%s: expected %s, found %s", f.name, wantWord(want), v.describe())
	return ir.Value{}, false
}

func dimWord(d ir.Dim) string {
	if d.IsDimensionless() {
		return "bare numbers"
	}
	return d.Name()
}
