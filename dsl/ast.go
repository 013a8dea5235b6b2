package dsl

import "github.com/snn-sim/snn/ir"

// The AST of a .snn file. The participle grammar (grammar.go) is converted
// into these nodes, which the checker, the lowering and the formatter share.
// Every node knows where it starts and ends.

// Node is any AST node.
type Node interface {
	Start() ir.Position
	Stop() ir.Position
}

// Span is the start and end of a node; embedded in every node.
type Span struct{ From, To ir.Position }

func (s Span) Start() ir.Position { return s.From }
func (s Span) Stop() ir.Position  { return s.To }

// Expr is any expression node.
type Expr interface {
	Node
	exprNode()
}

// Number is a numeric literal with an optional unit: 20 ms, 1e-3, 1.5uS.
type Number struct {
	Span
	Text string // as written
	Unit string // "" for a bare number; µ and μ folded to u
}

// Ident is a name: a let, a unit standing alone, true/false, i/j/d, a model...
type Ident struct {
	Span
	Name string
}

// Member is name.member, as in `features = liquid.spikes`.
type Member struct {
	Span
	X   *Ident
	Sel *Ident
}

// String is a string literal; Value is unquoted.
type String struct {
	Span
	Value string
}

// Unary is -x or not x.
type Unary struct {
	Span
	Op string
	X  Expr
}

// Binary is x op y.
type Binary struct {
	Span
	Op    string
	OpPos ir.Position
	X, Y  Expr
}

// Paren is (x).
type Paren struct {
	Span
	X Expr
}

// Call is name(args) — also used for a bare name where a call may stand
// (`with one_to_one`), with Parens false.
type Call struct {
	Span
	Name   *Ident
	Args   []*Arg
	Parens bool
}

// Arg is one argument, positional (Name nil) or named.
type Arg struct {
	Name  *Ident
	Value Expr
}

// Array is [a, b, ...].
type Array struct {
	Span
	Elems []Expr
}

// Shape is rows x cols.
type Shape struct {
	Span
	Rows, Cols Expr
}

// Pipe is a | b | c (datasets and encoders).
type Pipe struct {
	Span
	Stages []Expr
}

func (*Number) exprNode() {}
func (*Ident) exprNode()  {}
func (*Member) exprNode() {}
func (*String) exprNode() {}
func (*Unary) exprNode()  {}
func (*Binary) exprNode() {}
func (*Paren) exprNode()  {}
func (*Call) exprNode()   {}
func (*Array) exprNode()  {}
func (*Shape) exprNode()  {}
func (*Pipe) exprNode()   {}

// Stmt is a top-level statement.
type Stmt interface {
	Node
	stmtNode()
}

// File is one parsed .snn file.
type File struct {
	Name     string
	Stmts    []Stmt
	Comments []*Comment
	// Broken names what the statements that did not parse would have
	// declared, so that the checker does not report their uses as unknown.
	Broken []*Ident
}

// Comment is one comment token, text as written (with its # // or /* */).
type Comment struct {
	Span
	Text string
}

type Import struct {
	Span
	Path *String
}

type NetworkStmt struct {
	Span
	Name *Ident
	Body *Block
}

type Let struct {
	Span
	Name  *Ident
	Value Expr
}

// TypeDef is `neuron name : model {...}` or `synapse name : model {...}`.
type TypeDef struct {
	Span
	Kind  string // "neuron" or "synapse"
	Name  *Ident
	Model *Ident
	Body  *Block
}

type Population struct {
	Span
	Name  *Ident
	Size  Expr
	Model *Ident
	Body  *Block // nil when absent
}

type Connect struct {
	Span
	Pre, Post *TargetRef
	Connector *Call
	As        *Ident // nil when absent
	Body      *Block // nil when absent
}

type CurrentStmt struct {
	Span
	Name   *Ident
	Target *TargetRef
	Source *Call
}

type Record struct {
	Span
	Target   *TargetRef
	Variable *Ident
	Every    Expr // nil when absent
}

type TargetStmt struct {
	Span
	Name *Ident
	Kind *Ident
	Body *Block
}

type Task struct {
	Span
	Name *Ident
	Kind *Ident
	Body *Block
}

func (*Import) stmtNode()      {}
func (*NetworkStmt) stmtNode() {}
func (*Let) stmtNode()         {}
func (*TypeDef) stmtNode()     {}
func (*Population) stmtNode()  {}
func (*Connect) stmtNode()     {}
func (*CurrentStmt) stmtNode() {}
func (*Record) stmtNode()      {}
func (*TargetStmt) stmtNode()  {}
func (*Task) stmtNode()        {}

// Block is { items }.
type Block struct {
	Span
	Items []Item
}

// Item is a block entry: *Field, *Place or *Hint.
type Item interface {
	Node
	itemNode()
}

// Field is name = value.
type Field struct {
	Span
	Name  *Ident
	Value Expr
}

// Place is `place <population> on <where>` (target blocks).
type Place struct {
	Span
	Population *Ident
	Where      Expr
}

// Hint is `<key> <population> = <value>`, e.g. `neurons_per_core exc = 64`.
type Hint struct {
	Span
	Key        *Ident
	Population *Ident
	Value      Expr
}

func (*Field) itemNode() {}
func (*Place) itemNode() {}
func (*Hint) itemNode()  {}

// TargetRef is exc, exc[0:10], exc[3] or (exc, inh[0:5]).
type TargetRef struct {
	Span
	Atoms []*TargetAtom
	Paren bool
}

// TargetAtom is one population with an optional index or slice.
type TargetAtom struct {
	Span
	Name  *Ident
	Index *Index // nil: the whole population
}

// Index is [k] (Slice false, Lo set) or [lo:hi] with either bound optional.
type Index struct {
	Span
	Slice  bool
	Lo, Hi Expr
}
