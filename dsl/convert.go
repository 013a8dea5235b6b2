package dsl

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/snn-sim/snn/ir"
)

// convert.go turns participle's parse tree into the AST of ast.go.

func pos(p lexer.Position) ir.Position {
	return ir.Position{File: p.Filename, Line: p.Line, Col: p.Column}
}

func span(from, to lexer.Position) Span { return Span{pos(from), pos(to)} }

func cIdent(g *gIdent) *Ident {
	if g == nil {
		return nil
	}
	return &Ident{Span: span(g.Pos, g.EndPos), Name: g.Name}
}

func cString(g *gString) *String {
	if g == nil {
		return nil
	}
	return &String{Span: span(g.Pos, g.EndPos), Value: g.Value}
}

func cStmt(g *gStmt) Stmt {
	sp := span(g.Pos, g.EndPos)
	switch {
	case g.Import != nil:
		return &Import{Span: sp, Path: cString(g.Import.Path)}
	case g.Network != nil:
		return &NetworkStmt{Span: sp, Name: cIdent(g.Network.Name), Body: cBlock(g.Network.Body)}
	case g.Let != nil:
		return &Let{Span: sp, Name: cIdent(g.Let.Name), Value: cValue(g.Let.Value)}
	case g.TypeDef != nil:
		return &TypeDef{Span: sp, Kind: g.TypeDef.Kind, Name: cIdent(g.TypeDef.Name), Model: cIdent(g.TypeDef.Model), Body: cBlock(g.TypeDef.Body)}
	case g.Population != nil:
		p := g.Population
		return &Population{Span: sp, Name: cIdent(p.Name), Size: cExpr(p.Size), Model: cIdent(p.Model), Body: cBlock(p.Body)}
	case g.Connect != nil:
		c := g.Connect
		return &Connect{Span: sp, Pre: cTargetRef(c.Pre), Post: cTargetRef(c.Post), Connector: cCall(c.Connector), As: cIdent(c.As), Body: cBlock(c.Body)}
	case g.Current != nil:
		c := g.Current
		return &CurrentStmt{Span: sp, Name: cIdent(c.Name), Target: cTargetRef(c.Target), Source: cCall(c.Source)}
	case g.Record != nil:
		r := g.Record
		var every Expr
		if r.Every != nil {
			every = cExpr(r.Every)
		}
		return &Record{Span: sp, Target: cTargetRef(r.Target), Variable: cIdent(r.Variable), Every: every}
	case g.Target != nil:
		return &TargetStmt{Span: sp, Name: cIdent(g.Target.Name), Kind: cIdent(g.Target.Kind), Body: cBlock(g.Target.Body)}
	case g.Task != nil:
		return &Task{Span: sp, Name: cIdent(g.Task.Name), Kind: cIdent(g.Task.Kind), Body: cBlock(g.Task.Body)}
	}
	return nil
}

func cBlock(g *gBlock) *Block {
	if g == nil {
		return nil
	}
	b := &Block{Span: span(g.Pos, g.EndPos)}
	for _, it := range g.Items {
		sp := span(it.Pos, it.EndPos)
		switch {
		case it.Place != nil:
			b.Items = append(b.Items, &Place{Span: sp, Population: cIdent(it.Place.Population), Where: cValue(it.Place.Where)})
		case it.Hint != nil:
			b.Items = append(b.Items, &Hint{Span: sp, Key: cIdent(it.Hint.Key), Population: cIdent(it.Hint.Population), Value: cValue(it.Hint.Value)})
		case it.Field != nil:
			b.Items = append(b.Items, &Field{Span: sp, Name: cIdent(it.Field.Name), Value: cValue(it.Field.Value)})
		}
	}
	return b
}

func cTargetRef(g *gTargetRef) *TargetRef {
	if g == nil {
		return nil
	}
	t := &TargetRef{Span: span(g.Pos, g.EndPos)}
	if g.Atom != nil {
		t.Atoms = []*TargetAtom{cAtom(g.Atom)}
		return t
	}
	t.Paren = true
	for _, a := range g.Union {
		t.Atoms = append(t.Atoms, cAtom(a))
	}
	return t
}

func cAtom(g *gTargetAtom) *TargetAtom {
	a := &TargetAtom{Span: span(g.Pos, g.EndPos), Name: cIdent(g.Name)}
	if g.Index != nil {
		ix := &Index{Span: span(g.Index.Pos, g.Index.EndPos), Slice: g.Index.Colon}
		if g.Index.Lo != nil {
			ix.Lo = cExpr(g.Index.Lo)
		}
		if g.Index.Hi != nil {
			ix.Hi = cExpr(g.Index.Hi)
		}
		a.Index = ix
	}
	return a
}

func cValue(g *gValue) Expr {
	if g == nil {
		return nil
	}
	first := cExpr(g.First)
	if g.Cols != nil {
		first = &Shape{Span: span(g.Pos, g.EndPos), Rows: first, Cols: cExpr(g.Cols)}
	}
	if len(g.Pipe) == 0 {
		return first
	}
	p := &Pipe{Span: span(g.Pos, g.EndPos), Stages: []Expr{first}}
	for _, s := range g.Pipe {
		p.Stages = append(p.Stages, cExpr(s))
	}
	return p
}

// Binding powers, loosest first (language.md section 2 and the reference):
// or, and, not, comparisons, + -, * /, unary minus, ^ (right-associative).
var binaryPower = map[string]int{
	"or": 1, "and": 2,
	"==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
	"+": 5, "-": 5, "*": 6, "/": 6, "^": 8,
}

var prefixPower = map[string]int{"not": 3, "-": 7}

// cExpr gives a flat expression its precedence (a Pratt parser over the
// operands and operators participle found).
func cExpr(g *gExpr) Expr {
	p := &pratt{ops: g.Tail, operands: append([]*gOperand{g.Head}, operandsOf(g.Tail)...)}
	return p.parse(0)
}

func operandsOf(tail []*gBinary) []*gOperand {
	out := make([]*gOperand, len(tail))
	for k, b := range tail {
		out[k] = b.Right
	}
	return out
}

type pratt struct {
	ops      []*gBinary
	operands []*gOperand
	k        int // the next operand (and ops[k-1] the operator before it)
	prefix   int // prefixes of operands[k] already applied
}

// parse reads an operand and every following operator that binds at least
// as tightly as minPower.
func (p *pratt) parse(minPower int) Expr {
	left := p.operand()
	for p.k <= len(p.ops) && p.k > 0 && p.k-1 < len(p.ops) {
		op := p.ops[p.k-1]
		power := binaryPower[op.Op]
		if power < minPower {
			break
		}
		next := power + 1
		if op.Op == "^" {
			next = power // right-associative
		}
		right := p.parse(next)
		left = &Binary{Span: Span{left.Start(), right.Stop()}, Op: op.Op, OpPos: pos(op.Pos), X: left, Y: right}
	}
	return left
}

// operand reads operands[k] with its remaining prefix operators; a prefix
// takes in everything that binds more tightly than itself (-x^2 is -(x^2),
// not a == b is not (a == b)).
func (p *pratt) operand() Expr {
	g := p.operands[p.k]
	if p.prefix < len(g.Prefix) {
		pre := g.Prefix[p.prefix]
		p.prefix++
		x := p.parse(prefixPower[pre.Op])
		return &Unary{Span: Span{pos(pre.Pos), x.Stop()}, Op: pre.Op, X: x}
	}
	x := cPrimary(g.Prim)
	p.k++
	p.prefix = 0
	return x
}

func cPrimary(g *gPrimary) Expr {
	sp := span(g.Pos, g.EndPos)
	switch {
	case g.Number != nil:
		n := &Number{Span: sp, Text: g.Number.Value}
		if g.Number.Unit != nil {
			n.Unit = ir.NormalizeUnitSymbol(string(*g.Number.Unit))
		}
		return n
	case g.String != nil:
		return cString(g.String)
	case g.Call != nil:
		c := g.Call
		if c.Member != nil {
			return &Member{Span: sp, X: cIdent(c.Name), Sel: cIdent(c.Member)}
		}
		if !c.Parens {
			return cIdent(c.Name)
		}
		return cCall(c)
	case g.Array != nil:
		a := &Array{Span: sp}
		for _, e := range g.Array.Elems {
			a.Elems = append(a.Elems, cValue(e))
		}
		return a
	case g.Paren != nil:
		return &Paren{Span: sp, X: cExpr(g.Paren)}
	}
	return nil
}

func cCall(g *gCall) *Call {
	if g == nil {
		return nil
	}
	c := &Call{Span: span(g.Pos, g.EndPos), Name: cIdent(g.Name), Parens: g.Parens}
	for _, a := range g.Args {
		c.Args = append(c.Args, &Arg{Name: cIdent(a.Name), Value: cValue(a.Value)})
	}
	return c
}
