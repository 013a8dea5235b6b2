package dsl

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/snn-sim/snn/ir"
)

// The grammar of language.md, as participle structs. Statement keywords are
// matched as identifier values, so they stay usable as field names. The
// parse tree is converted to the AST of ast.go by convert.go.

var snnLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `(?:#|//)[^\n]*|/\*(?s:.*?)\*/`},
	{Name: "OpenComment", Pattern: `/\*`},
	{Name: "String", Pattern: `"(?:\\.|[^"\\\n])*"`},
	{Name: "OpenString", Pattern: `"`},
	{Name: "Number", Pattern: `(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`},
	{Name: "Ident", Pattern: `(?:[A-Za-z_]|µ|μ)[A-Za-z0-9_]*`},
	{Name: "Op", Pattern: `->|==|!=|<=|>=|[-+*/^<>=:,;.\[\]{}()|]`},
	{Name: "Whitespace", Pattern: `[ \t\r\n]+`},
	{Name: "Bad", Pattern: `.`},
})

var identType = snnLexer.Symbols()["Ident"]

// gUnit matches only a unit symbol, so `size = 10 layout = grid(4, 4)`
// never reads `layout` as a unit: only the unit table decides.
type gUnit string

func (u *gUnit) Parse(lex *lexer.PeekingLexer) error {
	tok := lex.Peek()
	if tok.Type != identType {
		return participle.NextMatch
	}
	if _, ok := ir.LookupUnit(tok.Value); !ok {
		return participle.NextMatch
	}
	lex.Next()
	*u = gUnit(tok.Value)
	return nil
}

type gFile struct {
	Stmts []*gStmt `parser:"@@*"`
}

type gStmt struct {
	Pos        lexer.Position
	EndPos     lexer.Position
	Import     *gImport     `parser:"  @@"`
	Network    *gNetwork    `parser:"| @@"`
	Let        *gLet        `parser:"| @@"`
	TypeDef    *gTypeDef    `parser:"| @@"`
	Population *gPopulation `parser:"| @@"`
	Connect    *gConnect    `parser:"| @@"`
	Current    *gCurrent    `parser:"| @@"`
	Record     *gRecord     `parser:"| @@"`
	Target     *gTarget     `parser:"| @@"`
	Task       *gTask       `parser:"| @@"`
}

type gIdent struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string `parser:"@Ident"`
}

type gString struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Value  string `parser:"@String"`
}

type gImport struct {
	Path *gString `parser:"\"import\" @@"`
}

type gNetwork struct {
	Name *gIdent `parser:"\"network\" @@"`
	Body *gBlock `parser:"@@"`
}

type gLet struct {
	Name  *gIdent `parser:"\"let\" @@ \"=\""`
	Value *gValue `parser:"@@"`
}

type gTypeDef struct {
	Kind  string  `parser:"@(\"neuron\" | \"synapse\")"`
	Name  *gIdent `parser:"@@ \":\""`
	Model *gIdent `parser:"@@"`
	Body  *gBlock `parser:"@@?"`
}

type gPopulation struct {
	Name  *gIdent `parser:"\"population\" @@"`
	Size  *gExpr  `parser:"\"[\" @@ \"]\" \":\""`
	Model *gIdent `parser:"@@"`
	Body  *gBlock `parser:"@@?"`
}

type gConnect struct {
	Pre       *gTargetRef `parser:"\"connect\" @@ \"->\""`
	Post      *gTargetRef `parser:"@@ \"with\""`
	Connector *gCall      `parser:"@@"`
	As        *gIdent     `parser:"( \"as\" @@ )?"`
	Body      *gBlock     `parser:"@@?"`
}

type gCurrent struct {
	Name   *gIdent     `parser:"\"current\" @@ \"into\""`
	Target *gTargetRef `parser:"@@ \":\""`
	Source *gCall      `parser:"@@"`
}

type gRecord struct {
	Target   *gTargetRef `parser:"\"record\" @@ \".\""`
	Variable *gIdent     `parser:"@@"`
	Every    *gExpr      `parser:"( \"every\" @@ )?"`
}

type gTarget struct {
	Name *gIdent `parser:"\"target\" @@ \":\""`
	Kind *gIdent `parser:"@@"`
	Body *gBlock `parser:"@@"`
}

type gTask struct {
	Name *gIdent `parser:"\"task\" @@ \":\""`
	Kind *gIdent `parser:"@@"`
	Body *gBlock `parser:"@@"`
}

type gBlock struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Items  []*gItem `parser:"\"{\" ( @@ | \",\" | \";\" )* \"}\""`
}

type gItem struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Field  *gField `parser:"  @@"`
	Place  *gPlace `parser:"| @@"`
	Hint   *gHint  `parser:"| @@"`
}

type gPlace struct {
	Population *gIdent `parser:"\"place\" @@ \"on\""`
	Where      *gValue `parser:"@@"`
}

type gHint struct {
	Key        *gIdent `parser:"@@"`
	Population *gIdent `parser:"@@ \"=\""`
	Value      *gValue `parser:"@@"`
}

type gField struct {
	Name  *gIdent `parser:"@@ \"=\""`
	Value *gValue `parser:"@@"`
}

type gTargetRef struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Union  []*gTargetAtom `parser:"  \"(\" @@ ( \",\" @@ )* \",\"? \")\""`
	Atom   *gTargetAtom   `parser:"| @@"`
}

type gTargetAtom struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `parser:"@@"`
	Index  *gIndex `parser:"( \"[\" @@ \"]\" )?"`
}

type gIndex struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Lo     *gExpr `parser:"@@?"`
	Colon  bool   `parser:"( @\":\""`
	Hi     *gExpr `parser:"  @@? )?"`
}

// gValue is an expression where a parameter value stands: it may be a shape
// (`parser:"512 x 512"`) or a pipeline of datasets and encoders (`parser:"a | b"`).
type gValue struct {
	Pos    lexer.Position
	EndPos lexer.Position
	First  *gExpr   `parser:"@@"`
	Cols   *gExpr   `parser:"( \"x\" @@ )?"`
	Pipe   []*gExpr `parser:"( \"|\" @@ )*"`
}

type gExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *gAnd   `parser:"@@"`
	Rest   []*gOrR `parser:"@@*"`
}

// gOrR is `or <operand>`; its Pos is the operator's, for messages.
type gOrR struct {
	Pos   lexer.Position
	Right *gAnd `parser:"\"or\" @@"`
}

type gAnd struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *gNot    `parser:"@@"`
	Rest   []*gAndR `parser:"@@*"`
}

type gAndR struct {
	Pos   lexer.Position
	Right *gNot `parser:"\"and\" @@"`
}

type gNot struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Not    *gNot `parser:"  \"not\" @@"`
	Cmp    *gCmp `parser:"| @@"`
}

type gCmp struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *gSum   `parser:"@@"`
	Op     *gCmpOp `parser:"( @@"`
	Right  *gSum   `parser:"  @@ )?"`
}

// gCmpOp is a comparison operator with its position, for messages.
type gCmpOp struct {
	Pos lexer.Position
	Op  string `parser:"@(\"==\" | \"!=\" | \"<=\" | \">=\" | \"<\" | \">\")"`
}

type gSum struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *gTerm   `parser:"@@"`
	Rest   []*gSumR `parser:"@@*"`
}

type gSumR struct {
	Pos   lexer.Position
	Op    string `parser:"@(\"+\" | \"-\")"`
	Right *gTerm `parser:"@@"`
}

type gTerm struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *gUnary   `parser:"@@"`
	Rest   []*gTermR `parser:"@@*"`
}

type gTermR struct {
	Pos   lexer.Position
	Op    string  `parser:"@(\"*\" | \"/\")"`
	Right *gUnary `parser:"@@"`
}

// Unary minus binds looser than ^: -x^2 is -(x^2).
type gUnary struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Neg    *gUnary `parser:"  \"-\" @@"`
	Pow    *gPow   `parser:"| @@"`
}

type gPow struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Base   *gPrimary `parser:"@@"`
	Exp    *gPowR    `parser:"@@?"`
}

// gPowR is `^ <exponent>`; its Pos is the operator's.
type gPowR struct {
	Pos lexer.Position
	Exp *gUnary `parser:"\"^\" @@"`
}

type gPrimary struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Number *gNumber `parser:"  @@"`
	String *gString `parser:"| @@"`
	Call   *gCall   `parser:"| @@"`
	Array  *gArray  `parser:"| @@"`
	Paren  *gExpr   `parser:"| \"(\" @@ \")\""`
}

type gNumber struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Value  string `parser:"@Number"`
	Unit   *gUnit `parser:"@@?"`
}

// gCall is name, name.member or name(args); plain names are calls without
// parentheses and are told apart in convert.go.
type gCall struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `parser:"@@"`
	Member *gIdent `parser:"( \".\" @@ )?"`
	Parens bool    `parser:"( @\"(\""`
	Args   []*gArg `parser:"  ( @@ ( \",\" @@ )* \",\"? )? \")\" )?"`
}

type gArg struct {
	Name  *gIdent `parser:"( @@ \"=\" )?"`
	Value *gValue `parser:"@@"`
}

type gArray struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Elems  []*gValue `parser:"\"[\" ( @@ ( \",\" @@ )* \",\"? )? \"]\""`
}

var parser = participle.MustBuild[gFile](
	participle.Lexer(snnLexer),
	participle.Elide("Whitespace", "Comment"),
	participle.Unquote("String"),
	participle.UseLookahead(1),
)
