package dsl

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/snn-sim/snn/ir"
)

// maxSyntaxErrors bounds how many statements with syntax errors are reported.
const maxSyntaxErrors = 20

var statementKeywords = map[string]bool{
	"import": true, "network": true, "let": true, "neuron": true, "synapse": true,
	"population": true, "connect": true, "current": true, "record": true,
	"target": true, "task": true,
}

// token is one lexed token with its position.
type token struct {
	typ  string
	text string
	pos  lexer.Position
}

var symbolNames = func() map[lexer.TokenType]string {
	m := map[lexer.TokenType]string{}
	for name, t := range snnLexer.Symbols() {
		m[t] = name
	}
	return m
}()

// lex splits text into tokens (whitespace dropped, comments kept).
func lex(filename, text string) ([]token, error) {
	l, err := snnLexer.LexString(filename, text)
	if err != nil {
		return nil, err
	}
	var toks []token
	for {
		t, err := l.Next()
		if err != nil {
			return nil, err
		}
		if t.EOF() {
			return toks, nil
		}
		name := symbolNames[t.Type]
		if name == "Whitespace" {
			continue
		}
		toks = append(toks, token{name, t.Value, t.Pos})
	}
}

// ParseFile parses one .snn file. It returns the AST of every statement it
// could parse and, if some could not, an ErrorList with one error per bad
// statement (so several mistakes are reported in one run).
func ParseFile(filename string, src []byte) (*File, error) {
	text := string(src)
	text = strings.TrimPrefix(text, "\uFEFF")
	var errs ErrorList
	if !utf8.ValidString(text) {
		line, col := 1, 1
		for k, r := range text {
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(text[k:]); size == 1 {
					break
				}
			}
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		errs.Add(ir.Position{File: filename, Line: line, Col: col}, "file is not valid UTF-8 text")
		return &File{Name: filename}, errs
	}
	toks, err := lex(filename, text)
	if err != nil { // the lexer has a catch-all rule, so this is unexpected
		errs.Add(ir.Position{File: filename, Line: 1, Col: 1}, "%v", err)
		return &File{Name: filename}, errs
	}
	f := &File{Name: filename}
	for _, t := range toks {
		switch t.typ {
		case "Comment":
			f.Comments = append(f.Comments, &Comment{Span: Span{pos(t.pos), endOf(t)}, Text: t.text})
		case "OpenComment":
			errs.Add(pos(t.pos), "unterminated /* comment: expected */ before the end of the file")
		case "OpenString":
			errs.Add(pos(t.pos), "unterminated string: expected \" before the end of the line")
		case "Bad":
			errs.Add(pos(t.pos), "unexpected character %q", t.text)
		}
	}
	if len(errs) > 0 {
		// A lexical error makes the rest of the statement meaningless; parse
		// statement by statement to report what else is wrong.
		stmts, perrs := parseSegments(filename, text, toks, errs)
		f.Stmts = stmts
		errs = append(errs, perrs...)
		errs.Dedup()
		return f, errs
	}
	tree, err := parser.ParseString(filename, text)
	if err == nil {
		for _, s := range tree.Stmts {
			f.Stmts = append(f.Stmts, cStmt(s))
		}
		return f, nil
	}
	stmts, perrs := parseSegments(filename, text, toks, nil)
	f.Stmts = stmts
	if len(perrs) == 0 { // the whole failed but every piece parsed: report the whole's error
		perrs.Add(errPos(err, filename), "%s", syntaxMessage(err))
	}
	perrs.Dedup()
	return f, perrs
}

func endOf(t token) ir.Position {
	p := t.pos
	p.Advance(t.text)
	return pos(p)
}

// parseSegments splits the token stream at statement keywords that begin a
// line outside any bracket, parses each piece alone, keeps the statements of
// the pieces that parse and reports the first error of each that does not.
func parseSegments(filename, text string, toks []token, lexErrs ErrorList) ([]Stmt, ErrorList) {
	var starts []int
	depth := 0
	lastLine := 0
	for k, t := range toks {
		if t.typ == "Comment" {
			continue
		}
		// A keyword at column 1 starts a statement even inside an unclosed
		// bracket: that is almost always where the user meant one to start.
		if (depth <= 0 || t.pos.Column == 1) && t.typ == "Ident" && statementKeywords[t.text] && t.pos.Line != lastLine {
			depth = 0
			starts = append(starts, k)
		}
		switch t.text {
		case "{", "[", "(":
			if t.typ == "Op" {
				depth++
			}
		case "}", "]", ")":
			if t.typ == "Op" {
				depth--
			}
		}
		lastLine = t.pos.Line
	}
	if len(starts) == 0 || starts[0] != firstNonComment(toks) {
		starts = append([]int{firstNonComment(toks)}, starts...)
	}
	var stmts []Stmt
	var errs ErrorList
	bad := 0
	for s, k := range starts {
		if k >= len(toks) {
			continue
		}
		from := toks[k].pos.Offset
		to := len(text)
		if s+1 < len(starts) {
			to = toks[starts[s+1]].pos.Offset
		}
		segment := text[from:to]
		p := toks[k].pos
		// Pad so that the piece keeps its line and column numbers.
		padded := strings.Repeat("\n", p.Line-1) + strings.Repeat(" ", p.Column-1) + segment
		tree, err := parser.ParseString(filename, padded)
		if err == nil {
			for _, st := range tree.Stmts {
				stmts = append(stmts, cStmt(st))
			}
			continue
		}
		ep := errPos(err, filename)
		msg := syntaxMessage(err)
		if s+1 < len(starts) && strings.HasSuffix(msg, "found end of file") {
			// The piece ended early: what the parser met is the next statement.
			next := toks[starts[s+1]]
			ep = pos(next.pos)
			msg = strings.TrimSuffix(msg, "end of file") + fmt.Sprintf("%q", next.text)
		}
		if hasErrorIn(lexErrs, toks[k].pos, ep) {
			continue // the lexical error already explains this piece
		}
		bad++
		if bad > maxSyntaxErrors {
			break
		}
		errs.Add(ep, "%s", msg)
	}
	return stmts, errs
}

func firstNonComment(toks []token) int {
	for k, t := range toks {
		if t.typ != "Comment" {
			return k
		}
	}
	return len(toks)
}

func hasErrorIn(errs ErrorList, from lexer.Position, at ir.Position) bool {
	for _, e := range errs {
		if (e.Pos.Line > from.Line || e.Pos.Line == from.Line && e.Pos.Col >= from.Column) &&
			(e.Pos.Line < at.Line || e.Pos.Line == at.Line && e.Pos.Col <= at.Col) {
			return true
		}
	}
	return false
}

func errPos(err error, filename string) ir.Position {
	var perr participle.Error
	if errors.As(err, &perr) {
		p := pos(perr.Position())
		if p.File == "" {
			p.File = filename
		}
		return p
	}
	return ir.Position{File: filename, Line: 1, Col: 1}
}

var (
	reUnexpected = regexp.MustCompile(`^unexpected token "(.*)" \(expected (.*)\)$`)
	reBareUnexp  = regexp.MustCompile(`^unexpected token "(.*)"$`)
)

// syntaxMessage rewrites participle's message as "expected X, found Y".
func syntaxMessage(err error) string {
	var perr participle.Error
	msg := err.Error()
	if errors.As(err, &perr) {
		msg = perr.Message()
	}
	found := func(tok string) string {
		if tok == "<EOF>" {
			return "end of file"
		}
		return fmt.Sprintf("%q", tok)
	}
	if m := reUnexpected.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("syntax error: expected %s, found %s", describeExpected(m[2]), found(m[1]))
	}
	if m := reBareUnexp.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("syntax error: expected an operator or a new statement, found %s", found(m[1]))
	}
	return "syntax error: " + msg
}

// describeExpected turns participle's grammar fragment into words.
func describeExpected(s string) string {
	return reGrammarWord.ReplaceAllStringFunc(s, func(w string) string {
		if d, ok := grammarWords[strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(w, "g"), "G"))]; ok {
			return d
		}
		return w
	})
}

var reGrammarWord = regexp.MustCompile(`<\w+>|\b[gG][A-Z]\w*\b`)

var grammarWords = map[string]string{
	"<ident>": "a name", "<string>": "a string", "<number>": "a number",
	"value": "a value", "expr": "an expression", "stmt": "a statement", "block": "a { block }",
	"targetref": "a population or (union)", "call": "a name or call", "ident": "a name",
	"string": "a string", "number": "a number", "index": "an index", "item": "a field",
}
