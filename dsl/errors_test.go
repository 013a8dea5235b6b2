package dsl

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// The test suite of bad input: every error class of language.md, each with
// the exact errors (position and message) the checker must give, all of them
// and in order. Files are served from memory.

// errorCase is one invalid program: the root file main.snn and any files it
// imports, and every error the check reports.
type errorCase struct {
	name  string
	files map[string]string
	want  []string
}

// mainOnly is a program of one file, main.snn.
func mainOnly(src string) map[string]string { return map[string]string{"main.snn": src} }

// memFiles serves files from a map (keys relative to the root's folder,
// written with /). Missing files give fs.ErrNotExist.
func memFiles(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		key := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(name)), "./")
		if src, ok := files[key]; ok {
			return []byte(src), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
}

// checkErrors checks main.snn and returns its errors as printed lines.
func checkErrors(t testing.TB, files map[string]string) ([]string, *Result) {
	t.Helper()
	res, err := Check("main.snn", Options{ReadFile: memFiles(files)})
	if err == nil {
		return nil, res
	}
	list, ok := err.(ErrorList)
	if !ok {
		t.Fatalf("Check returned %T (%v), want an ErrorList", err, err)
	}
	out := make([]string, len(list))
	for k, e := range list {
		out[k] = e.Error()
	}
	return out, res
}

func TestErrors(t *testing.T) {
	names := map[string]bool{}
	for _, tc := range errorCases {
		if names[tc.name] {
			t.Errorf("two cases named %q", tc.name)
		}
		names[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.want) == 0 {
				t.Fatal("an error case must expect errors")
			}
			got, res := checkErrors(t, tc.files)
			if res != nil && res.Network != nil && got != nil {
				t.Errorf("Check gave a network together with errors")
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors differ\n got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
	if len(errorCases) < 60 {
		t.Errorf("only %d invalid inputs", len(errorCases))
	}
}

// A root file that cannot be read is a plain error, not a positioned one.
func TestErrorsMissingRoot(t *testing.T) {
	_, err := Check("main.snn", Options{ReadFile: memFiles(nil)})
	if err == nil || err.Error() != "cannot read main.snn: no such file" {
		t.Fatalf("got %v", err)
	}
	if _, ok := err.(ErrorList); ok {
		t.Fatalf("a missing root file is not a positioned error")
	}
}

var errorCases = []errorCase{
	// Inputs that a raw string literal cannot hold.
	{
		name:  "invalid UTF-8",
		files: mainOnly("let x = 3\nlet y = \"a\xffb\"\n"),
		want:  []string{`main.snn:2:11: error: file is not valid UTF-8 text`},
	},
	{
		name:  "byte-order mark then a bad character",
		files: mainOnly("\ufeff@ let x = 1"),
		want:  []string{`main.snn:1:1: error: unexpected character "@"`},
	},
	{
		name:  "CRLF line ends",
		files: mainOnly("network n {\r\n  dt = 0.1 ms\r\n  duration = 20\r\n}\r\n"),
		want:  []string{`main.snn:3:14: error: duration: expected time, found a bare number (20); write 20 ms`},
	},
	{
		name:  "brackets nested too deep",
		files: mainOnly("let x = 1\nlet y = " + strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300) + "\n"),
		want:  []string{`main.snn:2:209: error: brackets nested more than 200 deep`},
	},
	{
		name: "unexpected token",
		files: mainOnly(`network n { dt = 0.1 ms }
population p[10] lif_curr_exp
`),
		want: []string{
			`main.snn:2:18: error: syntax error: expected ":", found "lif_curr_exp"`,
		},
	},
	{
		name: "unterminated string",
		files: mainOnly(`network n { description = "abc }
population p[10] : lif_curr_exp
`),
		want: []string{
			`main.snn:1:27: error: unterminated string: expected " before the end of the line`,
		},
	},
	{
		name: "unterminated comment",
		files: mainOnly(`network n { dt = 0.1 ms }
/* hello
population p[10] : lif_curr_exp
`),
		want: []string{
			`main.snn:2:1: error: unterminated /* comment: expected */ before the end of the file`,
		},
	},
	{
		name: "bad char",
		files: mainOnly(`population p[10] : lif_curr_exp { v = -65 mV $ }
`),
		want: []string{
			`main.snn:1:46: error: unexpected character "$"`,
		},
	},
	{
		name: "missing brace",
		files: mainOnly(`population p[10] : lif_curr_exp {
  v = -65 mV
population q[10] : lif_curr_exp
`),
		want: []string{
			`main.snn:3:1: error: syntax error: expected "}", found "population"`,
		},
	},
	{
		name: "several syntax",
		files: mainOnly(`population p[10] lif_curr_exp
let x = 
population q[10] : lif_curr_exp { v = }
let y = 3 ms
`),
		want: []string{
			`main.snn:1:18: error: syntax error: expected ":", found "lif_curr_exp"`,
			`main.snn:3:1: error: syntax error: expected a value, found "population"`,
			`main.snn:3:39: error: syntax error: expected a value, found "}"`,
		},
	},
	{
		name: "non-ASCII letter in a name",
		files: mainOnly(`let größe = 3
`),
		want: []string{
			`main.snn:1:7: error: unexpected character "ö" (names use only the letters A-Z and a-z, digits and _)`,
		},
	},
	{
		name: "columns count runes after multi-byte characters",
		files: mainOnly(`network n { description = "größe" dt = 20 mV }
`),
		want: []string{
			`main.snn:1:40: error: dt: expected time, found voltage (20 mV)`,
		},
	},
	{
		name:  "byte-order mark is skipped",
		files: mainOnly("\ufeffnetwork n { dt = 20 mV }\n"),
		want: []string{
			`main.snn:1:18: error: dt: expected time, found voltage (20 mV)`,
		},
	},
	{
		name: "tau_m in volts",
		files: mainOnly(`population p[10] : lif_curr_exp { tau_m = 20 mV }
`),
		want: []string{
			`main.snn:1:43: error: tau_m: expected time, found voltage (20 mV)`,
		},
	},
	{
		name: "bare number for a dimensioned parameter",
		files: mainOnly(`population p[10] : lif_curr_exp { tau_m = 20 }
`),
		want: []string{
			`main.snn:1:43: error: tau_m: expected time, found a bare number (20); write 20 ms`,
		},
	},
	{
		name: "add t v",
		files: mainOnly(`let x = 1 ms + 2 mV
`),
		want: []string{
			`main.snn:1:14: error: cannot add time (1 ms) and voltage (2 mV)`,
		},
	},
	{
		name: "exp time",
		files: mainOnly(`let x = exp(1 ms)
`),
		want: []string{
			`main.snn:1:13: error: exp needs a dimensionless argument, found time (1 ms)`,
		},
	},
	{
		name: "exponent dim",
		files: mainOnly(`let x = 2 ^ (1 ms)
`),
		want: []string{
			`main.snn:1:13: error: an exponent must be a bare number, found time (1 ms)`,
		},
	},
	{
		name: "compare dims",
		files: mainOnly(`population p[10] : lif_curr_exp
connect p -> p with all_to_all(condition = i < 1 ms) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:46: error: cannot compare a bare number (i) and time (1 ms)`,
		},
	},
	{
		name: "mixed array",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = [1 ms, 2 mV, 3 ms] }
`),
		want: []string{
			`main.snn:1:49: error: tau_m: expected time, found voltage (2 mV)`,
		},
	},
	{
		name: "dist args",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = uniform(1 ms, 2 mV) }
`),
		want: []string{
			`main.snn:1:56: error: uniform: hi must have the dimension of lo (time), found voltage (2 mV)`,
		},
	},
	{
		name: "unknown pop",
		files: mainOnly(`population exc[3] : lif_curr_exp
connect exd -> exc with one_to_one { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:9: error: unknown population exd; did you mean exc?`,
		},
	},
	{
		name: "unknown let",
		files: mainOnly(`let tau = 3 ms
population exc[3] : lif_curr_exp { tau_m = tua }
`),
		want: []string{
			`main.snn:2:44: error: tau_m: expected time, found unknown name tua; did you mean tau?`,
		},
	},
	{
		name: "unknown neuron type",
		files: mainOnly(`population exc[3] : lif_cur_exp
`),
		want: []string{
			`main.snn:1:21: error: unknown neuron model or type lif_cur_exp; did you mean lif_curr_exp?`,
		},
	},
	{
		name: "unknown synapse",
		files: mainOnly(`population exc[3] : lif_curr_exp
synapse syn_a : stdp { weight_rule = additive(0 nA, 1 nA) }
connect exc -> exc with one_to_one { weight = 1 nA synapse = syn_b }
`),
		want: []string{
			`main.snn:3:62: error: unknown synapse syn_b; did you mean syn_a?`,
		},
	},
	{
		name: "unknown model syn",
		files: mainOnly(`synapse syn_a : stpd { }
`),
		want: []string{
			`main.snn:1:17: error: unknown synapse model stpd; did you mean stdp?`,
		},
	},
	{
		name: "unknown connector",
		files: mainOnly(`population exc[3] : lif_curr_exp
connect exc -> exc with one_to_on { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:25: error: unknown connector one_to_on; did you mean one_to_one?`,
		},
	},
	{
		name: "unknown target kind",
		files: mainOnly(`target t : spinaker { }
`),
		want: []string{
			`main.snn:1:12: error: unknown target spinaker; did you mean spinnaker?`,
		},
	},
	{
		name: "unknown param",
		files: mainOnly(`population exc[3] : lif_curr_exp { tau_mem = 3 ms }
`),
		want: []string{
			`main.snn:1:36: error: unknown parameter tau_mem for lif_curr_exp; did you mean tau_m?`,
		},
	},
	{
		name: "dup names",
		files: mainOnly(`let exc = 3
population exc[3] : lif_curr_exp
`),
		want: []string{
			`main.snn:2:12: error: exc is already defined at main.snn:1:5 (a let)`,
		},
	},
	{
		name: "dup across imports",
		files: map[string]string{
			"main.snn": `import "lib.snn"
let tau = 3 ms
`,
			"lib.snn": `let tau = 4 ms
`,
		},
		want: []string{
			`main.snn:2:5: error: tau is already defined at lib.snn:1:5 (a let)`,
		},
	},
	{
		name: "reserved",
		files: mainOnly(`let and = 3
let true = 4
`),
		want: []string{
			`main.snn:1:5: error: and is a reserved word and cannot name a let`,
			`main.snn:2:5: error: true is a reserved word and cannot name a let`,
		},
	},
	{
		name: "unit name",
		files: mainOnly(`let ms = 3
population mV[3] : lif_curr_exp
`),
		want: []string{
			`main.snn:1:5: error: ms is a unit symbol and cannot name a let`,
			`main.snn:2:12: error: mV is a unit symbol and cannot name a population`,
		},
	},
	{
		name: "i unbound",
		files: mainOnly(`network n { dt = i * 1 ms }
`),
		want: []string{
			`main.snn:1:18: error: i is not defined here: it is the neuron index in population fields and the pre index in connect fields`,
		},
	},
	{
		name: "j in pop",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = 1 ms + j * 1 ms }
`),
		want: []string{
			`main.snn:1:49: error: j is not defined in population fields: it is the post index in connect fields`,
		},
	},
	{
		name: "d in pop",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = d * 1 ms }
`),
		want: []string{
			`main.snn:1:42: error: d is not defined in population fields: it is the distance between pre and post in connect fields`,
		},
	},
	{
		name: "let self",
		files: mainOnly(`let a = a + 1
`),
		want: []string{
			`main.snn:1:5: error: let a is defined in terms of itself`,
		},
	},
	{
		name: "let cycle",
		files: mainOnly(`let a = b + 1
let b = a * 2
`),
		want: []string{
			`main.snn:1:5: error: let a is defined in terms of itself (a -> b -> a)`,
		},
	},
	{
		name: "import cycle",
		files: map[string]string{
			"main.snn": `import "a.snn"
`,
			"a.snn": `import "b.snn"
`,
			"b.snn": `import "a.snn"
`,
		},
		want: []string{
			`b.snn:1:8: error: import cycle: a.snn imports b.snn imports a.snn`,
		},
	},
	{
		name: "import self",
		files: mainOnly(`import "main.snn"
`),
		want: []string{
			`main.snn:1:8: error: import cycle: main.snn imports main.snn`,
		},
	},
	{
		name: "missing import",
		files: mainOnly(`let x = 1
import "nope.snn"
`),
		want: []string{
			`main.snn:2:8: error: cannot read imported file nope.snn: no such file`,
		},
	},
	{
		name: "negative weight",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = -1 nA }
`),
		want: []string{
			`main.snn:2:43: error: weight must not be negative (-1 nA); weights are magnitudes: use receptor = inh`,
		},
	},
	{
		name: "delay below dt",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA delay = 0.05 ms }
`),
		want: []string{
			`main.snn:2:56: error: delay 0.05 ms is shorter than one time step (0.1 ms)`,
		},
	},
	{
		name: "delay dist",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA delay = normal(1 ms, 0.5 ms) }
`),
		want: []string{
			`main.snn:2:56: error: delay normal(1 ms, 0.5 ms) can draw values below one time step (0.1 ms); clip it, e.g. normal_clipped(mean, sd, 0.1 ms, hi)`,
		},
	},
	{
		name: "delay uniform",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA delay = uniform(0 ms, 1 ms) }
`),
		want: []string{
			`main.snn:2:56: error: delay uniform(0 ms, 1 ms) can draw values below one time step (0.1 ms); its lo must be at least 0.1 ms`,
		},
	},
	{
		name: "p out",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with fixed_probability(1.5) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:39: error: fixed_probability: p must be between 0 and 1, found 1.5`,
		},
	},
	{
		name: "fixed_number too large",
		files: mainOnly(`population p[3] : lif_curr_exp
population q[5] : lif_curr_exp
connect p -> q with fixed_number_pre(5) { weight = 1 nA }
`),
		want: []string{
			`main.snn:3:38: error: fixed_number_pre: n = 5 but there are only 3 pre to draw from without replacement`,
		},
	},
	{
		name: "fixed_number self",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with fixed_number_pre(3, allow_self = false) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:38: error: fixed_number_pre: n = 3 but there are only 2 pre to draw from without replacement`,
		},
	},
	{
		name: "slice oor",
		files: mainOnly(`population p[3] : lif_curr_exp
record p[0:10].spikes
`),
		want: []string{
			`main.snn:2:12: error: slice end 10 is out of range for p (size 3)`,
		},
	},
	{
		name: "empty slice",
		files: mainOnly(`population p[3] : lif_curr_exp
record p[2:1].spikes
`),
		want: []string{
			`main.snn:2:10: error: slice p[2:1] is empty`,
		},
	},
	{
		name: "index oor",
		files: mainOnly(`population p[3] : lif_curr_exp
record p[3].spikes
record p[-4].v
`),
		want: []string{
			`main.snn:2:10: error: index 3 is out of range for p (size 3)`,
			`main.snn:3:10: error: index -4 is out of range for p (size 3)`,
		},
	},
	{
		name: "size 0",
		files: mainOnly(`population p[0] : lif_curr_exp
`),
		want: []string{
			`main.snn:1:14: error: the population size must be at least 1, found 0`,
		},
	},
	{
		name: "size frac",
		files: mainOnly(`population p[2.5] : lif_curr_exp
`),
		want: []string{
			`main.snn:1:14: error: the population size: expected a whole number, found 2.5`,
		},
	},
	{
		name: "array len",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = [1 ms, 2 ms] }
`),
		want: []string{
			`main.snn:1:42: error: tau_m: the array has 2 elements, expected 3 (one per element)`,
		},
	},
	{
		name: "one_to_one size",
		files: mainOnly(`population p[3] : lif_curr_exp
population q[4] : lif_curr_exp
connect p -> q with one_to_one { weight = 1 nA }
`),
		want: []string{
			`main.snn:3:21: error: one_to_one needs pre and post of one size, found 3 and 4`,
		},
	},
	{
		name: "choice p",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = choice([1 ms, 2 ms], p = [0.5, 0.6]) }
`),
		want: []string{
			`main.snn:1:67: error: choice: p must sum to 1, found 1.1`,
		},
	},
	{
		name: "normal sd",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = normal(10 ms, -1 ms) }
`),
		want: []string{
			`main.snn:1:56: error: normal: sd must not be negative, found -1 ms`,
		},
	},
	{
		name: "grid size",
		files: mainOnly(`population p[10] : lif_curr_exp { layout = grid(3, 3) }
`),
		want: []string{
			`main.snn:1:44: error: layout grid(3, 3, 1) holds 9 neurons, but population p has 10`,
		},
	},
	{
		name: "every",
		files: mainOnly(`population p[3] : lif_curr_exp
record p.v every 0.25 ms
`),
		want: []string{
			`main.snn:2:18: error: every 0.25 ms must be a whole number of time steps (dt = 0.1 ms)`,
		},
	},
	{
		name: "duration",
		files: mainOnly(`network n { dt = 0.1 ms duration = 100.05 ms }
`),
		want: []string{
			`main.snn:1:36: error: duration 100.05 ms is not a whole number of time steps (dt = 0.1 ms)`,
		},
	},
	{
		name: "two networks",
		files: mainOnly(`network a { }
network b { }
`),
		want: []string{
			`main.snn:2:1: error: a file has one network statement; the first is at main.snn:1:1`,
		},
	},
	{
		name: "field twice",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = 1 ms, tau_m = 2 ms }
`),
		want: []string{
			`main.snn:1:48: error: tau_m is given twice in population p (first at main.snn:1:34)`,
		},
	},
	{
		name: "unknown field network",
		files: mainOnly(`network n { dtt = 0.1 ms }
`),
		want: []string{
			`main.snn:1:13: error: unknown parameter dtt for network; did you mean dt?`,
		},
	},
	{
		name: "unknown field in an unused neuron type",
		files: mainOnly(`neuron c : lif_curr_exp { tau_x = 3 ms }
`),
		want: []string{
			`main.snn:1:27: error: unknown parameter tau_x for lif_curr_exp (neuron type c); did you mean tau_m?`,
		},
	},
	{
		name: "neuron type used twice: its errors reported once",
		files: mainOnly(`neuron c : lif_curr_exp { tau_x = 3 ms, tau_m = 3 mV }
population p[2] : c
population q[2] : c
`),
		want: []string{
			`main.snn:1:27: error: unknown parameter tau_x for lif_curr_exp (neuron type c); did you mean tau_m?`,
			`main.snn:1:49: error: tau_m: expected time, found voltage (3 mV)`,
		},
	},
	{
		name: "unknown field synapse",
		files: mainOnly(`synapse sy : stdp { weight_rule = additive(0 nA, 1 nA) timng = spike_pair() }
synapse tm : tsodyks_markram { tau_recc = 3 ms }
`),
		want: []string{
			`main.snn:1:56: error: unknown parameter timng for stdp; did you mean timing?`,
			`main.snn:2:32: error: unknown parameter tau_recc for tsodyks_markram; did you mean tau_rec?`,
		},
	},
	{
		name: "unknown field connect",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA wieght = 2 nA }
`),
		want: []string{
			`main.snn:2:48: error: unknown parameter wieght for connect; did you mean weight?`,
		},
	},
	{
		name: "unknown field target",
		files: mainOnly(`target t : spinnaker { cores = 3 }
target r : reram { arrray = 3 x 3 }
`),
		want: []string{
			`main.snn:1:24: error: unknown parameter cores for spinnaker targets; did you mean cores_per_chip?`,
			`main.snn:2:20: error: unknown parameter arrray for reram targets; did you mean array?`,
		},
	},
	{
		name: "unknown field task",
		files: mainOnly(`task t : classify { bin = 3 }
`),
		want: []string{
			`main.snn:1:6: error: task t needs train, test, input, features and readout`,
			`main.snn:1:21: error: unknown parameter bin for classify tasks; did you mean bins?`,
		},
	},
	{
		name: "connect no weight",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one
`),
		want: []string{
			`main.snn:2:1: error: connect p_to_p needs a weight (its connector supplies none)`,
		},
	},
	{
		name: "weight twice list",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with from_list([[0, 1, 1 nA, 1 ms]]) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:55: error: weight is given twice: by the connector's list and by this field`,
		},
	},
	{
		name: "d without layouts",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with all_to_all { weight = 1 nA, delay = 1 ms + 0.1 ms * d }
`),
		want: []string{
			`main.snn:2:57: error: d (distance) needs a layout on every pre and post population; add layout = grid(...) or random(...)`,
		},
	},
	{
		name: "d without layouts distance",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with distance(p = exp(-d)) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:21: error: distance needs a layout on every pre and post population; add layout = grid(...) or random(...)`,
		},
	},
	{
		name: "record missing var",
		files: mainOnly(`population p[3] : lif_curr_exp
record p.u
`),
		want: []string{
			`main.snn:2:10: error: p (lif_curr_exp) has no variable u; it has spikes, v, i_syn_e or i_syn_i; did you mean v?`,
		},
	},
	{
		name: "record weight nonplastic",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one as c1 { weight = 1 nA }
record c1.weight
`),
		want: []string{
			`main.snn:3:11: error: connect c1 (at main.snn:2:1) is not plastic: only stdp connects have recordable weights`,
		},
	},
	{
		name: "current into source",
		files: mainOnly(`population p[3] : poisson { rate = 10 Hz }
current c into p : dc(1 nA)
`),
		want: []string{
			`main.snn:2:16: error: cannot inject current into p: poisson neurons take no current`,
		},
	},
	{
		name: "current into lif_discrete",
		files: mainOnly(`population p[3] : lif_discrete
current c into p : dc(1 nA)
`),
		want: []string{
			`main.snn:2:16: error: cannot inject current into p: lif_discrete neurons take no current`,
		},
	},
	{
		name: "connect into source",
		files: mainOnly(`population p[3] : poisson { rate = 10 Hz }
population q[3] : lif_curr_exp
connect q -> p with one_to_one { weight = 1 nA }
`),
		want: []string{
			`main.snn:3:14: error: cannot connect into p: it is a poisson source and takes no input`,
		},
	},
	{
		name: "place outside target",
		files: mainOnly(`population p[3] : lif_curr_exp { place p on chip(0, 0) }
`),
		want: []string{
			`main.snn:1:34: error: placement hints belong in a target block, not in population p`,
		},
	},
	{
		name: "hint outside target",
		files: mainOnly(`population p[3] : lif_curr_exp { neurons_per_core p = 3 }
`),
		want: []string{
			`main.snn:1:34: error: placement hints belong in a target block, not in population p`,
		},
	},
	{
		name: "stdp no weight_rule",
		files: mainOnly(`synapse sy : stdp { timing = spike_pair() }
`),
		want: []string{
			`main.snn:1:9: error: stdp synapse sy needs weight_rule = additive(w_min, w_max) or multiplicative(w_min, w_max)`,
		},
	},
	{
		name: "stdp a_plus wrong",
		files: mainOnly(`synapse sy : stdp { timing = spike_pair(a_plus = 0.01 mV) weight_rule = additive(0 nA, 1 nA) }
population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA synapse = sy }
`),
		want: []string{
			`main.snn:1:50: error: a_plus: expected current, found voltage (0.01 mV)`,
		},
	},
	{
		name: "stdp a_plus bare",
		files: mainOnly(`synapse sy : stdp { timing = spike_pair(a_plus = 0.01) weight_rule = additive(0 nA, 1 nA) }
population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA synapse = sy }
`),
		want: []string{
			`main.snn:1:50: error: a_plus: expected current, found a bare number (0.01); write 0.01 nA`,
		},
	},
	{
		name: "stdp used twice",
		files: mainOnly(`synapse sy : stdp { timing = spike_pair(a_plus = 0.01 mV) weight_rule = additive(0 nA, 1 nA) }
population p[3] : lif_curr_exp
connect p -> p with one_to_one as a1 { weight = 1 nA synapse = sy }
connect p -> p with one_to_one as a2 { weight = 1 nA synapse = sy }
`),
		want: []string{
			`main.snn:1:50: error: a_plus: expected current, found voltage (0.01 mV)`,
		},
	},
	{
		name: "task input not events",
		files: mainOnly(`population p[3] : lif_curr_exp
task t : classify {
  train = idx_images("d", split = "train") | poisson_rate()
  test = idx_images("d", split = "test") | poisson_rate()
  input = p
  features = p.spikes
  readout = ridge(1)
}
`),
		want: []string{
			`main.snn:5:11: error: input: p is a lif_curr_exp population; a task feeds an events population`,
		},
	},
	{
		name: "image no encoder",
		files: mainOnly(`population p[784] : events
task t : classify {
  train = idx_images("d", split = "train")
  test = idx_images("d", split = "test") | poisson_rate()
  input = p
  features = p.spikes
  readout = ridge(1)
}
`),
		want: []string{
			`main.snn:3:11: error: train: images need an encoder to become spikes, e.g. idx_images("d", split = "train") | poisson_rate(max_rate = 100 Hz, duration = 100 ms)`,
		},
	},
	{
		name: "unknown encoder",
		files: mainOnly(`population p[784] : events
task t : classify {
  train = idx_images("d", split = "train") | poisson_rat()
  test = idx_images("d", split = "test") | poisson_rate()
  input = p
  features = p.spikes
  readout = ridge(1)
}
`),
		want: []string{
			`main.snn:3:46: error: train: unknown encoder poisson_rat; did you mean poisson_rate?`,
		},
	},
	{
		name: "machine wrong",
		files: mainOnly(`target t : spinnaker { machine = spin4 }
`),
		want: []string{
			`main.snn:1:34: error: machine: expected spin3, spin5 or boards(w, h), found the name spin4; did you mean spin3?`,
		},
	},
	{
		name: "machine wrong2",
		files: mainOnly(`target t : spinnaker { machine = 3 }
`),
		want: []string{
			`main.snn:1:34: error: machine: expected spin3, spin5 or boards(w, h), found a bare number (3)`,
		},
	},
	{
		name: "hints in target ok and wrong",
		files: mainOnly(`population p[3] : lif_curr_exp
target t : spinnaker { place q on chip(0, 0)  neurons_per_core p = 0 neuron_per_core p = 3 }
`),
		want: []string{
			`main.snn:2:30: error: unknown population q; did you mean p?`,
			`main.snn:2:68: error: neurons_per_core p must be at least 1, found 0`,
			`main.snn:2:70: error: unknown placement hint neuron_per_core; the hints are place <population> on chip(x, y) and neurons_per_core <population> = n; did you mean neurons_per_core?`,
		},
	},
	{
		name: "dt negative",
		files: mainOnly(`network n { dt = -0.1 ms }
`),
		want: []string{
			`main.snn:1:18: error: dt must be positive, found -0.1 ms`,
		},
	},
	{
		name: "seed frac",
		files: mainOnly(`network n { seed = 1.5 }
`),
		want: []string{
			`main.snn:1:20: error: seed: expected a whole number, found 1.5`,
		},
	},
	{
		name: "seed neg",
		files: mainOnly(`network n { seed = -1 }
`),
		want: []string{
			`main.snn:1:20: error: seed must be at least 0, found -1`,
		},
	},
	{
		name: "description num",
		files: mainOnly(`network n { description = 3 }
`),
		want: []string{
			`main.snn:1:27: error: description: expected a string, found a bare number (3)`,
		},
	},
	{
		name: "pop of synapse type",
		files: mainOnly(`synapse sy : static
population p[3] : sy
`),
		want: []string{
			`main.snn:2:19: error: sy is a synapse type, not a neuron type or model`,
		},
	},
	{
		name: "pop of let",
		files: mainOnly(`let x = 3
population p[3] : x
`),
		want: []string{
			`main.snn:2:19: error: x is a let, not a neuron type or model`,
		},
	},
	{
		name: "shape misuse",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = 512 x 512 }
`),
		want: []string{
			`main.snn:1:42: error: tau_m: expected time, found a shape (512 x 512)`,
		},
	},
	{
		name: "pipe misuse",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = 3 ms | 4 ms }
`),
		want: []string{
			`main.snn:1:42: error: tau_m: expected time, found a pipeline (3 ms | 4 ms)`,
		},
	},
	{
		name: "not number",
		files: mainOnly(`let x = not 3
`),
		want: []string{
			`main.snn:1:13: error: not needs booleans (comparisons, true, false), found a bare number (3)`,
		},
	},
	{
		name: "and numbers",
		files: mainOnly(`let x = 1 and true
`),
		want: []string{
			`main.snn:1:9: error: and needs booleans (comparisons, true, false), found a bare number (1)`,
		},
	},
	{
		name: "div zero",
		files: mainOnly(`let x = 1 ms / 0
`),
		want: []string{
			`main.snn:1:14: error: division by zero`,
		},
	},
	{
		name: "func arity",
		files: mainOnly(`let x = exp(1, 2)
`),
		want: []string{
			`main.snn:1:9: error: exp takes 1 argument, found 2`,
		},
	},
	{
		name: "func named",
		files: mainOnly(`let x = exp(x = 1)
`),
		want: []string{
			`main.snn:1:13: error: exp takes no named arguments`,
		},
	},
	{
		name: "positional after named",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = uniform(lo = 1 ms, 2 ms) }
`),
		want: []string{
			`main.snn:1:61: error: uniform: a positional argument cannot follow a named one`,
		},
	},
	{
		name: "unknown arg",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = uniform(lo = 1 ms, hgh = 2 ms) }
`),
		want: []string{
			`main.snn:1:61: error: uniform has no argument hgh; did you mean hi?`,
		},
	},
	{
		name: "arg twice",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = uniform(1 ms, lo = 2 ms) }
`),
		want: []string{
			`main.snn:1:61: error: uniform: argument lo given twice`,
		},
	},
	{
		name: "missing arg",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = uniform(1 ms) }
`),
		want: []string{
			`main.snn:1:42: error: uniform needs argument hi`,
		},
	},
	{
		name: "too many args",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = normal(1 ms, 2 ms, 3 ms) }
`),
		want: []string{
			`main.snn:1:61: error: normal takes at most 2 arguments, found 3`,
		},
	},
	{
		name: "spike_array no times",
		files: mainOnly(`population p[3] : spike_array
`),
		want: []string{
			`main.snn:1:12: error: spike_array needs times`,
		},
	},
	{
		name: "times negative",
		files: mainOnly(`population p[3] : spike_array { times = [-1 ms] }
`),
		want: []string{
			`main.snn:1:42: error: times: a spike time must not be negative, found -1 ms`,
		},
	},
	{
		name: "times count",
		files: mainOnly(`population p[3] : spike_array { times = [[1 ms], [2 ms]] }
`),
		want: []string{
			`main.snn:1:41: error: times: 2 arrays for 3 neurons`,
		},
	},
	{
		name: "spike file missing",
		files: mainOnly(`population p[3] : spike_array { times = file("spikes.csv") }
`),
		want: []string{
			`main.snn:1:46: error: cannot read spikes.csv: no such file`,
		},
	},
	{
		name: "from_file missing",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with from_file("c.csv")
`),
		want: []string{
			`main.snn:2:31: error: cannot read c.csv: no such file`,
		},
	},
	{
		name: "from_list oob",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with from_list([[0, 3]]) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:36: error: from_list: post index must be at most 2, found 3`,
		},
	},
	{
		name: "from_list delay",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with from_list([[0, 1, 1 nA, 0.01 ms]])
`),
		want: []string{
			`main.snn:2:45: error: delay 0.01 ms is shorter than one time step (0.1 ms)`,
		},
	},
	{
		name: "synapse stdp direct",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA synapse = stdp }
`),
		want: []string{
			"main.snn:2:58: error: stdp needs a weight_rule: define `synapse <name> : stdp { weight_rule = additive(w_min, w_max) ... }` and name it here",
		},
	},
	{
		name: "reset word",
		files: mainOnly(`population p[3] : lif_discrete { reset = "zeroo" }
`),
		want: []string{
			`main.snn:1:42: error: reset: expected "zero" or "subtract", found a string ("zeroo"); did you mean zero?`,
		},
	},
	{
		name: "refrac frac",
		files: mainOnly(`population p[3] : lif_discrete { refrac_steps = 1.5 }
`),
		want: []string{
			`main.snn:1:49: error: refrac_steps: expected a whole number, found 1.5`,
		},
	},
	{
		name: "reram array",
		files: mainOnly(`target r : reram { array = 512 }
`),
		want: []string{
			`main.snn:1:28: error: array: expected a shape (rows x cols), found a bare number (512)`,
		},
	},
	{
		name: "union weight dims",
		files: mainOnly(`population a[3] : lif_curr_exp
population b[3] : lif_cond_exp
connect a -> (a, b) with all_to_all { weight = 1 nA }
`),
		want: []string{
			`main.snn:3:14: error: the post populations take weights of different dimensions (current for a, conductance for b); connect them separately`,
		},
	},
	{
		name: "weight dim",
		files: mainOnly(`population a[3] : lif_cond_exp
connect a -> a with all_to_all { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:43: error: weight: expected conductance, found current (1 nA)`,
		},
	},
	{
		name: "let index in network",
		files: mainOnly(`let x = i * 1 ms
network n { dt = x }
`),
		want: []string{
			`main.snn:2:18: error: let x uses i, which is not defined here (i is the neuron index in population fields and the pre index in connect fields)`,
		},
	},
	{
		name: "let i in pop ok, j not",
		files: mainOnly(`let x = j * 1 ms
population p[3] : lif_curr_exp { tau_m = x }
`),
		want: []string{
			`main.snn:2:42: error: let x uses j, which is not defined in population fields (j is the post index in connect fields)`,
		},
	},
	{
		name: "features unknown",
		files: mainOnly(`population p[784] : events
task t : classify {
  train = idx_images("d", split = "train") | poisson_rate()
  test = idx_images("d", split = "tst") | poisson_rate()
  input = p
  features = q.spikes
  readout = ridge(1)
  bins = 0
}
`),
		want: []string{
			`main.snn:4:34: error: idx_images: split must be "train" or "test", found "tst"`,
			`main.snn:6:14: error: unknown population q; did you mean p?`,
			`main.snn:8:10: error: bins must be at least 1, found 0`,
		},
	},
	{
		name: "readout wrong",
		files: mainOnly(`population p[784] : events
task t : classify {
  train = nmnist("d")
  test = nmnist("d")
  input = p
  features = [p.spikes, p.v]
  readout = lasso(1)
}
`),
		want: []string{
			`main.snn:6:27: error: features: only spikes can be features, found v`,
			`main.snn:7:13: error: readout: expected ridge(lambda) or logistic(epochs, lr, batch = 64, l2 = 0), found a call of lasso (lasso(1))`,
		},
	},
	{
		name: "current unknown",
		files: mainOnly(`population p[3] : lif_curr_exp
current c into p : dcc(1 nA)
`),
		want: []string{
			`main.snn:2:20: error: unknown current source dcc; did you mean dc?`,
		},
	},
	{
		name: "current dims",
		files: mainOnly(`population p[3] : lif_curr_exp
current c into p : dc(1 mV)
`),
		want: []string{
			`main.snn:2:23: error: dc: amplitude: expected current, found voltage (1 mV)`,
		},
	},
	{
		name: "step arrays",
		files: mainOnly(`population p[3] : lif_curr_exp
current c into p : step(times = [1 ms, 2 ms], amplitudes = [1 nA])
`),
		want: []string{
			`main.snn:2:20: error: step: times and amplitudes must be arrays of one length`,
		},
	},
	{
		name: "rate required",
		files: mainOnly(`population p[3] : poisson
`),
		want: []string{
			`main.snn:1:12: error: poisson needs rate`,
		},
	},
	{
		name: "negative tau",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = -3 ms }
`),
		want: []string{
			`main.snn:1:42: error: tau_m must be positive, found -3 ms`,
		},
	},
	{
		name: "index var as let",
		files: mainOnly(`let i = 3
population p[3] : lif_curr_exp { tau_m = i * 1 ms }
`),
		want: []string{
			`main.snn:2:42: error: i is both a let (at main.snn:1:5) and the index variable i here; rename the let`,
		},
	},
	{
		name: "condition non bool",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with all_to_all(condition = i + j) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:44: error: all_to_all: condition must be a comparison of i, j or d, found a bare number (i + j)`,
		},
	},
	{
		name: "allow_self non bool",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with all_to_all(allow_self = 1) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:45: error: all_to_all: allow_self: expected true or false, found a bare number (1)`,
		},
	},
	{
		name: "number too big",
		files: mainOnly(`let x = 1e999
`),
		want: []string{
			`main.snn:1:9: error: number 1e999 is out of range`,
		},
	},
	{
		name: "cascade unknown model",
		files: mainOnly(`population p[3] : lif_cur_exp
current c into p : dc(1 nA)
record p.v
connect p -> p with one_to_one { weight = 1 nA }
`),
		want: []string{
			`main.snn:1:19: error: unknown neuron model or type lif_cur_exp; did you mean lif_curr_exp?`,
		},
	},
	{
		name: "cascade bad name pop",
		files: mainOnly(`population mV[3] : lif_curr_exp
record mV.v
`),
		want: []string{
			`main.snn:1:12: error: mV is a unit symbol and cannot name a population`,
		},
	},
	{
		name: "cascade dup pop",
		files: mainOnly(`population p[3] : lif_curr_exp
population p[4] : lif_curr_exp
record p[3].v
`),
		want: []string{
			`main.snn:2:12: error: p is already defined at main.snn:1:12 (a population)`,
			`main.snn:3:10: error: index 3 is out of range for p (size 3)`,
		},
	},
	{
		name: "cascade bad size",
		files: mainOnly(`population p[0] : lif_curr_exp
record p[3].v
connect p -> p with one_to_one { weight = 1 nA }
`),
		want: []string{
			`main.snn:1:14: error: the population size must be at least 1, found 0`,
		},
	},
	{
		name: "cascade syntax error pop",
		files: mainOnly(`population p[3] lif_curr_exp
record p.v
connect p -> p with one_to_one { weight = 1 nA }
`),
		want: []string{
			`main.snn:1:17: error: syntax error: expected ":", found "lif_curr_exp"`,
		},
	},
	{
		name: "cascade bad let",
		files: mainOnly(`let w = 1 nA + 1 mV
population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = w }
`),
		want: []string{
			`main.snn:1:14: error: cannot add current (1 nA) and voltage (1 mV)`,
		},
	},
	{
		name: "cascade neuron type unknown model",
		files: mainOnly(`neuron c : lif_cur_exp { tau_m = 3 ms }
population p[3] : c
population q[3] : c
record p.v
`),
		want: []string{
			`main.snn:1:12: error: unknown neuron model lif_cur_exp for neuron type c; did you mean lif_curr_exp?`,
		},
	},
	{
		name: "cascade connect named bad",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one as c1 { weight = -1 nA }
record c1.weight
`),
		want: []string{
			`main.snn:2:49: error: weight must not be negative (-1 nA); weights are magnitudes: use receptor = inh`,
		},
	},
	{
		name: "record var of connect",
		files: mainOnly(`population p[3] : lif_curr_exp
synapse sy : stdp { weight_rule = additive(0 nA, 1 nA) }
connect p -> p with one_to_one as c1 { weight = 1 nA synapse = sy }
record c1.v
record c1[0].weight
`),
		want: []string{
			`main.snn:4:11: error: c1 is a connect: only its weight can be recorded, found v`,
			`main.snn:5:8: error: c1 is a connect, not a population`,
		},
	},
	{
		name: "imported file: unused lets are checked, its populations are not imported",
		files: map[string]string{
			"main.snn": `import "lib.snn"
`,
			"lib.snn": `population p[3] : lif_curr_exp
record p.v
let x = 1 ms + 1 mV
`,
		},
		want: []string{
			`lib.snn:3:14: error: cannot add time (1 ms) and voltage (1 mV)`,
		},
	},
	{
		name: "import syntax error",
		files: map[string]string{
			"main.snn": `import "lib.snn"
let y = x
`,
			"lib.snn": `let x = 
`,
		},
		want: []string{
			`lib.snn:2:1: error: syntax error: expected a value, found end of file`,
		},
	},
	{
		name: "connect target unknown with slice",
		files: mainOnly(`population p[3] : lif_curr_exp
connect q[0:2] -> p with all_to_all { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:9: error: unknown population q; did you mean p?`,
		},
	},
	{
		name: "lexical and syntax",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = 3 ms @ }
let y = 
let z = 3
`),
		want: []string{
			`main.snn:1:47: error: unexpected character "@"`,
			`main.snn:3:1: error: syntax error: expected a value, found "let"`,
		},
	},
	{
		name: "emoji comment",
		files: mainOnly(`population p[3] : lif_curr_exp { /* 🧠 ☃ */ tau_m = 20 mV }
`),
		want: []string{
			`main.snn:1:52: error: tau_m: expected time, found voltage (20 mV)`,
		},
	},
	{
		name: "tabs",
		files: mainOnly(`population p[3] : lif_curr_exp {
	tau_m =	20 mV
}
`),
		want: []string{
			`main.snn:2:10: error: tau_m: expected time, found voltage (20 mV)`,
		},
	},
	{
		name: "LF line ends",
		files: mainOnly(`network n {
  dt = 0.1 ms
  duration = 20
}
`),
		want: []string{
			`main.snn:3:14: error: duration: expected time, found a bare number (20); write 20 ms`,
		},
	},
	{
		name: "unterminated string rest",
		files: mainOnly(`network n { description = "it's $5 } @
population p[3] : lif_curr_exp
`),
		want: []string{
			`main.snn:1:27: error: unterminated string: expected " before the end of the line`,
		},
	},
	{
		name: "unterminated comment prose",
		files: mainOnly(`population p[3] : lif_curr_exp
/* note: the
population q[3] : foo
record z.v
`),
		want: []string{
			`main.snn:2:1: error: unterminated /* comment: expected */ before the end of the file`,
		},
	},
	{
		name: "misspelled keyword",
		files: mainOnly(`popultion p[3] : lif_curr_exp
`),
		want: []string{
			`main.snn:1:1: error: syntax error: expected a statement (import, network, let, neuron, synapse, population, connect, current, record, target or task), found "popultion"; did you mean population?`,
		},
	},
	{
		name: "misspelled keyword mid",
		files: mainOnly(`let x = 3
lett y = 4
let z = 5
`),
		want: []string{
			`main.snn:2:1: error: syntax error: expected a statement (import, network, let, neuron, synapse, population, connect, current, record, target or task), found "lett"; did you mean let?`,
		},
	},
	{
		name: "record weight unknown connect",
		files: mainOnly(`population p[3] : lif_curr_exp
synapse sy : stdp { weight_rule = additive(0 nA, 1 nA) }
connect p -> p with one_to_one as plastic { weight = 1 nA synapse = sy }
record plastik.weight
`),
		want: []string{
			`main.snn:4:8: error: unknown connect plastik; did you mean plastic?`,
		},
	},
	{
		name: "receptor wrong",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA receptor = inhib }
`),
		want: []string{
			`main.snn:2:59: error: receptor: expected exc or inh, found the name inhib; did you mean inh?`,
		},
	},
	{
		name: "unknown function",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = uniform(1 ms, 2 ms) + expo(1) * 1 ms }
`),
		want: []string{
			`main.snn:1:64: error: expected a number or quantity, found unknown function expo; did you mean exp?`,
		},
	},
	{
		name: "unknown function2",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = unifrom(1 ms, 2 ms) }
`),
		want: []string{
			`main.snn:1:42: error: tau_m: expected time, found unknown function unifrom; did you mean uniform?`,
		},
	},
	{
		name: "pop name used as value",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = p }
`),
		want: []string{
			`main.snn:2:43: error: weight: expected current, found p, a population`,
		},
	},
	{
		name: "chained comparison",
		files: mainOnly(`population p[2] : lif_curr_exp
connect p -> p with all_to_all(condition = 0 < i < 1) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:50: error: comparisons do not chain: write 0 < i and i < 1 instead of 0 < i < 1`,
		},
	},
	{
		name: "broken let used",
		files: mainOnly(`let w = 1 nA +
population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = w }
`),
		want: []string{
			`main.snn:2:1: error: syntax error: expected an operand, found "population"`,
		},
	},
	{
		name: "broken connect",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one as c1 { weight = 1 nA delay = }
record c1.weight
`),
		want: []string{
			`main.snn:2:62: error: syntax error: expected a value, found "}"`,
		},
	},
	{
		name: "unit suggestion",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = 20 * msec }
`),
		want: []string{
			`main.snn:1:47: error: expected a number or quantity, found unknown name msec; did you mean ms?`,
		},
	},
	{
		name: "lognormal",
		files: mainOnly(`population p[3] : lif_curr_exp { i_offset = lognormal(0 nA, 0.5, scale = 1 nA) }
`),
		want: []string{
			`main.snn:1:55: error: lognormal: mu must be a bare number, found current (0 nA)`,
		},
	},
	{
		name: "gamma",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = gamma(0, 1 ms) }
`),
		want: []string{
			`main.snn:1:48: error: gamma: k must be positive, found 0`,
		},
	},
	{
		name: "exponential dims",
		files: mainOnly(`population p[3] : poisson { rate = exponential(10 ms) }
`),
		want: []string{
			`main.snn:1:36: error: rate: expected frequency, found a distribution of time (exponential(10 ms))`,
		},
	},
	{
		name: "sqrt",
		files: mainOnly(`let x = sqrt(2 ms)
`),
		want: []string{
			`main.snn:1:14: error: sqrt of time (2 ms) has no dimension of its own`,
		},
	},
	{
		name: "min dims",
		files: mainOnly(`let x = min(2 ms, 3 mV)
`),
		want: []string{
			`main.snn:1:19: error: min needs arguments of one dimension, found time (2 ms) and voltage (3 mV)`,
		},
	},
	{
		name: "pow noninteger",
		files: mainOnly(`let x = (2 ms)^0.5
`),
		want: []string{
			`main.snn:1:16: error: a quantity with a dimension (time) can only be raised to a whole number, found 0.5`,
		},
	},
	{
		name: "string arith",
		files: mainOnly(`let x = "a" + 1
`),
		want: []string{
			`main.snn:1:9: error: expected a number or quantity, found a string ("a")`,
		},
	},
	{
		name: "dist arith",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = 2 * uniform(1 ms, 2 ms) }
`),
		want: []string{
			`main.snn:1:46: error: a distribution cannot take part in arithmetic; put the arithmetic in its arguments`,
		},
	},
	{
		name: "weight dist negative",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = normal(1 nA, 0.1 nA) }
`),
		want: []string{
			`main.snn:2:43: error: weight normal(1 nA, 0.1 nA) can draw negative values; weights are magnitudes: clip it (e.g. normal_clipped(mean, sd, 0, hi)) and use receptor = inh for inhibition`,
		},
	},
	{
		name: "slice negative ok and start oor",
		files: mainOnly(`population p[3] : lif_curr_exp
record p[-5:].spikes
`),
		want: []string{
			`main.snn:2:10: error: slice start -5 is out of range for p (size 3)`,
		},
	},
	{
		name: "union unknown",
		files: mainOnly(`population exc[3] : lif_curr_exp
connect exc -> (exc, inhh) with all_to_all { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:22: error: unknown population inhh`,
		},
	},
	{
		name: "fixed_total",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with fixed_total(10, replace = false) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:33: error: fixed_total: n = 10 but there are only 9 pre-post pairs to draw from without replacement`,
		},
	},
	{
		name: "fixed_number_post n frac",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with fixed_number_post(1.5) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:39: error: fixed_number_post: n: expected a whole number, found 1.5`,
		},
	},
	{
		name: "condition d no layout",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with all_to_all(condition = d < 2) { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:44: error: d (distance) needs a layout on every pre and post population; add layout = grid(...) or random(...)`,
		},
	},
	{
		name: "weight array len",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = [1 nA, 2 nA] }
`),
		want: []string{
			`main.snn:2:43: error: weight: the array has 2 values, expected 3 (one per pre neuron of one_to_one)`,
		},
	},
	{
		name: "delay huge",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA delay = 10 s }
`),
		want: []string{
			`main.snn:2:56: error: delay 10000 ms is 100000 time steps; the most is 65535`,
		},
	},
	{
		name: "noisy dt",
		files: mainOnly(`population p[3] : lif_curr_exp
current c into p : noisy(0 nA, 0.1 nA, dt = 0.15 ms)
`),
		want: []string{
			`main.snn:2:20: error: noisy: dt 0.15 ms must be a whole number of time steps (0.1 ms)`,
		},
	},
	{
		name: "dc stop before start",
		files: mainOnly(`population p[3] : lif_curr_exp
current c into p : dc(1 nA, start = 10 ms, stop = 5 ms)
`),
		want: []string{
			`main.snn:2:20: error: dc: stop (5 ms) is before start (10 ms)`,
		},
	},
	{
		name: "step not increasing",
		files: mainOnly(`population p[3] : lif_curr_exp
current c into p : step(times = [2 ms, 1 ms], amplitudes = [1 nA, 2 nA])
`),
		want: []string{
			`main.snn:2:40: error: step: times must increase`,
		},
	},
	{
		name: "dead chips",
		files: mainOnly(`target t : spinnaker { dead_chips = [chip(1, 1), core(0, 0, 1)] dead_links = [link(0, 0, 6)] }
`),
		want: []string{
			`main.snn:1:50: error: dead_chips: expected chip(x, y), found a call of core (core(0, 0, 1))`,
			`main.snn:1:90: error: link: l must be at most 5, found 6`,
		},
	},
	{
		name: "reram fields",
		files: mainOnly(`target r : reram { g_range = [18.8 uS, 7.6 uS] signed = "diff" cell = "2T2R" g_formed = normal(1 mV, 1 mV) }
`),
		want: []string{
			`main.snn:1:30: error: g_range: lo must not be above hi, found [18.8 uS, 7.6 uS]`,
			`main.snn:1:57: error: signed: expected "differential" or "offset", found a string ("diff"); did you mean differential?`,
			`main.snn:1:71: error: cell: expected "1T1R", found a string ("2T2R"); did you mean 1T1R?`,
			`main.snn:1:89: error: g_formed: expected conductance, found a distribution of voltage (normal(1 mV, 1 mV))`,
		},
	},
	{
		name: "logistic lr",
		files: mainOnly(`population p[784] : events
task t : classify {
  train = nmnist("d")
  test = nmnist("d")
  input = p
  features = p.spikes
  readout = logistic(epochs = 0, lr = -1)
}
`),
		want: []string{
			`main.snn:7:31: error: logistic: epochs must be at least 1, found 0`,
			`main.snn:7:39: error: logistic: lr must be positive, found -1`,
		},
	},
	{
		name: "nmnist encoder",
		files: mainOnly(`population p[784] : events { data = nmnist("d") | poisson_rate() }
`),
		want: []string{
			`main.snn:1:51: error: data: nmnist gives events already; encoders turn images into spikes`,
		},
	},
	{
		name: "dataset unknown",
		files: mainOnly(`population p[784] : events { data = mnist("d") }
`),
		want: []string{
			`main.snn:1:37: error: data: unknown dataset mnist; did you mean nmnist?`,
		},
	},
	{
		name: "layout bad",
		files: mainOnly(`population p[4] : lif_curr_exp { layout = line(4) }
`),
		want: []string{
			`main.snn:1:43: error: layout: expected grid(nx, ny[, nz], spacing = 1) or random(box = [x, y, z]), found a call of line (line(4))`,
		},
	},
	{
		name: "random box",
		files: mainOnly(`population p[4] : lif_curr_exp { layout = random(box = [1, 2, 3, 4]) }
`),
		want: []string{
			`main.snn:1:56: error: random: box must be [x, y] or [x, y, z], found an array ([1, 2, 3, 4])`,
		},
	},
	{
		name: "static with field",
		files: mainOnly(`synapse s1 : static { U = 0.5 }
`),
		want: []string{
			`main.snn:1:23: error: unknown parameter U for static synapses`,
		},
	},
	{
		name: "tm U",
		files: mainOnly(`synapse s1 : tsodyks_markram { U = 1.5 tau_rec = 0 ms }
`),
		want: []string{
			`main.snn:1:36: error: U must be in (0, 1], found 1.5`,
			`main.snn:1:50: error: tau_rec must be positive, found 0 ms`,
		},
	},
	{
		name: "stdp weight_rule bad",
		files: mainOnly(`synapse s1 : stdp { weight_rule = additive(1 nA, 0.5 nA) }
population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA synapse = s1 }
`),
		want: []string{
			`main.snn:1:35: error: weight_rule: need 0 <= w_min <= w_max, found additive(1 nA, 0.5 nA)`,
		},
	},
	{
		name: "stdp multiplicative a_plus dim",
		files: mainOnly(`synapse s1 : stdp { weight_rule = multiplicative(0 nA, 1 nA) timing = spike_pair(a_plus = 0.1 nA) }
population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA synapse = s1 }
`),
		want: []string{
			`main.snn:1:91: error: a_plus: expected a bare number, found current (0.1 nA)`,
		},
	},
	{
		name: "stdp timing wrong",
		files: mainOnly(`synapse s1 : stdp { weight_rule = additive(0 nA, 1 nA) timing = triplet() }
`),
		want: []string{
			`main.snn:1:65: error: timing: expected spike_pair(...) or nearest_pair(...), found a call of triplet (triplet())`,
		},
	},
	{
		name: "stdp tau negative",
		files: mainOnly(`synapse s1 : stdp { weight_rule = additive(0 nA, 1 nA) timing = spike_pair(tau_plus = -1 ms) }
`),
		want: []string{
			`main.snn:1:87: error: tau_plus must be positive, found -1 ms`,
		},
	},
	{
		name: "synapse field is not a name",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA synapse = 3 }
`),
		want: []string{
			`main.snn:2:58: error: synapse: expected the name of a synapse definition, found a bare number (3)`,
		},
	},
	{
		name: "synapse unknown with did you mean",
		files: mainOnly(`synapse plastic : stdp { weight_rule = additive(0 nA, 1 nA) }
population p[3] : lif_curr_exp
connect p -> p with one_to_one { weight = 1 nA synapse = plastik }
`),
		want: []string{
			`main.snn:3:58: error: unknown synapse plastik; did you mean plastic?`,
		},
	},
	{
		name: "connect name clash",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with one_to_one as p { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:35: error: p is already defined at main.snn:1:12 (a population)`,
		},
	},
	{
		name: "current name clash with target across import",
		files: map[string]string{
			"main.snn": `import "lib.snn"
population p[3] : lif_curr_exp
current spin into p : dc(1 nA)
`,
			"lib.snn": `target spin : spinnaker { }
`,
		},
		want: []string{
			`main.snn:3:9: error: spin is already defined at lib.snn:1:8 (a target)`,
		},
	},
	{
		name: "import let cycle across files",
		files: map[string]string{
			"main.snn": `import "lib.snn"
let a = b
`,
			"lib.snn": `let b = a
`,
		},
		want: []string{
			`main.snn:2:5: error: let a is defined in terms of itself (a -> b -> a)`,
		},
	},
	{
		name: "let from an import as a population size",
		files: map[string]string{
			"main.snn": `import "lib.snn"
population p[n] : lif_curr_exp
`,
			"lib.snn": `let n = 2.5
`,
		},
		want: []string{
			`main.snn:2:14: error: the population size: expected a whole number, found n = 2.5`,
		},
	},
	{
		name: "deep nesting",
		files: mainOnly(`let x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1
`),
		want: []string{
			`main.snn:1:209: error: brackets nested more than 200 deep`,
		},
	},
	{
		name: "bare let",
		files: mainOnly(`let tau = 20
population p[3] : lif_curr_exp { tau_m = tau }
`),
		want: []string{
			`main.snn:2:42: error: tau_m: expected time, found a bare number (tau = 20); give let tau a unit, e.g. 20 ms`,
		},
	},
	{
		name: "bare expr",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = 2 * 10 }
`),
		want: []string{
			`main.snn:1:42: error: tau_m: expected time, found a bare number (2 * 10); give it a unit, e.g. (2 * 10) * 1 ms`,
		},
	},
	{
		name: "bare negative",
		files: mainOnly(`population p[3] : lif_curr_exp { v_rest = -65 }
`),
		want: []string{
			`main.snn:1:43: error: v_rest: expected voltage, found a bare number (-65); write -65 mV`,
		},
	},
	{
		name: "bare array element",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = [10 ms, 20, 30 ms] }
`),
		want: []string{
			`main.snn:1:50: error: tau_m: expected time, found a bare number (20); write 20 ms`,
		},
	},
	{
		name: "a string where a statement is due",
		files: mainOnly(`let x = 1
"oops"
`),
		want: []string{
			`main.snn:2:1: error: syntax error: expected a statement (import, network, let, neuron, synapse, population, connect, current, record, target or task), found "oops"`,
		},
	},
	{
		name: "a number where a statement is due",
		files: mainOnly(`let x = 1 ms
2 ms
`),
		want: []string{
			`main.snn:2:1: error: syntax error: expected a statement (import, network, let, neuron, synapse, population, connect, current, record, target or task), found "2"`,
		},
	},
	{
		name: "field without a value in a block of several",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = 10 ms v_rest }
`),
		want: []string{
			`main.snn:1:48: error: syntax error: expected "}", found "v_rest"`,
		},
	},
	{
		name: "connect missing arrow",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p p with one_to_one { weight = 1 nA }
`),
		want: []string{
			`main.snn:2:11: error: syntax error: expected "->", found "p"`,
		},
	},
	{
		name: "record missing variable",
		files: mainOnly(`population p[3] : lif_curr_exp
record p
record p.v
`),
		want: []string{
			`main.snn:3:1: error: syntax error: expected ".", found "record"`,
		},
	},
	{
		name: "unclosed paren in expression",
		files: mainOnly(`let x = (1 + 2
let y = 3
`),
		want: []string{
			`main.snn:2:1: error: syntax error: expected ")", found "let"`,
		},
	},
	{
		name: "unclosed array",
		files: mainOnly(`population p[3] : lif_curr_exp { tau_m = [1 ms, 2 ms, 3 ms }
`),
		want: []string{
			`main.snn:1:60: error: syntax error: expected "]", found "}"`,
		},
	},
	{
		name: "shape where no shape is taken",
		files: mainOnly(`let sh = 3 x 4
network n { seed = sh }
`),
		want: []string{
			`main.snn:2:20: error: seed: expected a bare number, found a shape (sh)`,
		},
	},
	{
		name: "dt does not divide the default duration",
		files: mainOnly(`network n { dt = 0.3 ms }
`),
		want: []string{
			`main.snn:1:18: error: dt 0.3 ms does not divide the default duration (1000 ms) into whole time steps; give the duration`,
		},
	},
	{
		name: "dt longer than the duration",
		files: mainOnly(`network n { dt = 2 s }
`),
		want: []string{
			`main.snn:1:18: error: dt 2 s is longer than the default duration (1000 ms); give the duration`,
		},
	},
	{
		name: "duration shorter than dt",
		files: mainOnly(`network n { dt = 1 ms duration = 0.5 ms }
`),
		want: []string{
			`main.snn:1:34: error: duration 0.5 ms is shorter than one time step (dt = 1 ms)`,
		},
	},
	{
		name: "normal_clipped window holds too little",
		files: mainOnly(`population p[3] : lif_curr_exp { v = normal_clipped(-65 mV, 1 mV, -50 mV, -40 mV) }
`),
		want: []string{
			`main.snn:1:38: error: normal_clipped: only 0% of normal(-65 mV, 1 mV) lies in [-50 mV, -40 mV]; values outside are redrawn, so at least 1% must lie inside`,
		},
	},
	{
		name: "poisson stop before start",
		files: mainOnly(`population p[3] : poisson { rate = 10 Hz, start = 10 ms, stop = 5 ms }
`),
		want: []string{
			`main.snn:1:65: error: stop (5 ms) is before start (10 ms)`,
		},
	},
	{
		name: "current start negative and ac frequency negative",
		files: mainOnly(`population p[3] : lif_curr_exp
current c1 into p : dc(1 nA, start = -5 ms)
current c2 into p : ac(1 nA, -10 Hz)
`),
		want: []string{
			`main.snn:2:38: error: dc: start must not be negative, found -5 ms`,
			`main.snn:3:30: error: ac: frequency must not be negative, found -10 Hz`,
		},
	},
	{
		name: "target parameters out of range",
		files: mainOnly(`target t : spinnaker { time_scale_factor = -1, cpu_clock = 0 Hz, cores_per_chip = 1 }
target r : reram { p_unformed = 2, read_noise = -0.1 }
`),
		want: []string{
			`main.snn:1:44: error: time_scale_factor must be positive, found -1`,
			`main.snn:1:60: error: cpu_clock must be positive, found 0 Hz`,
			`main.snn:1:83: error: cores_per_chip must be at least 2 (one core is the monitor), found 1`,
			`main.snn:2:33: error: p_unformed must be between 0 and 1, found 2`,
			`main.snn:2:49: error: read_noise must not be negative, found -0.1`,
		},
	},
	{
		name: "tsodyks_markram tau_facil negative",
		files: mainOnly(`synapse dep : tsodyks_markram { tau_facil = -1 ms }
`),
		want: []string{
			`main.snn:1:45: error: tau_facil must not be negative, found -1 ms`,
		},
	},
	{
		name: "value too large in canonical units",
		files: mainOnly(`population p[3] : poisson { rate = 1e306 / ms }
`),
		want: []string{
			`main.snn:1:36: error: rate: 1e306 / ms is too large`,
		},
	},
	{
		name: "unknown escape",
		files: mainOnly(`network n { description = "a\qb" }
`),
		want: []string{
			`main.snn:1:29: error: invalid escape \q in a string`,
		},
	},
	{
		name: "Go escapes are accepted; the rest is checked",
		files: mainOnly(`network n { description = "a\nb" dt = 1 mV }
`),
		want: []string{
			`main.snn:1:39: error: dt: expected time, found voltage (1 mV)`,
		},
	},
	{
		name: "escaped quote and backslash are fine",
		files: mainOnly(`network n { description = "say \"hi\" \\o/" dt = 1 mV }
`),
		want: []string{
			`main.snn:1:50: error: dt: expected time, found voltage (1 mV)`,
		},
	},
	{
		name: "incomplete hex escape after multi-byte characters",
		files: mainOnly(`network n { description = "größe \x4" }
`),
		want: []string{
			`main.snn:1:34: error: invalid escape \x in a string`,
		},
	},
	{
		name: "weight array with a random connector",
		files: mainOnly(`population p[3] : lif_curr_exp
connect p -> p with fixed_probability(0.5) { weight = [1 nA, 2 nA, 3 nA] }
`),
		want: []string{
			`main.snn:2:55: error: weight: an array gives the connections their values in a fixed order, but fixed_probability draws its connections at random; give one value, a distribution or an expression of i, j and d`,
		},
	},
	{
		name: "delay array for all_to_all counts every pair",
		files: mainOnly(`population p[2] : lif_curr_exp
connect p -> p with all_to_all(allow_self = false) { weight = 1 nA, delay = [1 ms, 2 ms] }
`),
		want: []string{
			`main.snn:2:77: error: delay: the array has 2 values, expected 4 (one per pre-post pair of all_to_all, in the order i * 2 + j)`,
		},
	},
}

// Brackets may nest maxNesting deep; one more is an error at the bracket
// that goes too deep, reported before the parser recurses into it.
func TestParseNestingLimit(t *testing.T) {
	nest := func(n int) string {
		return "let x = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "\n"
	}
	if _, err := ParseFile("main.snn", []byte(nest(maxNesting))); err != nil {
		t.Fatalf("%d levels: %v", maxNesting, err)
	}
	_, err := ParseFile("main.snn", []byte(nest(maxNesting+1)))
	want := "main.snn:1:209: error: brackets nested more than 200 deep"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	// Mixed brackets count together; 10,000 of them are rejected at once.
	deep := "population p[3] : lif_curr_exp { tau_m = " + strings.Repeat("[(", 5000) + "\n"
	_, err = ParseFile("main.snn", []byte(deep))
	if err == nil || !strings.Contains(err.Error(), "nested more than 200 deep") {
		t.Fatalf("got %v", err)
	}
}
