package dsl

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzSeeds are a few inputs of every kind, for when examples/ is missing.
var fuzzSeeds = []string{
	"",
	"\ufeff",
	"network n { dt = 0.1 ms, duration = 100 ms; seed = 1 }\n",
	`let tau = 20 ms
neuron cell : lif_curr_exp { tau_m = tau, v = uniform(-65 mV, -55 mV) }
population exc[80] : cell { layout = grid(8, 10) }
population inh[20] : lif_curr_exp { i_offset = 0.1 nA * i }
population ext[10] : poisson { rate = 10 Hz }
connect ext -> (exc, inh[0:10]) with fixed_probability(0.1) { weight = 0.1 nA, delay = 1.5 ms }
connect exc -> exc with distance(p = exp(-d / 2)) as rec { weight = normal_clipped(0.1 nA, 0.02 nA, 0 nA, 1 nA) delay = 1 ms + 0.1 ms * d }
connect inh -> exc[-40:] with all_to_all(condition = i != j) { weight = 0.5 nA receptor = inh }
current kick into exc[0] : dc(1.5 nA, start = 10 ms)
record exc.spikes
record inh[3].v every 1 ms
`,
	`synapse plastic : stdp { timing = nearest_pair(a_plus = 0.01 nA) weight_rule = additive(0 nA, 1 nA) }
population a[4] : izhikevich { a = 0.02 d = 8 }
population src[4] : spike_array { times = [[1 ms], [], [2 ms, 3 ms], [0.5 ms]] }
connect src -> a with one_to_one as w { weight = 2 nA synapse = plastic }
record w.weight every 10 ms
target spin : spinnaker { machine = boards(1, 1) dead_chips = [chip(0, 1)] place a on chip(0, 0) neurons_per_core a = 64 }
target mem : reram { array = 512 x 512 g_formed = normal(12.3 uS, 1.8 uS) }
`,
	`population retina[784] : events
population liquid[100] : lif_discrete { reset = "subtract" }
task t : classify {
  train = idx_images("d", split = "train") | poisson_rate(max_rate = 100 Hz)
  test = idx_images("d", split = "test") | saccade_dvs()
  input = retina, features = [liquid.spikes], bins = 4
  readout = logistic(epochs = 2, lr = 0.1)
}
`,
	"let x = ((((((1))))))\nlet y = -x^2 /* c */ # c\n// c\n",
	"population p[3] : lif_curr_exp { /* unterminated",
	"let s = \"unterminated\nlet t = 1",
	"import \"other.snn\"\nimport \"main.snn\"\n",
}

// FuzzCheck feeds arbitrary text to the parser and the checker: neither may
// panic or hang, and every error must point inside the input. A program that
// checks without errors must lower every statement and pass ir.Validate.
func FuzzCheck(f *testing.F) {
	if paths, err := filepath.Glob(filepath.Join("..", "examples", "*.snn")); err == nil {
		for _, p := range paths {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(string(data))
			}
		}
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, tc := range errorCases {
		f.Add(tc.files["main.snn"])
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 64<<10 {
			return // the fuzzer's mutations rarely grow this large; real files are checked elsewhere
		}
		checkFuzzInput(t, src)
	})
}

// fuzzTimeout bounds one input; real files of this size take milliseconds.
const fuzzTimeout = 10 * time.Second

func checkFuzzInput(t *testing.T, src string) {
	t.Helper()
	type outcome struct {
		parseErr, checkErr error
		res                *Result
		file               *File
	}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		o.file, o.parseErr = ParseFile("main.snn", []byte(src))
		o.res, o.checkErr = Check("main.snn", Options{ReadFile: func(name string) ([]byte, error) {
			if filepath.Clean(name) == "main.snn" {
				return []byte(src), nil
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}})
		done <- o
	}()
	var o outcome
	select {
	case o = <-done:
	case <-time.After(fuzzTimeout):
		t.Fatalf("no answer after %v for %d bytes: %q", fuzzTimeout, len(src), clip(src))
	}
	if o.file == nil {
		t.Fatalf("ParseFile returned no file")
	}
	checkErrorPositions(t, src, "ParseFile", o.parseErr)
	checkErrorPositions(t, src, "Check", o.checkErr)
	if (o.parseErr != nil) && o.checkErr == nil {
		t.Fatalf("ParseFile failed (%v) but Check passed", o.parseErr)
	}
	if o.checkErr != nil {
		if o.res != nil && o.res.Network != nil {
			t.Fatalf("Check returned a network together with errors")
		}
		return
	}
	// No error: every statement of the file must have made it into the IR.
	n := o.res.Network
	count := map[string]int{}
	for _, s := range o.file.Stmts {
		switch s.(type) {
		case *Population:
			count["population"]++
		case *Connect:
			count["connect"]++
		case *CurrentStmt:
			count["current"]++
		case *Record:
			count["record"]++
		case *TargetStmt:
			count["target"]++
		case *Task:
			count["task"]++
		}
	}
	got := map[string]int{
		"population": len(n.Populations), "connect": len(n.Projections), "current": len(n.Currents),
		"record": len(n.Recordings), "target": len(n.Targets), "task": len(n.Tasks),
	}
	for k, c := range count {
		if got[k] != c {
			t.Fatalf("%d %s statements but %d in the IR, and no error: %q", c, k, got[k], clip(src))
		}
	}
	if err := n.Validate(); err != nil {
		t.Fatalf("Check accepted a network that ir.Validate rejects: %v\ninput: %q", err, clip(src))
	}
}

// checkErrorPositions asserts that err is an ErrorList whose every position
// lies in main.snn, inside src (the end of file included).
func checkErrorPositions(t *testing.T, src, who string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	list, ok := err.(ErrorList)
	if !ok {
		t.Fatalf("%s returned %T (%v), want an ErrorList", who, err, err)
	}
	if len(list) == 0 {
		t.Fatalf("%s returned an empty ErrorList", who)
	}
	lines := strings.Split(strings.TrimPrefix(src, "\ufeff"), "\n")
	for _, e := range list {
		p := e.Pos
		if p.File != "main.snn" || p.Line < 1 || p.Col < 1 || p.Line > len(lines) {
			t.Fatalf("%s: error outside the input: %v (input has %d lines): %q", who, e, len(lines), clip(src))
		}
		if n := utf8.RuneCountInString(lines[p.Line-1]); p.Col > n+1 {
			t.Fatalf("%s: error outside its line: %v (line %d has %d characters): %q", who, e, p.Line, n, clip(src))
		}
		if e.Msg == "" {
			t.Fatalf("%s: error without a message at %v", who, p)
		}
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}
