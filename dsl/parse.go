package dsl

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
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
	tt   lexer.TokenType
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
	toks, _, err := lexAll(filename, text)
	return toks, err
}

// lexAll is lex that also returns every token as the lexer made it,
// whitespace and the end of file included, for the parser.
func lexAll(filename, text string) ([]token, []lexer.Token, error) {
	l, err := snnLexer.LexString(filename, text)
	if err != nil {
		return nil, nil, err
	}
	toks := make([]token, 0, len(text)/8)
	raw := make([]lexer.Token, 0, len(text)/4)
	for {
		t, err := l.Next()
		if err != nil {
			return nil, nil, err
		}
		raw = append(raw, t)
		if t.EOF() {
			return toks, raw, nil
		}
		name := symbolNames[t.Type]
		if name == "Whitespace" {
			continue
		}
		toks = append(toks, token{name, t.Value, t.Pos, t.Type})
	}
}

// unquoteString reads a string literal: \" and \\ (language.md section 1)
// and, as an extension, Go's other escapes (\n, \t, \x41, \u00e9 ...), in
// linear time (participle's Unquote is quadratic). On a bad escape it returns the offset of its backslash.
func unquoteString(lit string) (string, int, bool) {
	body := lit[1 : len(lit)-1]
	if !strings.Contains(body, `\`) {
		return body, 0, true
	}
	var b strings.Builder
	for s := body; s != ""; {
		r, _, tail, err := strconv.UnquoteChar(s, '"')
		if err != nil {
			return "", 1 + len(body) - len(s), false
		}
		b.WriteRune(r) // as participle's Unquote does (\xff is U+00FF)
		s = tail
	}
	return b.String(), 0, true
}

// sliceLexer replays tokens lexed already, so the file is lexed once.
type sliceLexer struct {
	toks []lexer.Token
	k    int
}

func (l *sliceLexer) Next() (lexer.Token, error) {
	t := l.toks[l.k]
	if l.k < len(l.toks)-1 {
		l.k++
	}
	return t, nil
}

var stringType = snnLexer.Symbols()["String"]

var elidedTypes = []lexer.TokenType{snnLexer.Symbols()["Whitespace"], snnLexer.Symbols()["Comment"]}

// parseTokens parses the whole file from its tokens (strings unquoted).
// The whitespace tokens stay (elided), so that node end positions are the
// same as when participle lexes the text itself.
func parseTokens(raw []lexer.Token) (*gFile, error) {
	for k, t := range raw {
		if t.Type == stringType {
			raw[k].Value, _, _ = unquoteString(t.Value)
		}
	}
	peek, err := lexer.Upgrade(&sliceLexer{toks: raw}, elidedTypes...)
	if err != nil {
		return nil, err
	}
	return parser.ParseFromLexer(peek)
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
	toks, raw, err := lexAll(filename, text)
	if err != nil { // the lexer has a catch-all rule, so this is unexpected
		errs.Add(ir.Position{File: filename, Line: 1, Col: 1}, "%v", err)
		return &File{Name: filename}, errs
	}
	f := &File{Name: filename}
	openLine := 0 // the line of an unterminated string: the rest of it is the string
scan:
	for k, t := range toks {
		if t.pos.Line == openLine {
			continue
		}
		switch t.typ {
		case "Comment":
			f.Comments = append(f.Comments, &Comment{Span: Span{pos(t.pos), endOf(t)}, Text: t.text})
		case "OpenComment":
			errs.Add(pos(t.pos), "unterminated /* comment: expected */ before the end of the file")
			// The rest of the file is the comment: parse what comes before.
			text, toks = text[:t.pos.Offset], toks[:k]
			break scan
		case "String":
			if _, at, ok := unquoteString(t.text); !ok {
				p := t.pos
				p.Advance(t.text[:at]) // to the backslash
				r, _ := utf8.DecodeRuneInString(t.text[at+1:])
				errs.Add(pos(p), "invalid escape \\%c in a string", r)
			}
		case "OpenString":
			errs.Add(pos(t.pos), "unterminated string: expected \" before the end of the line")
			openLine = t.pos.Line
		case "Bad":
			if k > 0 && toks[k-1].typ == "Bad" && toks[k-1].pos.Offset+len(toks[k-1].text) == t.pos.Offset {
				continue // one error for a run of bad characters (a word in another script)
			}
			hint := ""
			if r, _ := utf8.DecodeRuneInString(t.text); unicode.IsLetter(r) {
				hint = " (names use only the letters A-Z and a-z, digits and _)"
			}
			errs.Add(pos(t.pos), "unexpected character %q%s", t.text, hint)
		}
	}
	if e := checkNesting(filename, toks); e != nil {
		// Too deep to parse safely (the parser recurses once per level).
		errs = append(errs, e)
		errs.Dedup()
		return f, errs
	}
	if len(errs) > 0 {
		// A lexical error makes the rest of the statement meaningless; parse
		// statement by statement to report what else is wrong.
		stmts, broken, perrs := parseSegments(filename, text, toks, errs)
		f.Stmts, f.Broken = stmts, broken
		errs = append(errs, perrs...)
		errs.Dedup()
		return f, errs
	}
	tree, err := parseTokens(raw)
	if err == nil {
		for _, s := range tree.Stmts {
			f.Stmts = append(f.Stmts, cStmt(s))
		}
		return f, nil
	}
	stmts, broken, perrs := parseSegments(filename, text, toks, nil)
	f.Stmts, f.Broken = stmts, broken
	if len(perrs) == 0 { // the whole failed but every piece parsed: report the whole's error
		perrs.Add(errPos(err, filename), "%s", syntaxMessage(err, toks))
	}
	perrs.Dedup()
	return f, perrs
}

// maxNesting bounds how deeply brackets may nest: the parser recurses a few
// frames per level, so absurd nesting must not reach it.
const maxNesting = 200

// checkNesting reports the first bracket nested deeper than maxNesting.
func checkNesting(filename string, toks []token) *Error {
	depth := 0
	for _, t := range toks {
		if t.typ != "Op" {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
			if depth > maxNesting {
				return &Error{Pos: pos(t.pos), Msg: fmt.Sprintf("brackets nested more than %d deep", maxNesting)}
			}
		case ")", "]", "}":
			depth = max(depth-1, 0)
		}
	}
	return nil
}

func endOf(t token) ir.Position {
	p := t.pos
	p.Advance(t.text)
	return pos(p)
}

// parseSegments splits the token stream at statement keywords that begin a
// line outside any bracket, parses each piece alone, keeps the statements of
// the pieces that parse and reports the first error of each that does not.
func parseSegments(filename, text string, toks []token, lexErrs ErrorList) ([]Stmt, []*Ident, ErrorList) {
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
	var broken []*Ident
	var errs ErrorList
	bad := 0
	for s, k := range starts {
		if k >= len(toks) {
			continue
		}
		from := toks[k].pos.Offset
		to, end := len(text), len(toks)
		if s+1 < len(starts) {
			to, end = toks[starts[s+1]].pos.Offset, starts[s+1]
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
		broken = append(broken, declaredNames(toks[k:end])...)
		ep := errPos(err, filename)
		msg := syntaxMessage(err, toks)
		if s+1 < len(starts) && strings.HasSuffix(msg, "found end of file") {
			// The piece ended early: what the parser met is the next statement.
			next := toks[starts[s+1]]
			ep = pos(next.pos)
			msg = strings.TrimSuffix(msg, "end of file") + fmt.Sprintf("%q", next.text)
		}
		if hasErrorIn(lexErrs, toks[k].pos, ep) || len(lexErrs) > 0 && strings.Contains(msg, "invalid quoted string") {
			continue // the lexical error already explains this piece
		}
		bad++
		if bad > maxSyntaxErrors {
			break
		}
		errs.Add(ep, "%s", msg)
	}
	return stmts, broken, errs
}

// declaredNames finds the name a statement that did not parse declares
// (`let x = ...`, `population p[...]`, `connect ... as c`), so that its uses
// are not reported as unknown too.
func declaredNames(toks []token) []*Ident {
	var out []*Ident
	ident := func(t token) *Ident {
		p := pos(t.pos)
		e := p
		e.Col += utf8.RuneCountInString(t.text)
		return &Ident{Span: Span{p, e}, Name: t.text}
	}
	if len(toks) >= 2 && toks[1].typ == "Ident" {
		switch toks[0].text {
		case "network", "let", "neuron", "synapse", "population", "current", "target", "task":
			out = append(out, ident(toks[1]))
		}
	}
	if len(toks) > 0 && toks[0].text == "connect" {
		for k := 1; k+1 < len(toks); k++ {
			if toks[k].typ == "Ident" && toks[k].text == "as" && toks[k+1].typ == "Ident" {
				out = append(out, ident(toks[k+1]))
				break
			}
		}
	}
	return out
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

var statementList = "a statement (import, network, let, neuron, synapse, population, connect, current, record, target or task)"

// syntaxMessage rewrites participle's message as "expected X, found Y".
// toks are the file's tokens, to tell where a statement was due.
func syntaxMessage(err error, toks []token) string {
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
		want := describeExpected(m[2])
		// The flat expression grammar expects an operand both where a
		// value starts and after an operator; only the latter is an operand.
		if want == "an operand" && (perr == nil || !afterOperator(toks, perr.Position())) {
			want = "a value"
		}
		return fmt.Sprintf("syntax error: expected %s, found %s", want, found(m[1]))
	}
	if m := reBareUnexp.FindStringSubmatch(msg); m != nil {
		// The parser stopped between statements: at a token that begins a
		// line a statement was due; elsewhere an operator could continue.
		if perr != nil {
			if t, first := tokenAt(toks, perr.Position()); t != nil && first {
				hint := ""
				if t.typ == "Ident" {
					hint = suggest(t.text, keys(statementKeywords))
				}
				return fmt.Sprintf("syntax error: expected %s, found %s%s", statementList, found(m[1]), hint)
			}
		}
		return fmt.Sprintf("syntax error: expected an operator or a new statement, found %s", found(m[1]))
	}
	return "syntax error: " + msg
}

// afterOperator reports whether the last token before p is an operator.
func afterOperator(toks []token, p lexer.Position) bool {
	var prev *token
	for k := range toks {
		t := &toks[k]
		if t.pos.Line > p.Line || t.pos.Line == p.Line && t.pos.Column >= p.Column {
			break
		}
		if t.typ != "Comment" {
			prev = t
		}
	}
	if prev == nil {
		return false
	}
	switch prev.text {
	case "+", "-", "*", "/", "^", "==", "!=", "<", "<=", ">", ">=":
		return prev.typ == "Op"
	case "and", "or", "not":
		return prev.typ == "Ident"
	}
	return false
}

// tokenAt finds the token at p and whether it is the first of its line.
func tokenAt(toks []token, p lexer.Position) (*token, bool) {
	for k := range toks {
		if toks[k].pos.Line == p.Line && toks[k].pos.Column == p.Column {
			first := true
			for j := k - 1; j >= 0; j-- {
				if toks[j].typ != "Comment" {
					first = toks[j].pos.Line < p.Line
					break
				}
			}
			return &toks[k], first
		}
	}
	return nil, false
}

// describeExpected turns participle's grammar fragment (the rest of the
// sequence that failed, e.g. `":" GIdent GBlock?`) into words for what
// could come next: its first element, and the one after when that is
// optional.
func describeExpected(s string) string {
	var alts []string
	rest := strings.TrimSpace(s)
	for rest != "" {
		el, tail := firstElement(rest)
		optional := strings.HasSuffix(el, "?") || strings.HasSuffix(el, "*")
		el = strings.TrimRight(el, "?*+")
		if strings.HasPrefix(el, "(") && strings.HasSuffix(el, ")") {
			inner := strings.TrimSpace(el[1 : len(el)-1])
			if strings.Contains(inner, " | ") {
				el = strings.ReplaceAll(inner, " | ", " or ")
			} else {
				el, _ = firstElement(inner)
				el = strings.TrimRight(el, "?*+")
			}
		}
		alts = append(alts, describeWords(el))
		if !optional {
			break
		}
		rest = strings.TrimSpace(tail)
	}
	return listWords(alts)
}

// firstElement splits a grammar fragment after its first element: a quoted
// literal, a (group) or a word, with any ? * + suffix.
func firstElement(s string) (string, string) {
	k := 0
	switch {
	case strings.HasPrefix(s, `"`):
		k = 1
		for k < len(s) && s[k] != '"' {
			if s[k] == '\\' {
				k++
			}
			k++
		}
		k++
	case strings.HasPrefix(s, "("):
		depth := 0
		for ; k < len(s); k++ {
			if s[k] == '(' {
				depth++
			} else if s[k] == ')' {
				depth--
				if depth == 0 {
					k++
					break
				}
			}
		}
	default:
		for k < len(s) && s[k] != ' ' {
			k++
		}
	}
	k = min(k, len(s))
	for k < len(s) && strings.ContainsRune("?*+", rune(s[k])) {
		k++
	}
	return s[:k], s[k:]
}

func describeWords(s string) string {
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
	"operand": "an operand", "prefix": "an operand", "primary": "an operand",
	"binary": "an operator", "targetatom": "a population",
	"field": "name = value", "arg": "an argument", "array": "an array", "unit": "a unit",
}
