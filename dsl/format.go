package dsl

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/snn-sim/snn/ir"
)

// The formatter: `snn fmt`'s engine. It prints a parsed file in the one
// canonical layout below. Formatting never changes meaning: the output has
// the same tokens as the input except for separators and trailing commas
// (which the grammar makes optional) and the spelling of µ/μ, so it parses
// to the same AST and checks to the same network. Running it on its own
// output changes nothing.
//
// Canonical layout:
//
//   - One statement per line, at column 1. Where the source had one or more
//     blank lines between two statements (or comments), the output has
//     exactly one; otherwise none. No blank line at the start of the file or
//     of a block, none before a closing `}`; the file ends with exactly one
//     newline (an empty file stays empty, and so does a file of blanks).
//     Lines end in "\n", never "\r\n", and carry no trailing blanks
//     (except inside a `/* */` comment, which is kept as written).
//   - Blocks: `name { }` when empty; `name { a = 1 }` on one line when the
//     block has exactly one item, no comment inside it, and the whole line
//     fits in 100 columns (counted in runes); otherwise `{` ends the
//     statement line, each item is on its own line indented two spaces per
//     level, and `}` stands alone at the statement's indentation. How the
//     source laid the block out does not matter. The `,`/`;` separators
//     between items are dropped, except that a `,` is kept after an item
//     whose next item begins with a word the previous value could swallow:
//     `x` (shapes), `and`, `or` or a unit symbol (names the checker rejects
//     anyway, but the output must still parse as the input did).
//   - Spacing: `a = b`; binary operators surrounded by single spaces
//     (`a + b`, `i != j`, `p and q`) except `^` (`a^2`, `2^-1`); unary `-x`
//     and `not x`; calls `f(a, b, name = c)`; arrays `[a, b]`; quantities
//     `20 ms` (one space between number and unit; the prefix µ/μ is written
//     u, also for a unit standing alone); numbers as written; member access
//     `liquid.spikes`; shapes `512 x 512`; pipelines `a | b`; statements
//     `connect a -> b with c as n`, `population exc[3200] : lif_curr_exp`,
//     `record exc[0:5].v every 1 ms`, `current c into exc : dc(1 nA)`;
//     targets `exc[3]`, `exc[0:10]`, `exc[-5:]`, `exc[:3]`, `(exc, inh)`;
//     target-block items `place exc on chip(0, 0)` and
//     `neurons_per_core exc = 64`. Trailing commas in calls, unions and
//     one-line arrays are dropped. Parentheses are kept exactly as written.
//   - Strings are re-quoted with the `\"` and `\\` escapes, plus `\n`, `\r`
//     and `\xNN` for the other control characters except tab; a string
//     written with Go's other escapes (`\t`, `\u00e9`) is written with the
//     character itself.
//   - Long values: an array literal whose one-line form would end past
//     column 100 is written one element per line, each indented one level
//     deeper than the line the array starts on and followed by a comma, with
//     `]` alone at that line's indentation; nested arrays are decided the
//     same way at their own column, so inner arrays that fit stay on one
//     line. Nothing else is ever broken: a long call or pipeline stays on
//     one line.
//   - Comments: every comment is kept, in order, with its text (a `#` or
//     `//` comment loses its trailing blanks; a `/* */` comment keeps its
//     text verbatim, inner lines included).
//   - A comment on its own line(s) before a statement or item stays before
//     it, on its own line at its indentation; blank lines around it are
//     kept as above.
//   - A comment after a statement or item on the line where that ends (or
//     on the line of a block's `{`, before its first item) is written at the
//     end of that line; several such `/* */` comments are joined with single
//     spaces. As in gofmt, the trailing comments of adjacent lines are
//     aligned: a run of consecutive lines that end in comments puts them two
//     columns after the run's longest code.
//   - Comments inside an array are kept in it: an array with a comment
//     inside is always written one element per line; a comment on the line
//     of `[` stays at the end of the `[` line, a comment after an element on
//     its line stays at the end of that element's line (after its comma),
//     and any other one goes on its own line before the next element (or
//     before `]`). This holds when every comment inside the statement or
//     item line (outside its block) lies between the elements of an array.
//   - Otherwise — some comment sits inside a value, not between array
//     elements (`f(a, # why` / `b)`) — all the comments inside that
//     statement or item line move, in order, onto their own lines just
//     before it.
//   - Comments at the end of the file stay at the end; comments in a block
//     after its last item stay inside the block, before `}`; a block with a
//     comment inside is never written on one line, so `neuron n : m { # todo`
//     keeps its comment inside.

const (
	fmtWidth  = 100  // the column an array may not pass
	fmtIndent = "  " // one indentation level
)

// FormatSource parses src and returns its canonical text. A file with syntax
// errors is never formatted: the parser's error list is returned as is.
func FormatSource(filename string, src []byte) ([]byte, error) {
	f, err := ParseFile(filename, src)
	if err != nil {
		return nil, err
	}
	return formatFile(f)
}

// Format returns the canonical text of f. f must come from a ParseFile of
// src that returned no error: the statements of a file with syntax errors
// are incomplete, and formatting them would drop code (FormatSource never
// does). Should f hold a node the formatter does not know, src is returned
// unchanged. The layout is described at the top of this file.
func Format(f *File, src []byte) []byte {
	out, err := formatFile(f)
	if err != nil {
		return src
	}
	return out
}

// unknownNode is raised (as a panic, caught by format) for an AST node the
// formatter cannot print, rather than silently dropping it.
type fmtUnknownNode struct{ n Node }

func (u fmtUnknownNode) Error() string {
	return fmt.Sprintf("dsl: cannot format %T (a node the formatter does not know)", u.n)
}

func formatFile(f *File) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			u, ok := r.(fmtUnknownNode)
			if !ok {
				panic(r)
			}
			out, err = nil, u
		}
	}()
	p := &fmtPrinter{cs: f.Comments}
	for _, c := range f.Comments {
		p.noMark = p.noMark || strings.Contains(c.Text, commentMark)
	}
	prevEnd := 0
	for k, s := range f.Stmts {
		limit := fmtFarPos
		if k+1 < len(f.Stmts) {
			limit = f.Stmts[k+1].Start()
		}
		prevEnd = p.unit(s, 0, prevEnd, limit, false)
	}
	p.rest(0, fmtFarPos, prevEnd)
	if p.noMark {
		return []byte(p.out.String()), nil
	}
	return []byte(alignComments(p.out.String())), nil
}

// commentMark stands where a trailing comment starts, until alignComments
// replaces it by blanks. NUL cannot reach the output otherwise: strings
// write control characters escaped, and a comment holding one is written
// with two plain blanks instead (see lineEnd).
const commentMark = "\x00"

// alignComments lines up the trailing comments of consecutive lines, as
// gofmt does: each run of adjacent lines that end in a comment puts the
// comments two columns after the longest code of the run.
func alignComments(s string) string {
	if !strings.Contains(s, commentMark) {
		return s
	}
	lines := strings.Split(s, "\n")
	for start := 0; start < len(lines); {
		if !strings.Contains(lines[start], commentMark) {
			start++
			continue
		}
		end, width := start, 0
		for ; end < len(lines) && strings.Contains(lines[end], commentMark); end++ {
			code := lines[end][:strings.Index(lines[end], commentMark)]
			width = max(width, utf8.RuneCountInString(code))
		}
		for k := start; k < end; k++ {
			at := strings.Index(lines[k], commentMark)
			code := lines[k][:at]
			pad := width - utf8.RuneCountInString(code) + 2
			lines[k] = code + strings.Repeat(" ", pad) + lines[k][at+len(commentMark):]
		}
		start = end
	}
	return strings.Join(lines, "\n")
}

// farPos is after every position of a file.
var fmtFarPos = ir.Position{Line: int(^uint(0) >> 1)}

// before reports whether a comes before b in the file.
func posBefore(a, b ir.Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}

// inside reports whether pos lies in [from, to).
func posIn(pos, from, to ir.Position) bool {
	return !posBefore(pos, from) && posBefore(pos, to)
}

type fmtPrinter struct {
	out  strings.Builder
	col  int  // runes on the current output line
	flat bool // measuring: arrays never break, no comments
	// noMark: a comment holds a NUL, so trailing comments are not aligned
	// (the alignment marks them with one).
	noMark bool

	cs   []*Comment
	next int // the first comment not yet printed

	// hosted holds the comments of the current statement or item line that
	// are printed inside its arrays (see the layout rules).
	hosted []*Comment
}

func (p *fmtPrinter) write(s string) {
	p.out.WriteString(s)
	if k := strings.LastIndexByte(s, '\n'); k >= 0 {
		p.col = utf8.RuneCountInString(s[k+1:])
	} else {
		p.col += utf8.RuneCountInString(s)
	}
}

func (p *fmtPrinter) newline() { p.write("\n") }

func (p *fmtPrinter) indent(level int) { p.write(strings.Repeat(fmtIndent, level)) }

// blank writes an empty line when the source had one between the line where
// the previous unit ended (0: none at this level) and line.
func (p *fmtPrinter) blank(prevEnd, line int) {
	if prevEnd > 0 && line-prevEnd >= 2 {
		p.newline()
	}
}

// commentText is a comment's text as printed.
func fmtCommentText(c *Comment) string {
	if strings.HasPrefix(c.Text, "/*") {
		return strings.ReplaceAll(c.Text, "\r\n", "\n")
	}
	return strings.TrimRight(c.Text, " \t\r")
}

// ownLine prints comment c on its own line at level.
func (p *fmtPrinter) ownLine(c *Comment, level int) {
	p.indent(level)
	p.write(fmtCommentText(c))
	p.newline()
}

// lineEnd prints comments at the end of the current line.
func (p *fmtPrinter) lineEnd(cs []*Comment) {
	for k, c := range cs {
		if k == 0 {
			if p.flat || p.noMark {
				p.write("  ")
			} else {
				p.write(commentMark)
			}
		} else {
			p.write(" ")
		}
		p.write(fmtCommentText(c))
	}
}

// takeTrailing takes the pending comments that start on line before limit.
func (p *fmtPrinter) takeTrailing(line int, limit ir.Position) []*Comment {
	var cs []*Comment
	for p.next < len(p.cs) {
		c := p.cs[p.next]
		if c.From.Line != line || !posBefore(c.From, limit) {
			break
		}
		cs = append(cs, c)
		p.next++
	}
	return cs
}

// rest prints the pending comments before limit on their own lines (the end
// of a file or of a block) and returns the line where the last one ended.
func (p *fmtPrinter) rest(level int, limit ir.Position, prevEnd int) int {
	for p.next < len(p.cs) && posBefore(p.cs[p.next].From, limit) {
		c := p.cs[p.next]
		p.next++
		p.blank(prevEnd, c.From.Line)
		p.ownLine(c, level)
		prevEnd = c.To.Line
	}
	return prevEnd
}

// commentsIn reports whether a comment starts in [from, to).
func (p *fmtPrinter) commentsIn(from, to ir.Position) bool {
	for _, c := range p.cs[p.next:] {
		if !posBefore(c.From, to) {
			return false
		}
		if !posBefore(c.From, from) {
			return true
		}
	}
	return false
}

// bodyOf is the block of a statement, nil when it has none.
func stmtBody(n Node) *Block {
	switch s := n.(type) {
	case *NetworkStmt:
		return s.Body
	case *TypeDef:
		return s.Body
	case *Population:
		return s.Body
	case *Connect:
		return s.Body
	case *TargetStmt:
		return s.Body
	case *Task:
		return s.Body
	}
	return nil
}

type fmtLayout int

const (
	fmtNoBlock fmtLayout = iota
	fmtEmptyBlock
	fmtOneLine
	fmtMultiLine
)

// unit prints a statement (level 0) or a block item with the comments
// before, inside and after it; limit is where the next unit (or the end of
// the enclosing block) starts, sep asks for a `,` after an item. It returns
// the source line where what it printed ends.
func (p *fmtPrinter) unit(n Node, level, prevEnd int, limit ir.Position, sep bool) int {
	// Comments before the unit, on their own lines.
	for p.next < len(p.cs) && posBefore(p.cs[p.next].From, n.Start()) {
		c := p.cs[p.next]
		p.next++
		p.blank(prevEnd, c.From.Line)
		p.ownLine(c, level)
		prevEnd = c.To.Line
	}
	p.blank(prevEnd, n.Start().Line)

	blk := stmtBody(n)
	layout := fmtNoBlock
	headEnd := n.Stop()
	if blk != nil {
		headEnd = blk.From
		inBlock := p.commentsIn(blk.From, blk.To)
		switch {
		case len(blk.Items) == 0 && !inBlock:
			layout = fmtEmptyBlock
		case len(blk.Items) == 1 && !inBlock && !p.hostsComments(n, headEnd):
			line := p.measure(func(q *fmtPrinter) {
				q.indent(level)
				q.head(n, level)
				q.write(" { ")
				q.head(blk.Items[0], level)
				q.write(" }")
			})
			layout = fmtMultiLine
			if utf8.RuneCountInString(line) <= fmtWidth {
				layout = fmtOneLine
			}
		default:
			layout = fmtMultiLine
		}
	}

	// Comments inside the statement line (or the item): kept in its arrays
	// or moved before it.
	p.region(n, headEnd, level)
	p.indent(level)
	p.head(n, level)
	p.hosted = nil
	switch layout {
	case fmtEmptyBlock:
		p.write(" { }")
	case fmtOneLine:
		p.write(" { ")
		p.head(blk.Items[0], level)
		p.write(" }")
	case fmtMultiLine:
		p.write(" {")
		first := blk.To
		if len(blk.Items) > 0 {
			first = blk.Items[0].Start()
		}
		p.lineEnd(p.takeTrailing(blk.From.Line, first))
		p.newline()
		inner := 0
		for k, it := range blk.Items {
			lim := blk.To
			next := false
			if k+1 < len(blk.Items) {
				lim = blk.Items[k+1].Start()
				next = fmtNeedsSeparator(blk.Items[k+1])
			}
			inner = p.unit(it, level+1, inner, lim, next)
		}
		p.rest(level+1, blk.To, inner)
		p.indent(level)
		p.write("}")
	}
	if sep {
		p.write(",")
	}
	end := n.Stop().Line
	trailing := p.takeTrailing(end, limit)
	p.lineEnd(trailing)
	p.newline()
	if len(trailing) > 0 {
		end = trailing[len(trailing)-1].To.Line
	}
	return end
}

// needsSeparator reports whether the item must be preceded by a `,`: its
// first word would otherwise continue the previous item's value.
func fmtNeedsSeparator(it Item) bool {
	var w string
	switch it := it.(type) {
	case *Field:
		w = it.Name.Name
	case *Hint:
		w = it.Key.Name
	default:
		return false
	}
	if w == "x" || w == "and" || w == "or" {
		return true
	}
	_, unit := ir.LookupUnit(w)
	return unit
}

// measure renders on one line, without comments.
func (p *fmtPrinter) measure(render func(q *fmtPrinter)) string {
	q := &fmtPrinter{flat: true}
	render(q)
	return q.out.String()
}

// pendingBefore returns the pending comments that start before end.
func (p *fmtPrinter) pendingBefore(end ir.Position) []*Comment {
	k := p.next
	for k < len(p.cs) && posBefore(p.cs[k].From, end) {
		k++
	}
	return p.cs[p.next:k]
}

// hostsComments reports whether the line of n up to end has comments that
// its arrays will keep.
func (p *fmtPrinter) hostsComments(n Node, end ir.Position) bool {
	cs := p.pendingBefore(end)
	return len(cs) > 0 && fmtAllHosted(n, cs)
}

// region handles the comments inside the line of n (up to end): when each
// lies between the elements of an array they are left for the arrays to
// print, otherwise they are all printed before the line.
func (p *fmtPrinter) region(n Node, end ir.Position, level int) {
	cs := p.pendingBefore(end)
	p.next += len(cs)
	if len(cs) == 0 {
		return
	}
	if fmtAllHosted(n, cs) {
		p.hosted = cs
		return
	}
	for _, c := range cs {
		p.ownLine(c, level)
	}
}

// allHosted reports whether every comment lies between the elements (or
// brackets) of an array of n.
func fmtAllHosted(n Node, cs []*Comment) bool {
	var arrays []*Array
	fmtArrays(n, &arrays)
	for _, c := range cs {
		if fmtOwnerArray(arrays, c) == nil {
			return false
		}
	}
	return true
}

// ownerArray is the innermost array whose brackets hold c outside of every
// element, nil when there is none.
func fmtOwnerArray(arrays []*Array, c *Comment) *Array {
	var in *Array
	for _, a := range arrays {
		if posBefore(a.From, c.From) && posBefore(c.From, a.To) && (in == nil || posBefore(in.From, a.From)) {
			in = a
		}
	}
	if in == nil {
		return nil
	}
	for _, e := range in.Elems {
		if posIn(c.From, e.Start(), e.Stop()) {
			return nil
		}
	}
	return in
}

// walkArrays collects the array literals of a statement or item.
func fmtArrays(n Node, out *[]*Array) {
	switch n := n.(type) {
	case nil:
	case *Array:
		*out = append(*out, n)
		for _, e := range n.Elems {
			fmtArrays(e, out)
		}
	case *Unary:
		fmtArrays(n.X, out)
	case *Binary:
		fmtArrays(n.X, out)
		fmtArrays(n.Y, out)
	case *Paren:
		fmtArrays(n.X, out)
	case *Call:
		if n != nil {
			for _, a := range n.Args {
				fmtArrays(a.Value, out)
			}
		}
	case *Shape:
		fmtArrays(n.Rows, out)
		fmtArrays(n.Cols, out)
	case *Pipe:
		for _, s := range n.Stages {
			fmtArrays(s, out)
		}
	case *Let:
		fmtArrays(n.Value, out)
	case *Population:
		fmtArrays(n.Size, out)
	case *Connect:
		fmtArrays(n.Pre, out)
		fmtArrays(n.Post, out)
		fmtArrays(n.Connector, out)
	case *CurrentStmt:
		fmtArrays(n.Target, out)
		fmtArrays(n.Source, out)
	case *Record:
		fmtArrays(n.Target, out)
		if n.Every != nil {
			fmtArrays(n.Every, out)
		}
	case *TargetRef:
		if n != nil {
			for _, a := range n.Atoms {
				if a.Index != nil {
					if a.Index.Lo != nil {
						fmtArrays(a.Index.Lo, out)
					}
					if a.Index.Hi != nil {
						fmtArrays(a.Index.Hi, out)
					}
				}
			}
		}
	case *Field:
		fmtArrays(n.Value, out)
	case *Place:
		fmtArrays(n.Where, out)
	case *Hint:
		fmtArrays(n.Value, out)
	}
}

// head prints a statement without its block, or a block item.
func (p *fmtPrinter) head(n Node, level int) {
	switch s := n.(type) {
	case *Import:
		p.write("import ")
		p.expr(s.Path, level)
	case *NetworkStmt:
		p.write("network " + s.Name.Name)
	case *Let:
		p.write("let " + s.Name.Name + " = ")
		p.expr(s.Value, level)
	case *TypeDef:
		p.write(s.Kind + " " + s.Name.Name + " : " + s.Model.Name)
	case *Population:
		p.write("population " + s.Name.Name + "[")
		p.expr(s.Size, level)
		p.write("] : " + s.Model.Name)
	case *Connect:
		p.write("connect ")
		p.targetRef(s.Pre, level)
		p.write(" -> ")
		p.targetRef(s.Post, level)
		p.write(" with ")
		p.expr(s.Connector, level)
		if s.As != nil {
			p.write(" as " + s.As.Name)
		}
	case *CurrentStmt:
		p.write("current " + s.Name.Name + " into ")
		p.targetRef(s.Target, level)
		p.write(" : ")
		p.expr(s.Source, level)
	case *Record:
		p.write("record ")
		p.targetRef(s.Target, level)
		p.write("." + s.Variable.Name)
		if s.Every != nil {
			p.write(" every ")
			p.expr(s.Every, level)
		}
	case *TargetStmt:
		p.write("target " + s.Name.Name + " : " + s.Kind.Name)
	case *Task:
		p.write("task " + s.Name.Name + " : " + s.Kind.Name)
	case *Field:
		p.write(s.Name.Name + " = ")
		p.expr(s.Value, level)
	case *Place:
		p.write("place " + s.Population.Name + " on ")
		p.expr(s.Where, level)
	case *Hint:
		p.write(s.Key.Name + " " + s.Population.Name + " = ")
		p.expr(s.Value, level)
	default:
		panic(fmtUnknownNode{n})
	}
}

func (p *fmtPrinter) targetRef(t *TargetRef, level int) {
	if t.Paren {
		p.write("(")
	}
	for k, a := range t.Atoms {
		if k > 0 {
			p.write(", ")
		}
		p.write(a.Name.Name)
		if ix := a.Index; ix != nil {
			p.write("[")
			if ix.Lo != nil {
				p.expr(ix.Lo, level)
			}
			if ix.Slice {
				p.write(":")
				if ix.Hi != nil {
					p.expr(ix.Hi, level)
				}
			}
			p.write("]")
		}
	}
	if t.Paren {
		p.write(")")
	}
}

// expr prints an expression; level is the indentation of the line it
// starts on, for the arrays that break.
func (p *fmtPrinter) expr(n Expr, level int) {
	switch e := n.(type) {
	case *Number:
		p.write(e.Text)
		if e.Unit != "" {
			p.write(" " + ir.NormalizeUnitSymbol(e.Unit))
		}
	case *Ident:
		if _, ok := ir.LookupUnit(e.Name); ok {
			p.write(ir.NormalizeUnitSymbol(e.Name))
		} else {
			p.write(e.Name)
		}
	case *Member:
		p.write(e.X.Name + "." + e.Sel.Name)
	case *String:
		p.write(fmtQuote(e.Value))
	case *Paren:
		p.write("(")
		p.expr(e.X, level)
		p.write(")")
	case *Unary:
		if e.Op == "not" {
			p.write("not ")
		} else {
			p.write(e.Op)
		}
		p.expr(e.X, level)
	case *Binary:
		p.expr(e.X, level)
		if e.Op == "^" {
			p.write("^")
		} else {
			p.write(" " + e.Op + " ")
		}
		p.expr(e.Y, level)
	case *Array:
		p.array(e, level)
	case *Shape:
		p.expr(e.Rows, level)
		p.write(" x ")
		p.expr(e.Cols, level)
	case *Pipe:
		for k, s := range e.Stages {
			if k > 0 {
				p.write(" | ")
			}
			p.expr(s, level)
		}
	case *Call:
		p.write(e.Name.Name)
		if !e.Parens {
			return
		}
		p.write("(")
		for k, a := range e.Args {
			if k > 0 {
				p.write(", ")
			}
			if a.Name != nil {
				p.write(a.Name.Name + " = ")
			}
			p.expr(a.Value, level)
		}
		p.write(")")
	default:
		panic(fmtUnknownNode{n})
	}
}

// array prints an array literal on one line when it fits and holds no
// comment, otherwise one element per line with the comments between them.
func (p *fmtPrinter) array(a *Array, level int) {
	var own []*Comment // the comments between a's elements
	held := false      // a comment somewhere inside a
	if !p.flat {
		for _, c := range p.hosted {
			if posBefore(a.From, c.From) && posBefore(c.From, a.To) {
				held = true
				if fmtOwnedBy(a, c) {
					own = append(own, c)
				}
			}
		}
	}
	if !held && len(a.Elems) == 0 {
		p.write("[]")
		return
	}
	if !held {
		line := p.measure(func(q *fmtPrinter) {
			q.write("[")
			for k, e := range a.Elems {
				if k > 0 {
					q.write(", ")
				}
				q.expr(e, 0)
			}
			q.write("]")
		})
		if p.flat || p.col+utf8.RuneCountInString(line) <= fmtWidth {
			p.write(line)
			return
		}
	}
	p.write("[")
	// take returns the comments of own that start before limit.
	take := func(limit ir.Position, sameLine int) []*Comment {
		var cs []*Comment
		for len(own) > 0 && posBefore(own[0].From, limit) && (sameLine == 0 || own[0].From.Line == sameLine) {
			cs = append(cs, own[0])
			own = own[1:]
		}
		return cs
	}
	first := a.To
	if len(a.Elems) > 0 {
		first = a.Elems[0].Start()
	}
	p.lineEnd(take(first, a.From.Line))
	p.newline()
	for k, e := range a.Elems {
		for _, c := range take(e.Start(), 0) {
			p.ownLine(c, level+1)
		}
		p.indent(level + 1)
		p.expr(e, level+1)
		p.write(",")
		next := a.To
		if k+1 < len(a.Elems) {
			next = a.Elems[k+1].Start()
		}
		p.lineEnd(take(next, e.Stop().Line))
		p.newline()
	}
	for _, c := range take(a.To, 0) {
		p.ownLine(c, level+1)
	}
	p.indent(level)
	p.write("]")
}

// ownedBy reports whether c lies in a, between its elements.
func fmtOwnedBy(a *Array, c *Comment) bool {
	var arrays []*Array
	fmtArrays(a, &arrays)
	return fmtOwnerArray(arrays, c) == a
}

// fmtQuote writes a string literal with the `\"` and `\\` escapes, and `\n`
// and `\r` for the characters a one-line literal cannot hold raw.
func fmtQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 && r != '\t' || r == 0x7f {
				b.WriteString(`\x` + strconv.FormatInt(int64(r)+0x100, 16)[1:])
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
