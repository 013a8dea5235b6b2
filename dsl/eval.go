package dsl

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/snn-sim/snn/ir"
)

// eval.go evaluates expressions to values. Numbers are kept in the coherent
// unit system of ir.Dim.CoherentScale (ms, mV, nA, nF, uS, MOhm, 1/ms ...),
// so that the algebra of dimensions is exact and the common canonical units
// convert with a factor of exactly one. Expressions of the index variables
// i, j and d stay symbolic (ir.Expr); calls that are not arithmetic or
// distributions (connectors, layouts, sources ...) stay unevaluated until the
// statement that uses them knows what they must be.

type vkind int

const (
	vNum    vkind = iota // x with dim
	vBool                // x is 0 or 1
	vStr                 // s
	vArr                 // elems
	vDist                // dist (params coherent) with dim
	vSym                 // sym (coherent) with dim; boolean when isBool
	vShape               // elems[0] x elems[1]
	vCall                // an unevaluated call (or a bare word: call.Parens false)
	vMember              // member: name.sel
	vPipe                // elems: stages
)

type val struct {
	kind   vkind
	x      float64
	dim    ir.Dim
	s      string
	elems  []val
	dist   *ir.Distribution
	sym    *ir.Expr
	isBool bool
	call   *Call
	env    *env // where a call's arguments are to be evaluated
	member *Member
	node   Node // the expression it came from
}

// describe names a value's kind for messages: "voltage (20 mV)".
func (v val) describe() string {
	src := ""
	if _, paren := v.node.(*Paren); paren {
		src = " " + exprString(v.node) // already in parentheses
	} else if v.node != nil {
		src = " (" + v.source() + ")"
	}
	switch v.kind {
	case vNum, vSym:
		if v.isBool {
			return "a boolean" + src
		}
		if v.dim.IsDimensionless() {
			return "a bare number" + src
		}
		return v.dim.Name() + src
	case vBool:
		return "a boolean" + src
	case vStr:
		return "a string" + src
	case vArr:
		return "an array" + src
	case vDist:
		return "a distribution" + src
	case vShape:
		return "a shape" + src
	case vCall:
		if !v.call.Parens {
			return "the name " + v.call.Name.Name
		}
		return "a call of " + v.call.Name.Name + src
	case vMember:
		return "a reference" + src
	case vPipe:
		return "a pipeline" + src
	}
	return "a value" + src
}

// source renders the expression v came from; a let's name comes with its
// value ("n = 2.5"), which the message would otherwise hide.
func (v val) source() string {
	s := exprString(v.node)
	if id, ok := v.node.(*Ident); ok && v.kind == vNum && !isUnitName(id.Name) {
		unit := ""
		if !v.dim.IsDimensionless() {
			unit = " " + v.dim.CanonicalUnit()
			if strings.HasPrefix(unit, " SI/") {
				return s // a dimension without a name: no unit to show it in
			}
		}
		s += fmt.Sprintf(" = %g%s", v.x*v.dim.CoherentToCanonical(), unit)
	}
	return s
}

// env is where an expression is evaluated: which index variables are bound.
type env struct {
	vars  map[string]bool // "i", "j", "d" bound here
	where string          // for messages: "in population fields"
	inLet bool            // inside a let: index variables stay free
}

var (
	envPlain      = &env{where: "here"}
	envLet        = &env{inLet: true, where: "in a let"}
	envPopulation = &env{vars: map[string]bool{"i": true}, where: "in population fields"}
	envConnect    = &env{vars: map[string]bool{"i": true, "j": true, "d": true}, where: "in connect fields"}
)

var reserved = map[string]bool{"and": true, "or": true, "not": true, "true": true, "false": true}

var indexVarDoc = map[string]string{
	"i": "the neuron index in population fields and the pre index in connect fields",
	"j": "the post index in connect fields",
	"d": "the distance between pre and post in connect fields",
}

func num(x float64, d ir.Dim, n Node) val { return val{kind: vNum, x: x, dim: d, node: n} }

// eval evaluates e; ok is false when an error was reported.
func (c *checker) eval(e Expr, en *env) (val, bool) {
	switch e := e.(type) {
	case *Number:
		x, err := strconv.ParseFloat(e.Text, 64)
		if err != nil || math.IsInf(x, 0) {
			c.errs.Add(e.From, "number %s is out of range", e.Text)
			return val{}, false
		}
		if e.Unit == "" {
			return num(x, ir.DimDimensionless, e), true
		}
		u, _ := ir.LookupUnit(e.Unit)
		return num(x*unitFactor(u), u.Dim, e), true
	case *String:
		return val{kind: vStr, s: e.Value, node: e}, true
	case *Ident:
		return c.evalIdent(e, en)
	case *Member:
		return val{kind: vMember, member: e, node: e}, true
	case *Paren:
		v, ok := c.eval(e.X, en)
		v.node = e
		return v, ok
	case *Unary:
		x, ok := c.eval(e.X, en)
		if !ok {
			return val{}, false
		}
		if e.Op == "not" {
			return c.logic("not", e, x, val{})
		}
		return c.arith("neg", e, e.From, x, val{})
	case *Binary:
		x, ok1 := c.eval(e.X, en)
		y, ok2 := c.eval(e.Y, en)
		if !ok1 || !ok2 {
			return val{}, false
		}
		switch e.Op {
		case "and", "or":
			return c.logic(e.Op, e, x, y)
		}
		return c.arith(e.Op, e, e.OpPos, x, y)
	case *Array:
		a := val{kind: vArr, node: e}
		ok := true
		for _, el := range e.Elems {
			v, ok1 := c.eval(el, en)
			ok = ok && ok1
			a.elems = append(a.elems, v)
		}
		return a, ok
	case *Shape:
		r, ok1 := c.eval(e.Rows, en)
		k, ok2 := c.eval(e.Cols, en)
		return val{kind: vShape, elems: []val{r, k}, node: e}, ok1 && ok2
	case *Pipe:
		p := val{kind: vPipe, node: e}
		for _, s := range e.Stages {
			v, ok := c.eval(s, en)
			if !ok {
				return val{}, false
			}
			p.elems = append(p.elems, v)
		}
		return p, true
	case *Call:
		return c.evalCall(e, en)
	}
	c.errs.Add(e.Start(), "unexpected expression")
	return val{}, false
}

// unitFactor converts a value in unit u to the coherent unit of its dimension.
func unitFactor(u ir.Unit) float64 {
	s := u.Dim.CoherentScale()
	if u.Scale == s {
		return 1
	}
	return u.Scale / s
}

func (c *checker) evalIdent(e *Ident, en *env) (val, bool) {
	name := e.Name
	if doc, isVar := indexVarDoc[name]; isVar {
		_, isLet := c.lets[name]
		switch {
		case en.vars[name] && isLet:
			c.errs.Add(e.From, "%s is both a let (at %s) and the index variable %s here; rename the let", name, c.lets[name].stmt.Name.From, name)
			return val{}, false
		case en.vars[name] || (en.inLet && !isLet):
			return val{kind: vSym, sym: &ir.Expr{Op: "var", Var: name}, node: e}, true
		case !isLet:
			c.errs.Add(e.From, "%s is not defined %s: it is %s", name, en.where, doc)
			return val{}, false
		}
	}
	switch name {
	case "true":
		return val{kind: vBool, x: 1, node: e}, true
	case "false":
		return val{kind: vBool, x: 0, node: e}, true
	}
	if u, ok := ir.LookupUnit(name); ok {
		return num(unitFactor(u), u.Dim, e), true
	}
	if l, ok := c.lets[name]; ok {
		v, ok := c.letValue(l)
		if !ok {
			return val{}, false
		}
		if v.kind == vSym && !en.inLet {
			for _, x := range []string{"i", "j", "d"} {
				if v.sym.Uses(x) && !en.vars[x] {
					c.errs.Add(e.From, "let %s uses %s, which is not defined %s (%s is %s)", name, x, en.where, x, indexVarDoc[x])
					return val{}, false
				}
			}
		}
		v.node = e
		return v, true
	}
	if c.rejected[name] {
		return val{}, false // its definition had an error, reported there
	}
	// Any other name is a word whose meaning depends on where it stands
	// (a model, a machine, a receptor); the user of the value decides.
	return val{kind: vCall, call: &Call{Span: e.Span, Name: e}, env: en, node: e}, true
}

// letValue evaluates a let once, detecting cycles.
func (c *checker) letValue(l *letState) (val, bool) {
	switch l.state {
	case letDone:
		return l.v, l.ok
	case letBusy:
		chain := ""
		for k, m := range c.letStack {
			if m == l && k < len(c.letStack)-1 {
				for _, m := range c.letStack[k:] {
					chain += m.stmt.Name.Name + " -> "
				}
				chain = " (" + chain + l.stmt.Name.Name + ")"
			}
		}
		c.errs.Add(l.stmt.Name.From, "let %s is defined in terms of itself%s", l.stmt.Name.Name, chain)
		l.ok = false
		return val{}, false
	}
	l.state = letBusy
	c.letStack = append(c.letStack, l)
	v, ok := c.eval(l.stmt.Value, envLet)
	c.letStack = c.letStack[:len(c.letStack)-1]
	if l.state == letBusy {
		l.v, l.ok = v, ok
	}
	l.state = letDone
	return l.v, l.ok
}

func (c *checker) logic(op string, e Node, x, y val) (val, bool) {
	isB := func(v val) bool { return v.kind == vBool || v.kind == vSym && v.isBool }
	if !isB(x) || (op != "not" && !isB(y)) {
		bad := x
		if isB(x) {
			bad = y
		}
		c.errs.Add(bad.node.Start(), "%s needs booleans (comparisons, true, false), found %s", op, c.found(bad))
		return val{}, false
	}
	if op == "not" {
		if x.kind == vBool {
			return val{kind: vBool, x: 1 - x.x, node: e}, true
		}
		return val{kind: vSym, isBool: true, sym: &ir.Expr{Op: "not", Args: []*ir.Expr{x.sym}}, node: e}, true
	}
	if x.kind == vBool && y.kind == vBool {
		r := x.x != 0 && y.x != 0
		if op == "or" {
			r = x.x != 0 || y.x != 0
		}
		return val{kind: vBool, x: b2f(r), node: e}, true
	}
	return val{kind: vSym, isBool: true, sym: &ir.Expr{Op: op, Args: []*ir.Expr{symOf(x), symOf(y)}}, node: e}, true
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func symOf(v val) *ir.Expr {
	if v.kind == vSym {
		return v.sym
	}
	return &ir.Expr{Op: "const", X: v.x}
}

var opVerb = map[string]string{"+": "add", "-": "subtract", "==": "compare", "!=": "compare", "<": "compare", "<=": "compare", ">": "compare", ">=": "compare"}

// arith applies an arithmetic or comparison operator (or "neg").
func (c *checker) arith(op string, e Node, at ir.Position, x, y val) (val, bool) {
	// Element-wise over arrays: [1, 2] * ms, [1 ms, 2 ms] + 1 ms.
	if x.kind == vArr || (op != "neg" && y.kind == vArr) {
		return c.arithArray(op, e, at, x, y)
	}
	if isComparison(op) {
		if b, ok := x.node.(*Binary); ok && isComparison(b.Op) {
			c.errs.Add(at, "comparisons do not chain: write %s and %s %s %s instead of %s",
				exprString(b), exprString(b.Y), op, exprString(e.(*Binary).Y), exprString(e))
			return val{}, false
		}
	}
	for _, v := range []val{x, y} {
		if op == "neg" && v.node == nil {
			continue
		}
		if v.kind != vNum && !(v.kind == vSym && !v.isBool) {
			if v.kind == vDist {
				c.errs.Add(v.node.Start(), "a distribution cannot take part in arithmetic; put the arithmetic in its arguments")
			} else {
				c.errs.Add(v.node.Start(), "expected a number or quantity, found %s", c.found(v))
			}
			return val{}, false
		}
	}
	if op == "neg" {
		if x.kind == vNum {
			return num(-x.x, x.dim, e), true
		}
		return val{kind: vSym, dim: x.dim, sym: &ir.Expr{Op: "neg", Args: []*ir.Expr{x.sym}}, node: e}, true
	}
	var dim ir.Dim
	isBool := false
	switch op {
	case "+", "-", "==", "!=", "<", "<=", ">", ">=":
		if x.dim != y.dim {
			c.errs.Add(at, "cannot %s %s and %s", opVerb[op], x.describe(), y.describe())
			return val{}, false
		}
		dim = x.dim
		if op != "+" && op != "-" {
			dim, isBool = ir.DimDimensionless, true
		}
	case "*":
		dim = x.dim.Mul(y.dim)
	case "/":
		dim = x.dim.Div(y.dim)
	case "^":
		if !y.dim.IsDimensionless() {
			c.errs.Add(y.node.Start(), "an exponent must be a bare number, found %s", y.describe())
			return val{}, false
		}
		if !x.dim.IsDimensionless() {
			if y.kind != vNum || y.x != math.Trunc(y.x) || math.Abs(y.x) > 8 {
				c.errs.Add(y.node.Start(), "a quantity with a dimension (%s) can only be raised to a whole number, found %s", x.dim.Name(), exprString(y.node))
				return val{}, false
			}
			dim = x.dim.Pow(int(y.x))
		}
	}
	if x.kind == vNum && y.kind == vNum {
		var r float64
		switch op {
		case "+":
			r = x.x + y.x
		case "-":
			r = x.x - y.x
		case "*":
			r = x.x * y.x
		case "/":
			r = x.x / y.x
			if y.x == 0 {
				c.errs.Add(at, "division by zero")
				return val{}, false
			}
		case "^":
			r = math.Pow(x.x, y.x)
		default:
			r = (&ir.Expr{Op: op, Args: []*ir.Expr{{Op: "const", X: x.x}, {Op: "const", X: y.x}}}).Eval(ir.Vars{})
			return val{kind: vBool, x: r, node: e}, true
		}
		if math.IsNaN(r) || math.IsInf(r, 0) {
			c.errs.Add(at, "the result of %s is not a finite number", exprString(e))
			return val{}, false
		}
		return num(r, dim, e), true
	}
	return val{kind: vSym, dim: dim, isBool: isBool, sym: &ir.Expr{Op: op, Args: []*ir.Expr{symOf(x), symOf(y)}}, node: e}, true
}

func isComparison(op string) bool {
	switch op {
	case "==", "!=", "<", "<=", ">", ">=":
		return true
	}
	return false
}

func (c *checker) arithArray(op string, e Node, at ir.Position, x, y val) (val, bool) {
	n := len(x.elems)
	if x.kind != vArr {
		n = len(y.elems)
	}
	if x.kind == vArr && y.kind == vArr && len(x.elems) != len(y.elems) {
		c.errs.Add(at, "arrays of different lengths (%d and %d)", len(x.elems), len(y.elems))
		return val{}, false
	}
	out := val{kind: vArr, node: e}
	for k := 0; k < n; k++ {
		a, b := x, y
		if x.kind == vArr {
			a = x.elems[k]
		}
		if y.kind == vArr {
			b = y.elems[k]
		}
		r, ok := c.arith(op, e, at, a, b)
		if !ok {
			return val{}, false
		}
		out.elems = append(out.elems, r)
	}
	return out, true
}

// evalCall evaluates functions and distributions; any other call stays
// unevaluated for the statement to interpret.
func (c *checker) evalCall(e *Call, en *env) (val, bool) {
	name := e.Name.Name
	if n, ok := ir.Funcs[name]; ok {
		return c.evalFunc(e, en, n)
	}
	if _, ok := distSigs[name]; ok {
		return c.evalDist(e, en)
	}
	return val{kind: vCall, call: e, env: en, node: e}, true
}

func (c *checker) evalFunc(e *Call, en *env, n int) (val, bool) {
	name := e.Name.Name
	if len(e.Args) != n {
		c.errs.Add(e.From, "%s takes %d argument%s, found %d", name, n, plural(n), len(e.Args))
		return val{}, false
	}
	var args []val
	for _, a := range e.Args {
		if a.Name != nil {
			c.errs.Add(a.Name.From, "%s takes no named arguments", name)
			return val{}, false
		}
		v, ok := c.eval(a.Value, en)
		if !ok {
			return val{}, false
		}
		if v.kind != vNum && !(v.kind == vSym && !v.isBool) {
			c.errs.Add(a.Value.Start(), "%s needs a number, found %s", name, c.found(v))
			return val{}, false
		}
		args = append(args, v)
	}
	dim := args[0].dim
	switch name {
	case "exp", "log", "floor", "ceil", "round":
		if !dim.IsDimensionless() {
			c.errs.Add(args[0].node.Start(), "%s needs a dimensionless argument, found %s", name, args[0].describe())
			return val{}, false
		}
	case "sqrt":
		for _, k := range dim {
			if k%2 != 0 {
				c.errs.Add(args[0].node.Start(), "sqrt of %s has no dimension of its own", args[0].describe())
				return val{}, false
			}
		}
		for k := range dim {
			dim[k] /= 2
		}
	case "min", "max":
		if args[1].dim != dim {
			c.errs.Add(args[1].node.Start(), "%s needs arguments of one dimension, found %s and %s", name, args[0].describe(), args[1].describe())
			return val{}, false
		}
	}
	allConst := true
	xs := make([]float64, len(args))
	syms := make([]*ir.Expr, len(args))
	for k, a := range args {
		allConst = allConst && a.kind == vNum
		xs[k] = a.x
		syms[k] = symOf(a)
	}
	if allConst {
		r := ir.CallFunc(name, xs)
		if math.IsNaN(r) || math.IsInf(r, 0) {
			c.errs.Add(e.From, "%s is not a finite number", exprString(e))
			return val{}, false
		}
		return num(r, dim, e), true
	}
	return val{kind: vSym, dim: dim, sym: &ir.Expr{Op: "call", Func: name, Args: syms}, node: e}, true
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// argSpec is one parameter of a call signature.
type argSpec struct {
	name     string
	required bool
}

// sig builds a signature: names ending in "?" are optional.
func sig(names ...string) []argSpec {
	out := make([]argSpec, len(names))
	for k, n := range names {
		out[k] = argSpec{name: strings.TrimSuffix(n, "?"), required: !strings.HasSuffix(n, "?")}
	}
	return out
}

// bind matches a call's arguments (positional first, then named) to a
// signature and evaluates them. Missing optional arguments are absent from
// the map.
func (c *checker) bind(call *Call, specs []argSpec, en *env) (map[string]val, bool) {
	name := call.Name.Name
	out := map[string]val{}
	ok := true
	named := false
	for k, a := range call.Args {
		var key string
		if a.Name == nil {
			if named {
				c.errs.Add(a.Value.Start(), "%s: a positional argument cannot follow a named one", name)
				ok = false
				continue
			}
			if k >= len(specs) {
				c.errs.Add(a.Value.Start(), "%s takes at most %d argument%s, found %d", name, len(specs), plural(len(specs)), len(call.Args))
				return nil, false
			}
			key = specs[k].name
		} else {
			named = true
			key = a.Name.Name
			found := false
			for _, s := range specs {
				found = found || s.name == key
			}
			if !found {
				var names []string
				for _, s := range specs {
					names = append(names, s.name)
				}
				c.errs.Add(a.Name.From, "%s has no argument %s%s", name, key, suggest(key, names))
				ok = false
				continue
			}
		}
		if _, dup := out[key]; dup {
			c.errs.Add(a.Value.Start(), "%s: argument %s given twice", name, key)
			ok = false
			continue
		}
		v, ok1 := c.eval(a.Value, en)
		if !ok1 {
			ok = false
			continue
		}
		out[key] = v
	}
	for _, s := range specs {
		if _, given := out[s.name]; s.required && !given && ok {
			c.errs.Add(call.From, "%s needs argument %s", name, s.name)
			ok = false
		}
	}
	return out, ok
}

// exprString renders an expression for messages, on one line, the way
// snn fmt writes it.
func exprString(n Node) string {
	e, ok := n.(Expr)
	if !ok {
		return fmt.Sprintf("%v", n)
	}
	p := &fmtPrinter{flat: true}
	p.expr(e, 0)
	return p.out.String()
}
