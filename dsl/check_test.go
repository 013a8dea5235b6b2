package dsl

import (
	"math"
	"reflect"
	"testing"

	"github.com/snn-sim/snn/ir"
)

// Valid programs and the IR they lower to: unit conversion, precedence,
// slices, unions, imports and the conventions of language.md.

// mustCheck checks main.snn and fails the test on any error.
func mustCheck(t *testing.T, files map[string]string) *ir.Network {
	t.Helper()
	res, err := Check("main.snn", Options{ReadFile: memFiles(files)})
	if err != nil {
		t.Fatalf("unexpected errors:\n%v", errLines(err))
	}
	if res.Network == nil {
		t.Fatal("no network and no error")
	}
	return res.Network
}

func errLines(err error) string {
	list, ok := err.(ErrorList)
	if !ok {
		return err.Error()
	}
	s := ""
	for _, e := range list {
		s += "\t" + e.Error() + "\n"
	}
	return s
}

func nearly(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// wantConst checks that v is a constant close to x.
func wantConst(t *testing.T, what string, v ir.Value, x float64) {
	t.Helper()
	if v.Kind != ir.KindConst || !nearly(v.X, x) {
		t.Errorf("%s = %v (%s), want const %g", what, v.X, v.Kind, x)
	}
}

func popOf(t *testing.T, n *ir.Network, name string) *ir.Population {
	t.Helper()
	p := n.Population(name)
	if p == nil {
		t.Fatalf("no population %s", name)
	}
	return p
}

func TestCheckUnits(t *testing.T) {
	n := mustCheck(t, mainOnly(`
network units { dt = 0.1 ms, duration = 1 s; seed = 7, }
population p[4] : lif_cond_exp {
  tau_refrac = 250 µs     # U+00B5 micro sign
  tau_syn_e = 2000 μs     // U+03BC Greek mu
  tau_syn_i = 3000us
  cm = 200 pF
  v_thresh = -0.05 V
  e_rev_i = -70000 uV
  tau_m = 1 nF * 20 MOhm / (1 kOhm * 1 uF) * 1 ms   /* = 20 ms */
}
population q[4] : lif_cond_exp
connect p -> q with one_to_one { weight = 1.5uS; delay = 1.5 ms }
connect p -> q with one_to_one as slow { weight = 2 nS * 3, delay = 0.2 s }
`))
	if n.Duration != 1000 || n.DT != 0.1 || n.Seed != 7 || n.Name != "units" {
		t.Errorf("network = %s dt %g duration %g seed %d", n.Name, n.DT, n.Duration, n.Seed)
	}
	p := popOf(t, n, "p")
	for name, want := range map[string]float64{
		"tau_refrac": 0.25, "tau_syn_e": 2, "tau_syn_i": 3, "cm": 0.2, "v_thresh": -50,
		"e_rev_i": -70, "tau_m": 20 * 1e-3 * 1e3,
	} {
		wantConst(t, name, p.Params[name], want)
	}
	wantConst(t, "e_rev_e (default)", p.Params["e_rev_e"], 0)
	proj := n.Projection("p_to_q")
	if proj == nil {
		t.Fatal("no projection p_to_q")
	}
	wantConst(t, "weight 1.5uS", proj.Weight, 1.5)
	wantConst(t, "delay 1.5 ms in steps", proj.Delay, 15)
	if math.Round(proj.Delay.X) != 15 {
		t.Errorf("delay rounds to %g steps, want 15", math.Round(proj.Delay.X))
	}
	slow := n.Projection("slow")
	wantConst(t, "weight 2 nS * 3", slow.Weight, 0.006)
	wantConst(t, "delay 0.2 s", slow.Delay, 2000)
}

func TestCheckIzhikevichBare(t *testing.T) {
	n := mustCheck(t, mainOnly(`
population bare[2] : izhikevich { a = 0.02  b = 0.2  c = -65 mV  d = 8 }
population units[2] : izhikevich { a = 20 Hz  b = 0.2 / ms  d = 2 mV/ms  u = -14 mV/ms }
population defaults[1] : izhikevich
`))
	bare := popOf(t, n, "bare")
	wantConst(t, "a = 0.02", bare.Params["a"], 20) // 0.02/ms = 20 Hz
	wantConst(t, "b = 0.2", bare.Params["b"], 200)
	wantConst(t, "c", bare.Params["c"], -65)
	wantConst(t, "d = 8", bare.Params["d"], 8) // mV/ms
	u := popOf(t, n, "units")
	wantConst(t, "a = 20 Hz", u.Params["a"], 20)
	wantConst(t, "b = 0.2 / ms", u.Params["b"], 200)
	wantConst(t, "d = 2 mV/ms", u.Params["d"], 2)
	wantConst(t, "u = -14 mV/ms", u.State["u"], -14)
	d := popOf(t, n, "defaults")
	wantConst(t, "default a", d.Params["a"], 20)
	wantConst(t, "default d", d.Params["d"], 2)
	wantConst(t, "default v", d.State["v"], -70)
}

func TestCheckPrecedence(t *testing.T) {
	n := mustCheck(t, mainOnly(`
let x = 3
let area = 3 ms^2          # (3 ms)^2 = 9 ms^2
let area2 = 3 * ms^2       # 3 ms^2
population a[1] : lif_discrete { bias = -x^2  v_thresh = 2^3^2  decay = (1 - 0.5) * 2 - 0.5 }
population b[1] : lif_curr_exp { tau_m = area / 9 ms  tau_syn_e = area2 / 1 ms  tau_syn_i = 2 mV / 1 mV * 1 ms }
`))
	a := popOf(t, n, "a")
	wantConst(t, "-x^2", a.Params["bias"], -9)
	wantConst(t, "2^3^2", a.Params["v_thresh"], 512)
	wantConst(t, "decay", a.Params["decay"], 0.5)
	b := popOf(t, n, "b")
	wantConst(t, "3 ms^2 / 9 ms", b.Params["tau_m"], 1)
	wantConst(t, "3 * ms^2 / 1 ms", b.Params["tau_syn_e"], 3)
	wantConst(t, "2 mV / 1 mV * 1 ms", b.Params["tau_syn_i"], 2)
}

func TestCheckSlicesAndUnions(t *testing.T) {
	n := mustCheck(t, mainOnly(`
population a[3] : lif_curr_exp
population b[5] : lif_curr_exp
population p[10] : lif_curr_exp
record p[-3:].spikes
record p[:-2].v
record p[-1].v
record p[2:5].spikes
record p[:].spikes
record (a, b[1:-1]).spikes
connect (a, b[0:2]) -> (b[-2:], a[1]) with all_to_all { weight = 1 nA }
current inj into (a[0], p[5:]) : dc(0.5 nA, start = 10 ms)
`))
	sel := func(s ...any) ir.Selection {
		var out ir.Selection
		for k := 0; k < len(s); k += 3 {
			out = append(out, ir.Slice{Population: s[k].(string), Lo: s[k+1].(int), Hi: s[k+2].(int)})
		}
		return out
	}
	want := []ir.Selection{
		sel("p", 7, 10), sel("p", 0, 8), sel("p", 9, 10), sel("p", 2, 5), sel("p", 0, 10),
		sel("a", 0, 3, "b", 1, 4),
	}
	if len(n.Recordings) != len(want) {
		t.Fatalf("%d recordings, want %d", len(n.Recordings), len(want))
	}
	for k, r := range n.Recordings {
		if !reflect.DeepEqual(r.Target, want[k]) {
			t.Errorf("recording %d: %v, want %v", k, r.Target, want[k])
		}
	}
	if got := n.Recordings[1]; got.Variable != "v" || got.Every != 1 {
		t.Errorf("recording 1: %s every %d", got.Variable, got.Every)
	}
	proj := n.Projection("a_to_b")
	if proj == nil {
		t.Fatal("no projection a_to_b")
	}
	if !reflect.DeepEqual(proj.Pre, sel("a", 0, 3, "b", 0, 2)) || !reflect.DeepEqual(proj.Post, sel("b", 3, 5, "a", 1, 2)) {
		t.Errorf("projection %v -> %v", proj.Pre, proj.Post)
	}
	if proj.Receptor != "exc" || proj.Synapse.Model != "static" {
		t.Errorf("defaults: receptor %s, synapse %s", proj.Receptor, proj.Synapse.Model)
	}
	wantConst(t, "default delay (one step)", proj.Delay, 1)
	if len(n.Currents) != 1 {
		t.Fatalf("%d currents", len(n.Currents))
	}
	c := n.Currents[0]
	if !reflect.DeepEqual(c.Target, sel("a", 0, 1, "p", 5, 10)) || c.Amplitude != 0.5 || c.Start != 10 || c.Stop != 1000 {
		t.Errorf("current %+v", c)
	}
}

func TestCheckImports(t *testing.T) {
	n := mustCheck(t, map[string]string{
		"main.snn": `import "lib/cells.snn"
network imports { duration = run_time }
population p[2] : cell { v = v_start }
population q[2] : cell
connect p -> q with one_to_one { weight = w_default synapse = dep }
`,
		// Paths are relative to the importing file's folder.
		"lib/cells.snn": `import "consts.snn"
neuron cell : lif_curr_exp { tau_m = tau * scale  v_rest = v_start }
synapse dep : tsodyks_markram { U = 0.2 tau_rec = 800 ms }
let w_default = 0.5 nA
target board : spinnaker { machine = spin3 }
`,
		"lib/consts.snn": `let tau = 10 ms
let scale = 2
let v_start = -60 mV
let run_time = 0.5 s
`,
	})
	if n.Duration != 500 {
		t.Errorf("duration %g, want 500", n.Duration)
	}
	for _, name := range []string{"p", "q"} {
		p := popOf(t, n, name)
		if p.Type != "cell" || p.Model != "lif_curr_exp" {
			t.Errorf("%s: type %s model %s", name, p.Type, p.Model)
		}
		wantConst(t, name+".tau_m", p.Params["tau_m"], 20)
		wantConst(t, name+".v_rest", p.Params["v_rest"], -60)
	}
	wantConst(t, "p.v", popOf(t, n, "p").State["v"], -60)
	wantConst(t, "q.v (default)", popOf(t, n, "q").State["v"], -65)
	proj := n.Projection("p_to_q")
	wantConst(t, "weight", proj.Weight, 0.5)
	if tm := proj.Synapse.TM; proj.Synapse.Model != "tsodyks_markram" || tm == nil || tm.U != 0.2 || tm.TauRec != 800 {
		t.Errorf("synapse %+v", proj.Synapse)
	}
	if tg := n.Target("board"); tg == nil || tg.Machine == nil || tg.Machine.Kind != "spin3" {
		t.Errorf("imported target: %+v", tg)
	}
}

func TestCheckIndexExpressions(t *testing.T) {
	n := mustCheck(t, mainOnly(`
let step = 1 ms
population p[4] : lif_curr_exp { tau_m = 10 ms + i * step }
population g[4] : lif_curr_exp { layout = grid(2, 2, spacing = 2) }
connect p -> p with all_to_all(condition = i != j) { weight = 0.1 nA * (j + 1) }
connect g -> g with distance(p = exp(-d / 2)) { weight = 1 nA, delay = 1 ms + 0.5 ms * d }
`))
	tau := popOf(t, n, "p").Params["tau_m"]
	if tau.Kind != ir.KindExpr || tau.Expr.Eval(ir.Vars{I: 3}) != 13 {
		t.Errorf("tau_m = %v", tau)
	}
	pp := n.Projection("p_to_p")
	if pp.Connector.Condition == nil || pp.Connector.Condition.Eval(ir.Vars{I: 1, J: 1}) != 0 || pp.Connector.Condition.Eval(ir.Vars{I: 1, J: 2}) != 1 {
		t.Errorf("condition %v", pp.Connector.Condition)
	}
	if w := pp.Weight; w.Kind != ir.KindExpr || !nearly(w.Expr.Eval(ir.Vars{J: 2}), 0.3) {
		t.Errorf("weight %v", w)
	}
	gg := n.Projection("g_to_g")
	if l := popOf(t, n, "g").Layout; l == nil || l.Kind != "grid" || l.Shape != [3]int{2, 2, 1} || l.Spacing != 2 {
		t.Errorf("layout %+v", l)
	}
	if gg.Connector.Kind != "distance" || gg.Connector.AllowSelf || !nearly(gg.Connector.PExpr.Eval(ir.Vars{D: 2}), math.Exp(-1)) {
		t.Errorf("connector %+v", gg.Connector)
	}
	if d := gg.Delay; d.Kind != ir.KindExpr || !nearly(d.Expr.Eval(ir.Vars{D: 2}), 20) { // 2 ms = 20 steps
		t.Errorf("delay %v", d)
	}
}

func TestCheckDistributionsAndPlasticity(t *testing.T) {
	n := mustCheck(t, mainOnly(`
network plastic { dt = 0.1 ms }
synapse stdp_add : stdp {
  timing = spike_pair(tau_plus = 16.8 ms, tau_minus = 33.7 ms, a_plus = 0.005 nA, a_minus = 0.0025 nA)
  weight_rule = additive(0 nA, 0.2 nA)
}
population src[10] : poisson { rate = uniform(5 Hz, 15 Hz) }
population dst[10] : lif_curr_exp { v = normal_clipped(-60 mV, 5 mV, -70 mV, -50 mV) }
connect src -> dst with fixed_probability(0.5) as learn {
  weight = lognormal(0, 0.5, scale = 0.05 nA)
  delay = normal_clipped(1.5 ms, 0.5 ms, 0.5 ms, 3 ms)
  synapse = stdp_add
}
record learn.weight every 10 ms
record dst.v every 1 ms
`))
	rate := popOf(t, n, "src").Params["rate"]
	if rate.Kind != ir.KindDist || rate.Dist.Name != "uniform" || !reflect.DeepEqual(rate.Dist.Params, []float64{5, 15}) {
		t.Errorf("rate %v", rate)
	}
	v := popOf(t, n, "dst").State["v"]
	if v.Kind != ir.KindDist || !reflect.DeepEqual(v.Dist.Params, []float64{-60, 5, -70, -50}) {
		t.Errorf("v %v", v)
	}
	proj := n.Projection("learn")
	if proj.Connector.Kind != "fixed_probability" || proj.Connector.P != 0.5 {
		t.Errorf("connector %+v", proj.Connector)
	}
	if w := proj.Weight; w.Kind != ir.KindDist || w.Dist.Name != "lognormal" || !reflect.DeepEqual(w.Dist.Params, []float64{0, 0.5, 0.05}) {
		t.Errorf("weight %v", w)
	}
	d := proj.Delay
	if d.Kind != ir.KindDist || len(d.Dist.Params) != 4 {
		t.Fatalf("delay %v", d)
	}
	for k, want := range []float64{15, 5, 5, 30} { // in steps
		if !nearly(d.Dist.Params[k], want) {
			t.Errorf("delay param %d = %g, want %g", k, d.Dist.Params[k], want)
		}
	}
	st := proj.Synapse.STDP
	if st == nil || !proj.Synapse.Plastic() {
		t.Fatalf("synapse %+v", proj.Synapse)
	}
	want := ir.STDP{Timing: "spike_pair", TauPlus: 16.8, TauMinus: 33.7, APlus: 0.005, AMinus: 0.0025, WeightRule: "additive", WMin: 0, WMax: 0.2}
	if *st != want {
		t.Errorf("stdp %+v, want %+v", *st, want)
	}
	if len(n.Recordings) != 2 || n.Recordings[0].Projection != "learn" || n.Recordings[0].Every != 100 || n.Recordings[1].Every != 10 {
		t.Errorf("recordings %+v %+v", n.Recordings[0], n.Recordings[1])
	}
}

func TestCheckTargetsAndTasks(t *testing.T) {
	n := mustCheck(t, mainOnly(`
population retina[784] : events
population liquid[100] : lif_discrete { reset = "subtract", refrac_steps = 2 }
connect retina -> liquid with fixed_number_pre(10) { weight = 0.5 }
target spin : spinnaker {
  machine = boards(2, 3)
  dtcm = 64 KB
  cpu_clock = 0.2 GHz
  dead_chips = [chip(1, 1)]
  place liquid on chip(0, 1)
  neurons_per_core liquid = 64
}
target rr : reram { array = 256 x 128, g_range = [7.6 uS, 18.8 uS], read_voltage = 0.2 V }
task fmnist : classify {
  train = idx_images("data/fmnist", split = "train") | poisson_rate(max_rate = 100 Hz, duration = 100 ms)
  test  = idx_images("data/fmnist", split = "test") | latency()
  input = retina
  features = liquid.spikes
  bins = 4
  readout = ridge(lambda = 1e3)
}
`))
	liquid := popOf(t, n, "liquid")
	if liquid.Params["reset"].S != "subtract" {
		t.Errorf("reset %v", liquid.Params["reset"])
	}
	wantConst(t, "refrac_steps", liquid.Params["refrac_steps"], 2)
	spin := n.Target("spin")
	if spin.Machine == nil || *spin.Machine != (ir.Machine{Kind: "boards", W: 2, H: 3}) {
		t.Errorf("machine %+v", spin.Machine)
	}
	wantConst(t, "dtcm", spin.Params["dtcm"], 65536)
	wantConst(t, "cpu_clock", spin.Params["cpu_clock"], 200e6)
	wantConst(t, "timestep (network dt)", spin.Params["timestep"], 0.1)
	if !reflect.DeepEqual(spin.DeadChips, [][2]int{{1, 1}}) || len(spin.Place) != 1 || spin.Place[0] != (ir.Placement{Population: "liquid", X: 0, Y: 1}) || spin.NeuronsPerCore["liquid"] != 64 {
		t.Errorf("spin %+v", spin)
	}
	rr := n.Target("rr")
	if a := rr.Params["array"]; a.Kind != ir.KindShape || !reflect.DeepEqual(a.Xs, []float64{256, 128}) {
		t.Errorf("array %v", a)
	}
	wantConst(t, "read_voltage", rr.Params["read_voltage"], 200)
	if len(n.Tasks) != 1 {
		t.Fatalf("%d tasks", len(n.Tasks))
	}
	task := n.Tasks[0]
	if task.Input != "retina" || task.Bins != 4 || task.Readout.Kind != "ridge" || task.Readout.Lambda != 1000 {
		t.Errorf("task %+v", task)
	}
	if task.Train.Path != "data/fmnist" || task.Train.Split != "train" || task.Test.Split != "test" || task.Test.Encoders[0].Kind != "latency" {
		t.Errorf("datasets %+v %+v", task.Train, task.Test)
	}
	if e := task.Train.Encoders[0]; e.Kind != "poisson_rate" || e.Params["max_rate"] != 100 || e.Params["duration"] != 100 {
		t.Errorf("encoder %+v", e)
	}
}

// A file without a network statement is a library: it checks, with the
// defaults of language.md.
func TestCheckLibraryDefaults(t *testing.T) {
	n := mustCheck(t, mainOnly(`let tau = 20 ms
neuron cell : lif_curr_exp { tau_m = tau }
population p[3] : cell
`))
	if n.Name != "" || n.DT != 0.1 || n.Duration != 1000 || n.Seed != 0 {
		t.Errorf("defaults: %q dt %g duration %g seed %d", n.Name, n.DT, n.Duration, n.Seed)
	}
	p := popOf(t, n, "p")
	for name, want := range map[string]float64{"cm": 1, "tau_m": 20, "v_rest": -65, "v_thresh": -50, "tau_refrac": 0.1, "tau_syn_e": 5, "i_offset": 0} {
		wantConst(t, name, p.Params[name], want)
	}
}

// The seed option overrides the file's seed.
func TestCheckSeedOption(t *testing.T) {
	seed := uint64(99)
	res, err := Check("main.snn", Options{Seed: &seed, ReadFile: memFiles(mainOnly("network n { seed = 1 }"))})
	if err != nil || res.Network.Seed != 99 {
		t.Fatalf("seed %v, err %v", res.Network, err)
	}
}
