package dsl

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snn-sim/snn/ir"
)

// fmtCase is one input and its exact canonical text.
type fmtCase struct {
	name, in, want string
}

var formatCases = []fmtCase{
	// Statements.
	{"import", `import   "lib/cells.snn"`, "import \"lib/cells.snn\"\n"},
	{"network", "network n{dt=0.1ms duration=1000 ms;seed=1,description=\"x\",}",
		"network n {\n  dt = 0.1 ms\n  duration = 1000 ms\n  seed = 1\n  description = \"x\"\n}\n"},
	{"network one field", "network n {\n  dt = 0.1 ms\n}", "network n { dt = 0.1 ms }\n"},
	{"network empty", "network n {\n\n}", "network n { }\n"},
	{"let arithmetic", "let a=-x^2+3*(b-c)/d", "let a = -x^2 + 3 * (b - c) / d\n"},
	{"let power", "let a = 2^-1 - - b*c^(1/2)", "let a = 2^-1 - -b * c^(1 / 2)\n"},
	{"let boolean", "let c = not(a)and b or i!=j", "let c = not (a) and b or i != j\n"},
	{"let comparisons", "let c = a<=b and c>=d or e<f and(g==h)", "let c = a <= b and c >= d or e < f and (g == h)\n"},
	{"quantities", "let q = 1.5µS\nlet r = 2 mV/ms\nlet s = 5*μs\nlet t = -65mV\nlet u = 3 ms^2",
		"let q = 1.5 uS\nlet r = 2 mV / ms\nlet s = 5 * us\nlet t = -65 mV\nlet u = 3 ms^2\n"},
	{"numbers as written", "let a = .5e+3 + 2.50 + 1E-3", "let a = .5e+3 + 2.50 + 1E-3\n"},
	{"strings", `let s = "a\"b\\c"` + "\n" + `let t = "x\ny\tz"`,
		`let s = "a\"b\\c"` + "\n" + "let t = \"x\\ny\tz\"\n"},
	{"string escapes", `let s = "\x01\u00e9\r"`, `let s = "\x01é\r"` + "\n"},
	{"member", "let f = liquid . spikes", "let f = liquid.spikes\n"},
	{"neuron", "neuron c:lif_curr_exp{tau_m=20ms}", "neuron c : lif_curr_exp { tau_m = 20 ms }\n"},
	{"neuron without body", "neuron c :lif_curr_exp", "neuron c : lif_curr_exp\n"},
	{"synapse", "synapse s : stdp { timing = spike_pair(tau_plus=20ms,a_plus=0.01,) weight_rule = additive(0 nA, 6 nA) }",
		"synapse s : stdp {\n  timing = spike_pair(tau_plus = 20 ms, a_plus = 0.01)\n  weight_rule = additive(0 nA, 6 nA)\n}\n"},
	{"population", "population exc [ 3200 ] : lif_curr_exp", "population exc[3200] : lif_curr_exp\n"},
	{"population body", "population exc[n_exc]:cell{v=uniform(-65mV,-55mV);layout=grid(4,4,spacing=1)}",
		"population exc[n_exc] : cell {\n  v = uniform(-65 mV, -55 mV)\n  layout = grid(4, 4, spacing = 1)\n}\n"},
	{"connect", "connect exc[0:10]->(exc,inh[-5:],)with fixed_probability(0.1)as e2i{weight=0.5nA}",
		"connect exc[0:10] -> (exc, inh[-5:]) with fixed_probability(0.1) as e2i { weight = 0.5 nA }\n"},
	{"connect bare", "connect a->b with one_to_one", "connect a -> b with one_to_one\n"},
	{"connect empty parens", "connect a->b with one_to_one() {}", "connect a -> b with one_to_one() { }\n"},
	{"connect condition", "connect a -> a with all_to_all(condition = i != j and d < 2, allow_self = false) { weight = 1 nA, delay = 1 ms + 0.1 ms * d }",
		"connect a -> a with all_to_all(condition = i != j and d < 2, allow_self = false) {\n  weight = 1 nA\n  delay = 1 ms + 0.1 ms * d\n}\n"},
	{"current", "current c into exc[:3]:dc(1nA,start=10ms)", "current c into exc[:3] : dc(1 nA, start = 10 ms)\n"},
	{"record", "record exc[0:5].v every 1ms\nrecord exc.spikes\nrecord (a,b).spikes\nrecord exc[3] . v\nrecord exc[:].v",
		"record exc[0:5].v every 1 ms\nrecord exc.spikes\nrecord (a, b).spikes\nrecord exc[3].v\nrecord exc[:].v\n"},
	{"target", "target t : spinnaker { place exc on chip(0,0) neurons_per_core exc = 64; machine = boards(2, 2) dead_chips = [chip(1, 1)] }",
		"target t : spinnaker {\n  place exc on chip(0, 0)\n  neurons_per_core exc = 64\n  machine = boards(2, 2)\n  dead_chips = [chip(1, 1)]\n}\n"},
	{"target shape", "target r : reram { array = 512   x  512 }", "target r : reram { array = 512 x 512 }\n"},
	{"task pipeline", "task t : classify { train = idx_images(\"d\", split = \"train\")|poisson_rate(max_rate = 100 Hz) features = liquid.spikes }",
		"task t : classify {\n  train = idx_images(\"d\", split = \"train\") | poisson_rate(max_rate = 100 Hz)\n  features = liquid.spikes\n}\n"},
	{"statements on one line", "let a = 1 let b = 2 record x.v", "let a = 1\nlet b = 2\nrecord x.v\n"},
	{"one field too long for one line",
		"population p[1] : m { data = idx_images(\"/usr/share/datasets/fashion-mnist\", split = \"abcdefghijk\") }",
		"population p[1] : m {\n  data = idx_images(\"/usr/share/datasets/fashion-mnist\", split = \"abcdefghijk\")\n}\n"},
	{"one field exactly 100 columns",
		"population p[1] : m { data = idx_images(\"/usr/share/datasets/fashion-mnist\", split = \"abcdefghij\") }",
		"population p[1] : m { data = idx_images(\"/usr/share/datasets/fashion-mnist\", split = \"abcdefghij\") }\n"},

	// Separators the output must keep.
	{"separator before unit-named field", "network n { a = 5, ms = 3; b = 1 }",
		"network n {\n  a = 5,\n  ms = 3\n  b = 1\n}\n"},
	{"separator before x hint", "target t : spinnaker { a = 5; x exc = 3, or = 1 and = 2 }",
		"target t : spinnaker {\n  a = 5,\n  x exc = 3,\n  or = 1,\n  and = 2\n}\n"},

	// Blank lines.
	{"blank lines", "\n\n\nlet a = 1\n\n\n\nlet b = 2\nlet c = 3\n\n\n",
		"let a = 1\n\nlet b = 2\nlet c = 3\n"},
	{"blank lines in blocks", "network n {\n\n  dt = 1 ms\n\n\n  seed = 2\n\n}\n",
		"network n {\n  dt = 1 ms\n\n  seed = 2\n}\n"},
	{"empty file", "", ""},
	{"whitespace file", " \n\n\t\n", ""},

	// Long arrays.
	{"short array", "let w = [ 1 , 2 , 3 , ]", "let w = [1, 2, 3]\n"},
	{"empty array", "let w = [ ]", "let w = []\n"},
	{"long array", "let w = [" + strings.Repeat("1000 ms, ", 12) + "1000 ms]",
		"let w = [\n" + strings.Repeat("  1000 ms,\n", 13) + "]\n"},
	{"nested long array", "population p[3] : spike_array { times = [[1 ms, 2 ms], [" + strings.Repeat("100 ms, ", 12) + "100 ms], []] }",
		"population p[3] : spike_array {\n  times = [\n    [1 ms, 2 ms],\n    [\n" + strings.Repeat("      100 ms,\n", 13) + "    ],\n    [],\n  ]\n}\n"},
	{"array in call", "connect a -> b with from_list([[0, 1, 1 nA], [1, 2, 2 nA], [2, 3, 3 nA], [3, 4, 4 nA], [4, 5, 5 nA], [5, 6, 6 nA]]) as l",
		"connect a -> b with from_list([\n  [0, 1, 1 nA],\n  [1, 2, 2 nA],\n  [2, 3, 3 nA],\n  [3, 4, 4 nA],\n  [4, 5, 5 nA],\n  [5, 6, 6 nA],\n]) as l\n"},

	// Comments.
	{"leading comment", "# about a\n\n# more\nlet a = 1", "# about a\n\n# more\nlet a = 1\n"},
	{"trailing comment", "let a = 1       # one\nlet b = 2 // two   ", "let a = 1  # one\nlet b = 2  // two\n"},
	{"comment inside value moves before", "let a = f(1, # one\n  2)", "# one\nlet a = f(1, 2)\n"},
	{"comment inside field moves before field", "network n {\n  dt = # step\n    0.1 ms\n  seed = 1\n}",
		"network n {\n  # step\n  dt = 0.1 ms\n  seed = 1\n}\n"},
	{"comment in header moves before", "population p[10] # size\n : m { a = 1, b = 2 }",
		"# size\npopulation p[10] : m {\n  a = 1\n  b = 2\n}\n"},
	{"end of file comments", "let a = 1\n# tail\n\n\n/* end */\n", "let a = 1\n# tail\n\n/* end */\n"},
	{"comment only", "  # just this   \n", "# just this\n"},
	{"comment in empty block on brace line", "neuron n : m { # todo\n}", "neuron n : m {  # todo\n}\n"},
	{"comment in empty block", "neuron n : m {\n    # todo\n}", "neuron n : m {\n  # todo\n}\n"},
	{"comment in empty one-line block", "neuron n : m { /* todo */ }", "neuron n : m {  /* todo */\n}\n"},
	{"comment after brace", "network n { # the run\n  dt = 1 ms\n  seed = 1 }", "network n {  # the run\n  dt = 1 ms\n  seed = 1\n}\n"},
	{"comment forces block open", "population p[1] : m { v = 1 # start\n}", "population p[1] : m {\n  v = 1  # start\n}\n"},
	{"comment before closing brace", "network n {\n  dt = 1 ms\n\n  # more later\n}", "network n {\n  dt = 1 ms\n\n  # more later\n}\n"},
	{"comment after one-line block", "population p[1] : m { v = 1 } # p", "population p[1] : m { v = 1 }  # p\n"},
	{"block comments", "/* a\n   b */\nlet a = 1 /* x */ /* y */\nlet b = 2", "/* a\n   b */\nlet a = 1  /* x */ /* y */\nlet b = 2\n"},
	{"block comment between statements", "let a = 1 /* c */ let b = 2", "let a = 1  /* c */\nlet b = 2\n"},
	{"block comment before statement", "/* c */ let a = 1", "/* c */\nlet a = 1\n"},
	{"indented block comment in block", "network n {\n  /* a\n     b */\n  dt = 1 ms\n  seed = 1\n}", "network n {\n  /* a\n     b */\n  dt = 1 ms\n  seed = 1\n}\n"},
	{"comments in array", "let w = [ # first row\n  [1, 2], # one\n  # two\n  [3, 4] # after\n  # last\n]",
		"let w = [  # first row\n  [1, 2],  # one\n  # two\n  [3, 4],  # after\n  # last\n]\n"},
	{"comments in nested array", "let w = [[1, # a\n 2], [3]]", "let w = [\n  [\n    1,  # a\n    2,\n  ],\n  [3],\n]\n"},
	{"comments in array and value move", "let a = f([1, # x\n 2], # y\n 3)", "# x\n# y\nlet a = f([1, 2], 3)\n"},
	{"comments in header array open the block", "connect a -> b with from_list([[0, 1], # x\n [1, 2]]) { weight = 1 nA }",
		"connect a -> b with from_list([\n  [0, 1],  # x\n  [1, 2],\n]) {\n  weight = 1 nA\n}\n"},
	{"comments in header move, block stays on one line", "connect a -> b with f(1 /* x */) { weight = 1 nA }",
		"/* x */\nconnect a -> b with f(1) { weight = 1 nA }\n"},
	{"separator and trailing comment", "network n { a = 5 # five\n , ms = 3 }", "network n {\n  a = 5,  # five\n  ms = 3\n}\n"},
	{"comment in array element moves", "let w = [f(1, # x\n 2), 3]", "# x\nlet w = [f(1, 2), 3]\n"},
	{"comment in array in block", "population p[2] : spike_array {\n  times = [\n    [1 ms], # n0\n    [2 ms] # n1\n  ]\n}",
		"population p[2] : spike_array {\n  times = [\n    [1 ms],  # n0\n    [2 ms],  # n1\n  ]\n}\n"},
	{"crlf", "# a\r\nlet a = 1 # b\r\n\r\n\r\nlet b = 2\r\n", "# a\nlet a = 1  # b\n\nlet b = 2\n"},
	{"byte-order mark", "\uFEFFlet a = 1\n", "let a = 1\n"},
}

func TestFormatCases(t *testing.T) {
	for _, tc := range formatCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FormatSource("case.snn", []byte(tc.in))
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
			checkFormatted(t, "case.snn", []byte(tc.in), got)
		})
	}
}

func TestFormatSyntaxErrorUntouched(t *testing.T) {
	src := []byte("let a = \nlet b = (1\n")
	_, want := ParseFile("bad.snn", src)
	require.Error(t, want)
	out, err := FormatSource("bad.snn", src)
	assert.Nil(t, out)
	assert.Equal(t, want, err)
	var list ErrorList
	assert.ErrorAs(t, err, &list)
}

// checkFormatted checks what every formatted text must satisfy: it parses,
// to the same AST as the input, with the same comments in the same order,
// and formatting it again changes nothing.
func checkFormatted(t *testing.T, name string, in, out []byte) {
	t.Helper()
	fin, err := ParseFile(name, in)
	require.NoError(t, err)
	fout, err := ParseFile(name, out)
	require.NoError(t, err, "the output does not parse:\n%s", out)
	assert.Equal(t, fmtASTDump(fin), fmtASTDump(fout), "the output's AST differs")
	assert.Equal(t, fmtCommentTexts(fin), fmtCommentTexts(fout), "comments lost or reordered")
	again := Format(fout, out)
	assert.Equal(t, string(out), string(again), "not idempotent")
	for k, line := range strings.Split(string(out), "\n") {
		if strings.HasSuffix(line, " ") && !fmtInBlockComment(fout, k+1) {
			t.Errorf("line %d has trailing blanks: %q", k+1, line)
		}
	}
}

func fmtInBlockComment(f *File, line int) bool {
	for _, c := range f.Comments {
		if strings.HasPrefix(c.Text, "/*") && c.From.Line <= line && line <= c.To.Line {
			return true
		}
	}
	return false
}

func fmtCommentTexts(f *File) []string {
	var out []string
	for _, c := range f.Comments {
		out = append(out, fmtCommentText(c))
	}
	return out
}

// astDump prints the AST without positions (and with µ folded, as the
// formatter writes it), so that two parses can be compared.
func fmtASTDump(f *File) string {
	var b strings.Builder
	for _, s := range f.Stmts {
		fmtDumpValue(&b, reflect.ValueOf(s))
		b.WriteString("\n")
	}
	return b.String()
}

var (
	fmtPositionType = reflect.TypeOf(ir.Position{})
	fmtSpanType     = reflect.TypeOf(Span{})
)

func fmtDumpValue(b *strings.Builder, v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		fmtDumpValue(b, v.Elem())
	case reflect.Struct:
		b.WriteString(v.Type().Name() + "{")
		for k := 0; k < v.NumField(); k++ {
			ft := v.Type().Field(k)
			if ft.Type == fmtPositionType || ft.Type == fmtSpanType {
				continue
			}
			b.WriteString(ft.Name + ":")
			if ft.Name == "Name" && v.Type() == reflect.TypeOf(Ident{}) {
				b.WriteString(ir.NormalizeUnitSymbol(v.Field(k).String()))
			} else {
				fmtDumpValue(b, v.Field(k))
			}
			b.WriteString(" ")
		}
		b.WriteString("}")
	case reflect.Slice:
		b.WriteString("[")
		for k := 0; k < v.Len(); k++ {
			fmtDumpValue(b, v.Index(k))
			b.WriteString(" ")
		}
		b.WriteString("]")
	default:
		fmt.Fprintf(b, "%q", fmt.Sprint(v.Interface()))
	}
}

// formattingReader reads files as Check would, formatting every .snn file.
func fmtFormattingReader(t *testing.T) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		src, err := os.ReadFile(name)
		if err != nil || !strings.HasSuffix(name, ".snn") {
			return src, err
		}
		out, ferr := FormatSource(name, src)
		if ferr != nil {
			return src, nil // let the checker report it
		}
		return out, nil
	}
}

// networkJSON is the network as JSON with every position removed.
func fmtNetworkJSON(t *testing.T, n *ir.Network) any {
	t.Helper()
	data, err := json.Marshal(n)
	require.NoError(t, err)
	var v any
	require.NoError(t, json.Unmarshal(data, &v))
	return fmtStripPositions(v)
}

func fmtStripPositions(v any) any {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "pos")
		for k, x := range v {
			v[k] = fmtStripPositions(x)
		}
	case []any:
		for k, x := range v {
			v[k] = fmtStripPositions(x)
		}
	}
	return v
}

func fmtExampleFiles(t *testing.T) []string {
	files, err := filepath.Glob("../examples/*.snn")
	require.NoError(t, err)
	require.NotEmpty(t, files, "the examples are part of the repository")
	return files
}

// TestFormatExamples formats every example: the output is stable, keeps every
// comment and the AST, and checks to the same network (positions aside). The
// formatted text is given to Check under the original path, so that relative
// paths resolve the same.
func TestFormatExamples(t *testing.T) {
	for _, path := range fmtExampleFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			out, err := FormatSource(path, src)
			require.NoError(t, err)
			checkFormatted(t, path, src, out)

			orig, err := Check(path, Options{})
			if err != nil {
				t.Logf("%s does not check yet (IR not compared): %v", path, fmtFirstLine(err))
				return
			}
			formatted, err := Check(path, Options{ReadFile: fmtFormattingReader(t)})
			require.NoError(t, err)
			assert.Equal(t, fmtNetworkJSON(t, orig.Network), fmtNetworkJSON(t, formatted.Network))
		})
	}
}

func fmtFirstLine(err error) string {
	s := err.Error()
	if k := strings.IndexByte(s, '\n'); k >= 0 {
		return s[:k] + " ..."
	}
	return s
}

// corpusFile is an example prepared for reflowing.
type fmtCorpusFile struct {
	path  string
	src   []byte
	want  []byte // its canonical text
	dump  string // its AST
	toks  []token
	items map[[2]int]bool // where a separator may go: before block items and `}`
}

func fmtLoadCorpus(t *testing.T) []*fmtCorpusFile {
	var out []*fmtCorpusFile
	for _, path := range fmtExampleFiles(t) {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		f, err := ParseFile(path, src)
		require.NoError(t, err)
		toks, err := lex(path, strings.TrimPrefix(string(src), "\uFEFF"))
		require.NoError(t, err)
		cf := &fmtCorpusFile{path: path, src: src, want: Format(f, src), dump: fmtASTDump(f), toks: toks, items: map[[2]int]bool{}}
		for _, s := range f.Stmts {
			if b := stmtBody(s); b != nil {
				for _, it := range b.Items {
					cf.items[[2]int{it.Start().Line, it.Start().Col}] = true
				}
				cf.items[[2]int{b.To.Line, b.To.Col - 1}] = true
			}
		}
		out = append(out, cf)
	}
	return out
}

// reflow re-emits the file's tokens with random whitespace. With newlines
// false every token keeps its line (only the blanks between tokens on a line
// change); with newlines true tokens are also joined and split across lines
// and new comments are scattered between them. Separators `,`/`;` are
// scattered before block items either way.
func (cf *fmtCorpusFile) reflow(rng *rand.Rand, newlines bool) string {
	blanks := []string{" ", "  ", "\t", " \t "}
	var b strings.Builder
	line := 1
	added := 0
	for k, tok := range cf.toks {
		if k > 0 {
			prev := cf.toks[k-1]
			lineComment := prev.typ == "Comment" && !strings.HasPrefix(prev.text, "/*")
			switch {
			case !newlines && tok.pos.Line > line:
				b.WriteString(strings.Repeat("\n", tok.pos.Line-line))
				if rng.Intn(2) == 0 {
					b.WriteString(blanks[rng.Intn(len(blanks))])
				}
			case newlines && (lineComment || rng.Intn(6) == 0):
				b.WriteString(strings.Repeat("\n", 1+rng.Intn(3)))
			default:
				b.WriteString(blanks[rng.Intn(len(blanks))])
			}
			if newlines && rng.Intn(25) == 0 {
				added++
				if rng.Intn(2) == 0 {
					fmt.Fprintf(&b, "/* new %d */ ", added)
				} else {
					fmt.Fprintf(&b, "# new %d\n", added)
				}
			}
		}
		line = tok.pos.Line + strings.Count(tok.text, "\n")
		if cf.items[[2]int{tok.pos.Line, tok.pos.Column}] {
			for n := rng.Intn(3); n > 0; n-- {
				b.WriteString([]string{",", ";", " , ", ";;"}[rng.Intn(4)])
			}
			if !newlines || rng.Intn(2) == 0 {
				b.WriteString(" ")
			}
		}
		b.WriteString(tok.text)
	}
	if newlines && rng.Intn(2) == 0 {
		b.WriteString("\n\n")
	}
	return b.String()
}

// TestFormatReflowedExamples is a property test over a generated corpus: the
// examples with their blanks and separators shuffled. Changing only the
// blanks within lines and the separators must not change the output at all;
// moving tokens across lines and adding comments anywhere may move comments
// and blank lines, but the output is still stable, keeps every comment in
// order and parses to the same AST.
func TestFormatReflowedExamples(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for _, cf := range fmtLoadCorpus(t) {
		for r := 0; r < rounds; r++ {
			same := cf.reflow(rng, false)
			got, err := FormatSource(cf.path, []byte(same))
			require.NoError(t, err, "%s round %d (blanks)", cf.path, r)
			if !assert.Equal(t, string(cf.want), string(got), "%s round %d (blanks)", cf.path, r) {
				return
			}

			moved := cf.reflow(rng, true)
			got, err = FormatSource(cf.path, []byte(moved))
			require.NoError(t, err, "%s round %d (lines)", cf.path, r)
			checkFormatted(t, cf.path, []byte(moved), got)
			f, err := ParseFile(cf.path, got)
			require.NoError(t, err)
			assert.Equal(t, cf.dump, fmtASTDump(f), "the meaning changed")
			if t.Failed() {
				t.Logf("input:\n%s\noutput:\n%s", moved, got)
				return
			}
		}
	}
}

// TestFormatCommentsKept checks on every example and case that the output
// holds every comment text of the input, in order, each exactly once.
func TestFormatCommentsKept(t *testing.T) {
	var inputs [][]byte
	for _, tc := range formatCases {
		inputs = append(inputs, []byte(tc.in))
	}
	for _, path := range fmtExampleFiles(t) {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		inputs = append(inputs, src)
	}
	for _, in := range inputs {
		f, err := ParseFile("c.snn", in)
		require.NoError(t, err)
		out := string(Format(f, in))
		at := 0
		for _, c := range f.Comments {
			text := fmtCommentText(c)
			k := strings.Index(out[at:], text)
			if !assert.GreaterOrEqual(t, k, 0, "comment %q missing or out of order", text) {
				break
			}
			at += k + len(text)
		}
	}
}

// strangeStmt is a statement kind the formatter does not know.
type fmtStrangeStmt struct{ Span }

func (*fmtStrangeStmt) stmtNode() {}

func TestFormatUnknownNodeKeepsSource(t *testing.T) {
	src := []byte("let a   = 1\n")
	f, err := ParseFile("u.snn", src)
	require.NoError(t, err)
	f.Stmts = append(f.Stmts, &fmtStrangeStmt{})
	assert.Equal(t, string(src), string(Format(f, src)))
	_, err = formatFile(f)
	assert.ErrorContains(t, err, "cannot format *dsl.fmtStrangeStmt")
	f.Stmts = []Stmt{&Let{Name: &Ident{Name: "a"}, Value: nil}}
	assert.Equal(t, string(src), string(Format(f, src)))
}
