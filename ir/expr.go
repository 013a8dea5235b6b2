package ir

import (
	"fmt"
	"math"
	"strings"
)

// Expr is an arithmetic or boolean expression of the index variables i, j and
// d, as data. Constants are already in the units the expression is computed
// in; booleans are 1 (true) and 0 (false).
//
//	Op "const": X          Op "var": Var ("i", "j" or "d")
//	Op "+", "-", "*", "/", "^", "==", "!=", "<", "<=", ">", ">=", "and", "or": Args[0], Args[1]
//	Op "neg", "not": Args[0]
//	Op "call": Func (exp log sqrt abs min max floor ceil round) and Args
type Expr struct {
	Op   string  `json:"op"`
	X    float64 `json:"x,omitempty"`
	Var  string  `json:"var,omitempty"`
	Func string  `json:"fn,omitempty"`
	Args []*Expr `json:"args,omitempty"`
}

// Vars are the values bound to i, j and d when an expression is evaluated.
type Vars struct{ I, J, D float64 }

// Uses reports whether the expression refers to the variable name.
func (e *Expr) Uses(name string) bool {
	if e == nil {
		return false
	}
	if e.Op == "var" && e.Var == name {
		return true
	}
	for _, a := range e.Args {
		if a.Uses(name) {
			return true
		}
	}
	return false
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Eval computes the expression. It never panics on well-formed trees;
// arithmetic follows IEEE 754 (a division by zero gives Inf, which the
// caller checks where it matters).
func (e *Expr) Eval(v Vars) float64 {
	switch e.Op {
	case "const":
		return e.X
	case "var":
		switch e.Var {
		case "i":
			return v.I
		case "j":
			return v.J
		case "d":
			return v.D
		}
		return math.NaN()
	case "neg":
		return -e.Args[0].Eval(v)
	case "not":
		return b2f(e.Args[0].Eval(v) == 0)
	case "and":
		return b2f(e.Args[0].Eval(v) != 0 && e.Args[1].Eval(v) != 0)
	case "or":
		return b2f(e.Args[0].Eval(v) != 0 || e.Args[1].Eval(v) != 0)
	case "call":
		return callFunc(e.Func, e.Args, v)
	}
	if len(e.Args) != 2 {
		return math.NaN()
	}
	a, b := e.Args[0].Eval(v), e.Args[1].Eval(v)
	switch e.Op {
	case "+":
		return a + b
	case "-":
		return a - b
	case "*":
		return a * b
	case "/":
		return a / b
	case "^":
		return math.Pow(a, b)
	case "==":
		return b2f(a == b)
	case "!=":
		return b2f(a != b)
	case "<":
		return b2f(a < b)
	case "<=":
		return b2f(a <= b)
	case ">":
		return b2f(a > b)
	case ">=":
		return b2f(a >= b)
	}
	return math.NaN()
}

// Funcs are the functions expressions may call, with their argument counts.
var Funcs = map[string]int{
	"exp": 1, "log": 1, "sqrt": 1, "abs": 1, "floor": 1, "ceil": 1, "round": 1,
	"min": 2, "max": 2,
}

// CallFunc applies a built-in function to evaluated arguments.
func CallFunc(name string, x []float64) float64 {
	switch name {
	case "exp":
		return math.Exp(x[0])
	case "log":
		return math.Log(x[0])
	case "sqrt":
		return math.Sqrt(x[0])
	case "abs":
		return math.Abs(x[0])
	case "floor":
		return math.Floor(x[0])
	case "ceil":
		return math.Ceil(x[0])
	case "round":
		return math.Round(x[0])
	case "min":
		return math.Min(x[0], x[1])
	case "max":
		return math.Max(x[0], x[1])
	}
	return math.NaN()
}

func callFunc(name string, args []*Expr, v Vars) float64 {
	var buf [2]float64
	x := buf[:0]
	for _, a := range args {
		x = append(x, a.Eval(v))
	}
	if len(x) != Funcs[name] {
		return math.NaN()
	}
	return CallFunc(name, x)
}

// precedence of each operator, loosest first, as in the language.
var precedence = map[string]int{
	"or": 1, "and": 2, "not": 3,
	"==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
	"+": 5, "-": 5, "*": 6, "/": 6, "neg": 7, "^": 8,
}

// String renders the expression in the language's syntax, with only the
// parentheses the precedence rules need (for messages and summaries).
func (e *Expr) String() string {
	if e == nil {
		return "<nil>"
	}
	return e.str(0)
}

// str renders e inside a context of precedence ctx, adding parentheses when e
// binds more loosely than its context.
func (e *Expr) str(ctx int) string {
	wrap := func(s string, prec int) string {
		if prec < ctx {
			return "(" + s + ")"
		}
		return s
	}
	switch e.Op {
	case "const":
		s := fmt.Sprint(e.X)
		if e.X < 0 {
			return wrap(s, precedence["neg"])
		}
		return s
	case "var":
		return e.Var
	case "call":
		parts := make([]string, len(e.Args))
		for k, a := range e.Args {
			parts[k] = a.str(0)
		}
		return e.Func + "(" + strings.Join(parts, ", ") + ")"
	}
	p, ok := precedence[e.Op]
	switch {
	case !ok:
		return "?"
	case e.Op == "neg" && len(e.Args) == 1:
		return wrap("-"+e.Args[0].str(p+1), p)
	case e.Op == "not" && len(e.Args) == 1:
		return wrap("not "+e.Args[0].str(p), p)
	case len(e.Args) != 2:
		return "?"
	case e.Op == "^": // right-associative, no spaces, as the formatter writes it
		return wrap(e.Args[0].str(p+1)+"^"+e.Args[1].str(p), p)
	}
	// Left-associative: the right operand needs parentheses at equal precedence.
	return wrap(e.Args[0].str(p)+" "+e.Op+" "+e.Args[1].str(p+1), p)
}

// Valid checks the tree's shape: known ops, variables and functions, right
// argument counts.
func (e *Expr) Valid() error {
	if e == nil {
		return fmt.Errorf("missing expression")
	}
	switch e.Op {
	case "const":
		return nil
	case "var":
		if e.Var != "i" && e.Var != "j" && e.Var != "d" {
			return fmt.Errorf("unknown variable %q", e.Var)
		}
		return nil
	case "neg", "not":
		if len(e.Args) != 1 {
			return fmt.Errorf("%s takes 1 argument", e.Op)
		}
	case "call":
		n, ok := Funcs[e.Func]
		if !ok {
			return fmt.Errorf("unknown function %q", e.Func)
		}
		if len(e.Args) != n {
			return fmt.Errorf("%s takes %d arguments", e.Func, n)
		}
	case "+", "-", "*", "/", "^", "==", "!=", "<", "<=", ">", ">=", "and", "or":
		if len(e.Args) != 2 {
			return fmt.Errorf("%s takes 2 arguments", e.Op)
		}
	default:
		return fmt.Errorf("unknown operator %q", e.Op)
	}
	for _, a := range e.Args {
		if err := a.Valid(); err != nil {
			return err
		}
	}
	return nil
}
