package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/snn-sim/snn/ir"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snn runs the command line and returns its exit status and output.
func snn(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// writeFile writes a file in a fresh temporary folder and returns its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	return p
}

const cubaPath = "../../examples/cuba.snn"

// small has one deterministic connector of each easy kind and one random:
// one_to_one 10 -> 10 gives 10 synapses, all_to_all 10 -> 20 gives 200,
// fixed_probability(0.013) 20 -> 10 expects 0.013 * 20 * 10 = 2.6.
const small = `network small {
  dt = 0.1 ms
  duration = 100 ms
  seed = 7
}

population src[10] : poisson { rate = 20 Hz }
population a[10] : lif_curr_exp
population b[20] : lif_curr_exp

connect src -> a with one_to_one as feed { weight = 0.5 nA }
connect a -> b with all_to_all as dense { weight = 0.1 nA }
connect b -> a with fixed_probability(0.013) as sparse { weight = 0.2 nA  receptor = inh }
`

// bad has a dimension error at line 2, column 43 (the value of tau_m).
const bad = `network bad {}
population a[10] : lif_curr_exp { tau_m = 20 mV }
`

const library = `let tau = 20 ms
neuron cell : lif_curr_exp { tau_m = tau }
`

func TestCheckOK(t *testing.T) {
	code, out, errs := snn(t, "check", cubaPath)
	assert.Equal(t, 0, code)
	assert.Empty(t, errs)
	assert.Contains(t, out, "network cuba")
	assert.Contains(t, out, "exc  3200  lif_curr_exp (cuba_cell)")
	assert.Contains(t, out, "total: 4000 neurons (0 sources), 2 projections, ~")
}

func TestCheckSummaryMarksSources(t *testing.T) {
	code, out, errs := snn(t, "check", writeFile(t, "small.snn", small))
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "src  10  poisson  [source]")
	assert.Contains(t, out, "feed    src -> a  one_to_one")
	assert.Contains(t, out, "10 synapses")
	assert.Contains(t, out, "200 synapses")
	assert.Contains(t, out, "~2.6 synapses")
	assert.Contains(t, out, "total: 40 neurons (10 sources), 3 projections, ~213 synapses expected")
}

func TestExitCodes(t *testing.T) {
	badPath := writeFile(t, "bad.snn", bad)
	missing := filepath.Join(t.TempDir(), "missing.snn")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // prefix of stderr
	}{
		{"ok", []string{"check", cubaPath}, 0, ""},
		{"bad snn", []string{"check", badPath}, 1, badPath + ":2:43: error: tau_m: expected time, found voltage (20 mV)\n"},
		{"bad snn ir", []string{"ir", badPath}, 1, badPath + ":2:43: error: "},
		{"missing file", []string{"check", missing}, 1, "snn check: cannot read " + missing + ": no such file\n"},
		{"missing file ir", []string{"ir", missing}, 1, "snn ir: cannot read " + missing},
		{"missing file fmt", []string{"fmt", missing}, 1, "snn fmt: cannot read " + missing},
		{"folder", []string{"check", t.TempDir()}, 1, "snn check: cannot read "},
		{"unknown flag", []string{"check", "--frob", cubaPath}, 2, "snn check: unknown flag: --frob\n"},
		{"missing arg", []string{"check"}, 2, "snn check: missing FILE\nusage: snn check FILE"},
		{"missing arg fmt", []string{"fmt", "-w"}, 2, "snn fmt: missing FILE\n"},
		{"missing arg ir", []string{"ir"}, 2, "snn ir: missing FILE\n"},
		{"two args", []string{"check", cubaPath, cubaPath}, 2, "snn check: expected one FILE, got 2 arguments"},
		{"bad seed", []string{"check", "--seed", "-1", cubaPath}, 2, "snn check: invalid argument"},
		{"unknown command", []string{"frob"}, 2, `snn: unknown command "frob" for "snn"`},
		{"not yet", []string{"emulate", cubaPath}, 2, `snn: unknown command "emulate" for "snn"`},
		{"bare", nil, 2, "Usage:"},
		{"unknown root flag", []string{"--frob"}, 2, "snn: unknown flag: --frob\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := snn(t, tt.args...)
			assert.Equal(t, tt.code, code, errs)
			if tt.code != 0 {
				assert.Empty(t, out, "errors never go to stdout")
			}
			assert.True(t, strings.HasPrefix(errs, tt.stderr), "stderr %q does not start with %q", errs, tt.stderr)
		})
	}
}

func TestErrorShowsSourceLine(t *testing.T) {
	_, _, errs := snn(t, "check", writeFile(t, "bad.snn", bad))
	lines := strings.Split(errs, "\n")
	require.GreaterOrEqual(t, len(lines), 3)
	assert.Equal(t, "    population a[10] : lif_curr_exp { tau_m = 20 mV }", lines[1])
	assert.Equal(t, "    "+strings.Repeat(" ", 42)+"^", lines[2])
}

func TestCheckJSON(t *testing.T) {
	code, out, errs := snn(t, "check", "--json", writeFile(t, "small.snn", small))
	require.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, map[string]any{
		"network":     "small",
		"neurons":     40.0, // sources included
		"sources":     10.0,
		"populations": map[string]any{"src": 10.0, "a": 10.0, "b": 20.0},
		"projections": 3.0,
		// 10 (one_to_one) + 200 (all_to_all) + 2.6 (expected), rounded.
		"synapses_expected": 213.0,
	}, got)
	// Keys in the contract's order, populations in declaration order.
	assert.Equal(t, []string{`"network"`, `"neurons"`, `"sources"`, `"populations"`, `"src"`, `"a"`, `"b"`, `"projections"`, `"synapses_expected"`}, jsonKeys(out))
}

// jsonKeys lists the object keys of a JSON text in order of appearance.
func jsonKeys(text string) []string {
	var keys []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if k, _, ok := strings.Cut(line, ":"); ok && strings.HasPrefix(k, `"`) {
			keys = append(keys, k)
		}
	}
	return keys
}

func TestCheckJSONCuba(t *testing.T) {
	code, out, errs := snn(t, "check", "--json", cubaPath)
	require.Equal(t, 0, code, errs)
	var got struct {
		Network          *string        `json:"network"`
		Neurons          int            `json:"neurons"`
		Sources          int            `json:"sources"`
		Populations      map[string]int `json:"populations"`
		Projections      int            `json:"projections"`
		SynapsesExpected int64          `json:"synapses_expected"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.NotNil(t, got.Network)
	assert.Equal(t, "cuba", *got.Network)
	assert.Equal(t, 4000, got.Neurons)
	assert.Equal(t, 0, got.Sources)
	assert.Equal(t, map[string]int{"exc": 3200, "inh": 800}, got.Populations)
	assert.Equal(t, 2, got.Projections)
	// fixed_probability(0.02) from 3200 and from 800 onto 4000, self allowed.
	assert.Equal(t, int64(0.02*4000*4000), got.SynapsesExpected)
}

func TestCheckLibrary(t *testing.T) {
	p := writeFile(t, "lib.snn", library)
	code, out, errs := snn(t, "check", "--json", p)
	require.Equal(t, 0, code, errs)
	assert.JSONEq(t, `{"network": null, "neurons": 0, "sources": 0, "populations": {}, "projections": 0, "synapses_expected": 0}`, out)

	code, out, _ = snn(t, "check", p)
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "library (no network statement)\n"), out)
}

func TestSeedOverride(t *testing.T) {
	p := writeFile(t, "small.snn", small)
	for _, args := range [][]string{{"ir", p}, {"ir", "--seed", "99", p}} {
		code, out, errs := snn(t, args...)
		require.Equal(t, 0, code, errs)
		var net ir.Network
		require.NoError(t, json.Unmarshal([]byte(out), &net))
		if len(args) == 2 {
			assert.Equal(t, uint64(7), net.Seed)
		} else {
			assert.Equal(t, uint64(99), net.Seed)
		}
	}
	code, out, errs := snn(t, "check", "--seed", "99", p)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "seed 99")
}

func TestIR(t *testing.T) {
	code, out, errs := snn(t, "ir", cubaPath)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, errs)

	var top map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &top))
	assert.Equal(t, 1.0, top["ir_version"])
	assert.Equal(t, "cuba", top["name"])

	// JSON -> ir.Network -> JSON gives the same text.
	var net ir.Network
	require.NoError(t, json.Unmarshal([]byte(out), &net))
	again, err := json.MarshalIndent(&net, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, out, string(again)+"\n")

	// -o writes the same bytes, and nothing to stdout.
	dst := filepath.Join(t.TempDir(), "cuba.ir.json")
	code, out2, errs := snn(t, "ir", cubaPath, "-o", dst)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, out2)
	data, err := os.ReadFile(dst)
	require.NoError(t, err)
	assert.Equal(t, out, string(data))
}

func TestIRUnwritable(t *testing.T) {
	dir := t.TempDir()
	for _, dst := range []string{filepath.Join(dir, "no", "such", "ir.json"), dir} {
		code, out, errs := snn(t, "ir", cubaPath, "-o", dst)
		assert.Equal(t, 1, code)
		assert.Empty(t, out)
		assert.True(t, strings.HasPrefix(errs, "snn ir: cannot write "+dst+": "), errs)
		assert.Equal(t, 1, strings.Count(errs, "\n"), errs)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "no temporary file left behind")
}

func TestInternalError(t *testing.T) {
	defer func() { panicHook = nil }()
	for _, sub := range []string{"check", "fmt", "ir"} {
		panicHook = func(string) { panic("boom\nsecond line") }
		code, out, errs := snn(t, sub, cubaPath)
		assert.Equal(t, 3, code)
		assert.Empty(t, out)
		assert.Equal(t, "snn "+sub+": internal error: boom second line (please report it at https://github.com/snn-sim/snn/issues)\n", errs)
	}

	// A runtime error (here a nil map write) is caught the same way.
	panicHook = func(string) {
		var m map[string]int
		m["x"] = 1
	}
	code, _, errs := snn(t, "check", cubaPath)
	assert.Equal(t, 3, code)
	assert.Equal(t, "snn check: internal error: assignment to entry in nil map (please report it at https://github.com/snn-sim/snn/issues)\n", errs)
	assert.NotContains(t, errs, "goroutine")
}

func TestHelpAndVersion(t *testing.T) {
	code, out, errs := snn(t, "--help")
	require.Equal(t, 0, code, errs)
	for _, sub := range []string{"check", "fmt", "ir", "run", "compile", "version"} {
		assert.Regexp(t, `(?m)^  `+sub+` `, out)
	}
	for _, sub := range []string{"emulate", "train", "completion"} {
		assert.NotRegexp(t, `(?m)^  `+sub+` `, out)
	}
	for _, sub := range []string{"check", "fmt", "ir", "run", "compile"} {
		code, out, errs := snn(t, sub, "--help")
		assert.Equal(t, 0, code, errs)
		assert.Contains(t, out, "snn "+sub+" FILE")
	}

	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, errs := snn(t, args...)
		assert.Equal(t, 0, code, errs)
		assert.True(t, strings.HasPrefix(out, "snn version "), out)
	}
}

// TestExamples checks every shipped example: each must pass "snn check".
func TestExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.snn")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, out, errs := snn(t, "check", "--json", f)
			require.Equal(t, 0, code, "snn check %s:\n%s", f, errs)
			assert.Empty(t, errs)
			var got map[string]any
			require.NoError(t, json.Unmarshal([]byte(out), &got))
			assert.NotNil(t, got["network"])
		})
	}
}
