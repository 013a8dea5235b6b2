package dsl

import (
	"fmt"
	"math"
	"sort"
	"strconv"

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
			c.errs.Add(a.node.Start(), "%s: argument %s must be a constant %s, found %s", name, k, map[bool]string{true: "array", false: "quantity"}[name == "choice"], c.found(a))
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
	badValue := func(n, why string) (val, bool) {
		return bad(n, why+", found "+exprString(args[n].node))
	}
	switch name {
	case "uniform":
		if !same("lo", "hi") {
			return val{}, false
		}
		if args["lo"].x > args["hi"].x {
			return badValue("hi", "must not be below lo")
		}
		d.Params = []float64{args["lo"].x, args["hi"].x}
	case "normal":
		if !same("mean", "sd") {
			return val{}, false
		}
		if args["sd"].x < 0 {
			return badValue("sd", "must not be negative")
		}
		d.Params = []float64{args["mean"].x, args["sd"].x}
	case "normal_clipped":
		if !same("mean", "sd", "lo", "hi") {
			return val{}, false
		}
		if args["sd"].x < 0 {
			return badValue("sd", "must not be negative")
		}
		if args["lo"].x >= args["hi"].x {
			return badValue("hi", "must be above lo")
		}
		// Values outside [lo, hi] are redrawn: the window must hold enough
		// of the distribution (ir.Validate's limit).
		if m := ir.NormalMass(args["mean"].x, args["sd"].x, args["lo"].x, args["hi"].x); m < ir.MinClippedMass {
			c.errs.Add(e.From, "normal_clipped: only %.2g%% of normal(%s, %s) lies in [%s, %s]; values outside are redrawn, so at least %g%% must lie inside",
				100*m, exprString(args["mean"].node), exprString(args["sd"].node), exprString(args["lo"].node), exprString(args["hi"].node), 100*ir.MinClippedMass)
			return val{}, false
		}
		d.Params = []float64{args["mean"].x, args["sd"].x, args["lo"].x, args["hi"].x}
	case "lognormal":
		if !bare("mu", "sigma") {
			return val{}, false
		}
		if args["sigma"].x < 0 {
			return badValue("sigma", "must not be negative")
		}
		scale := 1.0
		if s, ok := args["scale"]; ok {
			scale, dim = s.x, s.dim
		}
		d.Params = []float64{args["mu"].x, args["sigma"].x, scale}
	case "exponential":
		dim = args["mean"].dim
		if args["mean"].x <= 0 {
			return badValue("mean", "must be positive")
		}
		d.Params = []float64{args["mean"].x}
	case "gamma":
		if !bare("k") {
			return val{}, false
		}
		dim = args["theta"].dim
		if args["k"].x <= 0 {
			return badValue("k", "must be positive")
		}
		if args["theta"].x <= 0 {
			return badValue("theta", "must be positive")
		}
		d.Params = []float64{args["k"].x, args["theta"].x}
	case "choice":
		vs := args["values"]
		if len(vs.elems) == 0 {
			return bad("values", "must not be empty")
		}
		for k, v := range vs.elems {
			if v.kind != vNum {
				c.errs.Add(v.node.Start(), "choice: values must be quantities, found %s", c.found(v))
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
					c.errs.Add(q.node.Start(), "choice: probabilities must be bare numbers >= 0, found %s", c.found(q))
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
		lit := v.node
		if u, ok := lit.(*Unary); ok {
			lit = u.X
		}
		hint := fmt.Sprintf("give it a unit, e.g. (%s) * 1 %s", exprString(v.node), unit)
		switch lit.(type) {
		case *Number:
			hint = fmt.Sprintf("write %s %s", exprString(v.node), unit)
		case *Ident: // a let
			hint = fmt.Sprintf("give let %s a unit, e.g. %s %s", exprString(v.node), wholeString(v.x), unit)
		}
		c.errs.Add(v.node.Start(), "%s: expected %s, found a bare number (%s); %s", f.name, want.Name(), v.source(), hint)
		return
	}
	c.errs.Add(v.node.Start(), "%s: expected %s, found %s", f.name, wantWord(want), v.describe())
}

// quantity checks a constant of dimension want and returns it in canonical units.
func (c *checker) quantity(f field, v val, want ir.Dim) (float64, bool) {
	if v.kind != vNum {
		if v.kind == vSym && !v.isBool {
			c.errs.Add(v.node.Start(), "%s must be a constant; it cannot depend on i, j or d", f.name)
			return 0, false
		}
		c.errs.Add(v.node.Start(), "%s: expected %s, found %s", f.name, wantWord(want), c.found(v))
		return 0, false
	}
	if v.dim != want {
		c.dimMismatch(f, want, v)
		return 0, false
	}
	x := v.x * want.CoherentToCanonical()
	return x, c.finite(f, v, x)
}

func wantWord(d ir.Dim) string {
	if d.IsDimensionless() {
		return "a bare number"
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
		c.errs.Add(v.node.Start(), "%s: expected a whole number, found %s", f.name, v.source())
		return 0, false
	}
	if x < lo {
		c.errs.Add(v.node.Start(), "%s must be at least %s, found %s", f.name, wholeString(lo), v.source())
		return 0, false
	}
	if x > hi {
		c.errs.Add(v.node.Start(), "%s must be at most %s, found %s", f.name, wholeString(hi), v.source())
		return 0, false
	}
	return int64(x), true
}

// finite reports a value that overflows in canonical units (the front end
// computes in coherent units, where it was still finite).
func (c *checker) finite(f field, v val, x float64) bool {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		c.errs.Add(v.node.Start(), "%s: %s is too large", f.name, exprString(v.node))
		return false
	}
	return true
}

// wholeString prints a whole number without an exponent.
func wholeString(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// boolean checks a constant boolean.
func (c *checker) boolean(f field, v val) (bool, bool) {
	if v.kind != vBool {
		c.errs.Add(v.node.Start(), "%s: expected true or false, found %s", f.name, c.found(v))
		return false, false
	}
	return v.x != 0, true
}

// str checks a string literal.
func (c *checker) str(f field, v val) (string, bool) {
	if v.kind != vStr {
		c.errs.Add(v.node.Start(), "%s: expected a string, found %s", f.name, c.found(v))
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
		return ir.Const(v.x * toCanon), c.finite(f, v, v.x*toCanon)
	case vArr:
		if n >= 0 && len(v.elems) != n {
			c.errs.Add(v.node.Start(), "%s: the array has %d elements, expected %d (one per element)", f.name, len(v.elems), n)
			return ir.Value{}, false
		}
		xs := make([]float64, len(v.elems))
		for k, el := range v.elems {
			if el.kind != vNum {
				c.errs.Add(el.node.Start(), "%s: array elements must be quantities, found %s", f.name, c.found(el))
				return ir.Value{}, false
			}
			if el.dim != want {
				c.dimMismatch(f, want, el)
				return ir.Value{}, false
			}
			xs[k] = el.x * toCanon
			if !c.finite(f, el, xs[k]) {
				return ir.Value{}, false
			}
		}
		return ir.Value{Kind: ir.KindArray, Xs: xs}, true
	case vDist:
		if v.dim != want {
			c.errs.Add(v.node.Start(), "%s: expected %s, found a distribution of %s (%s)", f.name, wantWord(want), dimWord(v.dim), exprString(v.node))
			return ir.Value{}, false
		}
		d := convertDist(v.dist, toCanon)
		for _, x := range append(append([]float64{}, d.Params...), d.Choices...) {
			if !c.finite(f, v, x) {
				return ir.Value{}, false
			}
		}
		return ir.Value{Kind: ir.KindDist, Dist: d}, true
	case vSym:
		if v.isBool || v.dim != want {
			c.dimMismatch(f, want, v)
			return ir.Value{}, false
		}
		return ir.Value{Kind: ir.KindExpr, Expr: scaleExpr(v.sym, toCanon)}, true
	}
	c.errs.Add(v.node.Start(), "%s: expected %s, found %s", f.name, wantWord(want), c.found(v))
	return ir.Value{}, false
}

func dimWord(d ir.Dim) string {
	if d.IsDimensionless() {
		return "bare numbers"
	}
	return d.Name()
}

// knownCalls are the calls that mean something in some field; any other
// call in a numeric field is an unknown function.
var knownCalls = map[string]bool{
	"grid": true, "random": true, "file": true, "chip": true, "core": true, "link": true,
	"boards": true, "spike_pair": true, "nearest_pair": true, "additive": true,
	"multiplicative": true, "dc": true, "step": true, "ac": true, "noisy": true,
	"idx_images": true, "nmnist": true, "csv_events": true, "poisson_rate": true,
	"latency": true, "saccade_dvs": true, "ridge": true, "logistic": true,
}

// found describes v where a number, a boolean or a string was expected. A
// bare word there can only be a name that is not defined, or that names
// something else (a population ...); a call, a function that does not exist.
func (c *checker) found(v val) string {
	if v.kind != vCall {
		return v.describe()
	}
	name := v.call.Name.Name
	if v.call.Parens {
		if knownCalls[name] || connectors[name] != nil {
			return v.describe()
		}
		var funcs []string
		for f := range ir.Funcs {
			funcs = append(funcs, f)
		}
		funcs = append(funcs, keys(distSigs)...)
		sort.Strings(funcs)
		return "unknown function " + name + suggest(name, funcs)
	}
	if d, ok := c.decls[name]; ok {
		return fmt.Sprintf("%s, a %s", name, d.kind)
	}
	cands := keys(c.lets)
	if len(name) >= 3 {
		cands = append(cands, keys(ir.Units)...)
	}
	return "unknown name " + name + suggest(name, cands)
}
