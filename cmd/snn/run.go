package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"codeberg.org/sbinet/npyio"
	"github.com/schollz/progressbar/v3"
	"github.com/snn-sim/snn/backends/cpu"
	"github.com/snn-sim/snn/dsl"
	"github.com/snn-sim/snn/ir"
	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"
	"golang.org/x/term"
	"gonum.org/v1/gonum/mat"
)

// runOptions are snn run's flags.
type runOptions struct {
	backend  string
	numerics string
	out      string
	duration string
	seed     uint64
	threads  int
	format   string
	quiet    bool
}

func newRunCmd(e *env) *cobra.Command {
	var o runOptions
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Simulate the network on the CPU backend and write spikes, traces and a summary",
		Long: `Run checks FILE, builds the network on the CPU backend and simulates it
for its duration (or --duration), then writes to the output folder
(--out, default ./out/<network name>):

  summary.json                   counts, rates, synaptic events, timings
  spikes/<population>.csv        neuron,time_ms (or .neuron.npy/.time_ms.npy)
  traces/<population>.<var>.csv  time_ms,<neuron indices...> (or .npy)
  traces/<projection>.weight.csv time_ms,<pre>:<post>... (plastic weights)

--numerics selects the arithmetic: exact (float64 reference) or spinnaker
(sPyNNaker's fixed-point neuron update; "fixed" is accepted for it).
Results are bit-identical for any --threads. Ctrl-C stops the run and
writes what was simulated, with "complete": false in summary.json.`,
		Example: "  snn run examples/cuba.snn\n  snn run examples/brunel.snn --duration 200ms --threads 2 --format npy",
		Args:    oneFile,
		RunE: guard(e, func(cmd *cobra.Command, args []string) error {
			return runCommand(e, cmd, args[0], o)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&o.backend, "backend", "cpu", "simulation backend (cpu)")
	f.StringVar(&o.numerics, "numerics", "exact", "arithmetic: exact, spinnaker (or fixed)")
	f.StringVar(&o.out, "out", "", "output `DIR` (default ./out/<network name>)")
	f.StringVar(&o.duration, "duration", "", "simulated time `T` with a unit, e.g. 10s or '500 ms' (default: the network's)")
	f.Uint64Var(&o.seed, "seed", 0, "override the network's seed with `N`")
	f.IntVar(&o.threads, "threads", 1, "threads `N` (0 = all cores); results do not depend on it")
	f.StringVar(&o.format, "format", "csv", "spike and trace file format: csv or npy")
	f.BoolVar(&o.quiet, "quiet", false, "no progress bar")
	return cmd
}

// runSummary is summary.json (cli-and-outputs.md), keys in contract order.
type runSummary struct {
	SNNVersion     string         `json:"snn_version"`
	Network        string         `json:"network"`
	Backend        string         `json:"backend"`
	Numerics       string         `json:"numerics"`
	Target         *string        `json:"target"`
	DTms           float64        `json:"dt_ms"`
	DurationMS     float64        `json:"duration_ms"`
	SimulatedMS    float64        `json:"simulated_ms"`
	Seed           uint64         `json:"seed"`
	Threads        int            `json:"threads"`
	Complete       bool           `json:"complete"`
	Neurons        int64          `json:"neurons"`
	Sources        int64          `json:"sources"`
	Synapses       int64          `json:"synapses"`
	Populations    popStats       `json:"populations"`
	SynapticEvents int64          `json:"synaptic_events"`
	Saturations    *int64         `json:"weight_saturations,omitempty"`
	Memory         map[string]any `json:"memory"`
	Timing         timing         `json:"timing_s"`
}

type timing struct {
	Parse    float64 `json:"parse"`
	Build    float64 `json:"build"`
	Simulate float64 `json:"simulate"`
	Write    float64 `json:"write"`
	Total    float64 `json:"total"`
}

type popStat struct {
	name   string
	Size   int     `json:"size"`
	Spikes int64   `json:"spikes"`
	Rate   float64 `json:"rate_hz"`
}

// popStats marshals as an object in network order.
type popStats []popStat

func (ps popStats) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for k, p := range ps {
		if k > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(p.name)
		val, err := json.Marshal(struct {
			Size   int     `json:"size"`
			Spikes int64   `json:"spikes"`
			Rate   float64 `json:"rate_hz"`
		}{p.Size, p.Spikes, p.Rate})
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

var quantityRE = regexp.MustCompile(`^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-zµμ]+)\s*$`)

// parseTime reads a command-line time with its unit ("10s", "500 ms") in ms.
func parseTime(flag, s string) (float64, error) {
	m := quantityRE.FindStringSubmatch(s)
	if m == nil {
		return 0, &usageError{fmt.Sprintf("--%s %q: expected a time with a unit, e.g. 10s or '500 ms'", flag, s)}
	}
	x, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, &usageError{fmt.Sprintf("--%s %q: %v", flag, s, err)}
	}
	u, ok := ir.LookupUnit(m[2])
	if !ok || u.Dim != ir.DimTime {
		return 0, &usageError{fmt.Sprintf("--%s %q: %q is not a unit of time (use s, ms, us, ...)", flag, s, m[2])}
	}
	ms := x * u.Scale / ir.DimTime.CanonicalScale()
	if !(ms > 0) || math.IsInf(ms, 0) {
		return 0, &usageError{fmt.Sprintf("--%s %q: must be positive", flag, s)}
	}
	return ms, nil
}

func runCommand(e *env, cmd *cobra.Command, path string, o runOptions) error {
	t0 := time.Now()
	if o.backend != "cpu" {
		return &usageError{fmt.Sprintf("--backend %q: unknown backend (have: cpu; hardware models run with snn emulate)", o.backend)}
	}
	num, err := cpu.ParseNumerics(o.numerics)
	if err != nil {
		return &usageError{"--numerics: " + err.Error()}
	}
	if o.format != "csv" && o.format != "npy" {
		return &usageError{fmt.Sprintf("--format %q: expected csv or npy", o.format)}
	}
	if o.threads < 0 {
		return &usageError{fmt.Sprintf("--threads %d: must be >= 0", o.threads)}
	}
	opt := seedOption(cmd, &o.seed)
	if o.duration != "" {
		d, err := parseTime("duration", o.duration)
		if err != nil {
			return err
		}
		opt.Duration = &d
	}
	net, sources, err := checkFileSources(e, path, opt)
	if err != nil {
		return err
	}
	if net.Name == "" {
		return inputErrorf("%s is a library (it has no network statement): nothing to run", path)
	}
	tParse := time.Since(t0)

	out := o.out
	if out == "" {
		out = filepath.Join("out", net.Name)
	}
	if err := prepareOutDir(out); err != nil {
		return err
	}

	t1 := time.Now()
	sim, err := cpu.New(net, cpu.Options{Numerics: num, Threads: o.threads})
	if err != nil {
		var pe *cpu.PosError
		if errors.As(err, &pe) && pe.Pos.IsValid() {
			dsl.Print(e.stderr, &dsl.Error{Pos: pe.Pos, Msg: pe.Msg}, sources)
			return errReported
		}
		return inputErrorf("%v", err)
	}
	tBuild := time.Since(t1)
	if err := checkRecordingFits(sim, out, o.format); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	bar := newProgress(e, o.quiet, sim.Steps(), net.DT)
	t2 := time.Now()
	res, runErr := runWithProgress(ctx, sim, bar)
	tSim := time.Since(t2)
	if bar != nil {
		bar.finish()
	}

	t3 := time.Now()
	if err := writeRunFiles(out, net, res, o.format); err != nil {
		return err
	}
	tWrite := time.Since(t3)

	sum := makeSummary(net, sim, res, num, "cpu")
	sum.Timing = timing{Parse: secs(tParse), Build: secs(tBuild), Simulate: secs(tSim), Write: secs(tWrite)}
	sum.Timing.Total = secs(time.Since(t0))
	data, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("encoding summary.json: %v", err))
	}
	if err := writeFileAtomic(filepath.Join(out, "summary.json"), append(data, '\n')); err != nil {
		return inputErrorf("cannot write %s: %v", filepath.Join(out, "summary.json"), describePathError(err))
	}
	if runErr != nil {
		return inputErrorf("%v (files for the first %g ms are in %s)", runErr, float64(res.Steps)*net.DT, out)
	}
	if !res.Complete {
		return inputErrorf("interrupted at t = %g ms of %g ms; the files in %s hold what was simulated (\"complete\": false)",
			float64(res.Steps)*net.DT, net.Duration, out)
	}
	return nil
}

func secs(d time.Duration) float64 { return math.Round(d.Seconds()*1e4) / 1e4 }

func makeSummary(net *ir.Network, sim *cpu.Sim, res *cpu.Result, num cpu.Numerics, backend string) *runSummary {
	s := &runSummary{SNNVersion: versionString(), Network: net.Name, Backend: backend, Numerics: string(num),
		DTms: net.DT, DurationMS: net.Duration, SimulatedMS: roundMS(float64(res.Steps) * net.DT),
		Seed: net.Seed, Threads: sim.Threads(), Complete: res.Complete, Synapses: sim.Synapses(),
		SynapticEvents: res.SynapticEvents,
		Memory:         map[string]any{"synapse_bytes": sim.SynapseBytes(), "bytes_per_synapse": bytesPer(sim)}}
	if num != cpu.NumericsExact {
		n := res.Saturations
		s.Saturations = &n
	}
	secsSim := float64(res.Steps) * net.DT * 1e-3
	for _, p := range net.Populations {
		s.Neurons += int64(p.Size)
		if p.IsSource() {
			s.Sources += int64(p.Size)
		}
		st := popStat{name: p.Name, Size: p.Size, Spikes: res.PopSpikes[p.Name]}
		if secsSim > 0 && p.Size > 0 {
			st.Rate = math.Round(float64(st.Spikes)/float64(p.Size)/secsSim*1e4) / 1e4
		}
		s.Populations = append(s.Populations, st)
	}
	return s
}

func bytesPer(sim *cpu.Sim) float64 {
	if sim.Synapses() == 0 {
		return 0
	}
	return math.Round(float64(sim.SynapseBytes())/float64(sim.Synapses())*100) / 100
}

func roundMS(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// prepareOutDir creates the output folder and checks it is writable, so
// that a run never ends with nowhere to put its results.
func prepareOutDir(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return inputErrorf("cannot create output folder %s: %v", out, describePathError(err))
	}
	f, err := os.CreateTemp(out, ".snn-probe-*")
	if err != nil {
		return inputErrorf("output folder %s is not writable: %v", out, describePathError(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// assumedRateHz is the firing rate the recording estimate assumes for every
// recorded neuron: an upper range for cortical models; a network far above
// it may still run out of memory, but the usual mistakes (recording every
// variable of a million neurons every step) are caught before the run.
const assumedRateHz = 50

func checkRecordingFits(sim *cpu.Sim, out, format string) error {
	need := sim.RecordingBytes(assumedRateHz)
	if avail := availableMemory(); avail > 0 && need > avail*8/10 {
		return inputErrorf("the recordings would need about %s of memory (every recorded neuron at %d Hz, traces and weights in full) and %s is available: record fewer neurons or variables, sample with `every`, or shorten --duration",
			human(need), assumedRateHz, human(avail))
	}
	disk := need // binary npy is 8 bytes per value or less
	if format == "csv" {
		disk = need * 5 / 2 // ~20 characters per spike line or value
	}
	var st unix.Statfs_t
	if err := unix.Statfs(out, &st); err == nil {
		free := int64(st.Bavail) * int64(st.Bsize)
		if disk > free {
			return inputErrorf("the output files would take about %s and %s has %s free: record less, use --format npy, or choose another --out",
				human(disk), out, human(free))
		}
	}
	return nil
}

// availableMemory reads MemAvailable from /proc/meminfo (0 if unknown).
func availableMemory() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemAvailable:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func human(b int64) string {
	x := float64(b)
	for _, u := range []string{"B", "KB", "MB", "GB", "TB"} {
		if x < 1024 || u == "TB" {
			return fmt.Sprintf("%.3g %s", x, u)
		}
		x /= 1024
	}
	return ""
}

// progress shows a bar on a terminal once a run has taken 2 s.
type progress struct {
	e     *env
	bar   *progressbar.ProgressBar
	start time.Time
	total int
	dt    float64
}

func newProgress(e *env, quiet bool, total int, dt float64) *progress {
	if quiet {
		return nil
	}
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progress{e: e, start: time.Now(), total: total, dt: dt}
}

func (p *progress) update(done int) {
	if p.bar == nil {
		if time.Since(p.start) < 2*time.Second {
			return
		}
		p.bar = progressbar.NewOptions(p.total,
			progressbar.OptionSetWriter(p.e.stderr),
			progressbar.OptionSetDescription("simulating"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	_ = p.bar.Set(done)
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

func runWithProgress(ctx context.Context, sim *cpu.Sim, bar *progress) (*cpu.Result, error) {
	if bar != nil {
		sim.SetProgress(func(done, total int) { bar.update(done) })
	}
	return sim.Run(ctx)
}

// timeFormat prints step*dt with just the decimals dt needs, so printed
// times are exact multiples of dt.
func timeFormat(dt float64) func(step int) string {
	dec := 0
	for dec < 9 {
		x := dt * math.Pow10(dec)
		if math.Abs(x-math.Round(x)) < 1e-9*math.Max(1, x) {
			break
		}
		dec++
	}
	return func(step int) string {
		return strconv.FormatFloat(float64(step)*dt, 'f', dec, 64)
	}
}

func writeRunFiles(out string, net *ir.Network, res *cpu.Result, format string) error {
	tf := timeFormat(net.DT)
	write := func(rel string, data []byte) error {
		path := filepath.Join(out, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return inputErrorf("cannot create %s: %v", filepath.Dir(path), describePathError(err))
		}
		if err := writeFileAtomic(path, data); err != nil {
			return inputErrorf("cannot write %s: %v", path, describePathError(err))
		}
		return nil
	}
	npy := func(v any) []byte {
		var b bytes.Buffer
		if err := npyio.Write(&b, v); err != nil {
			panic(fmt.Sprintf("encoding npy: %v", err))
		}
		return b.Bytes()
	}
	for _, sp := range res.Spikes {
		if format == "npy" {
			times := make([]float64, len(sp.Steps))
			for k, s := range sp.Steps {
				times[k] = float64(s) * net.DT
			}
			if err := write("spikes/"+sp.Population+".neuron.npy", npy(sp.Neurons)); err != nil {
				return err
			}
			if err := write("spikes/"+sp.Population+".time_ms.npy", npy(times)); err != nil {
				return err
			}
			continue
		}
		var b bytes.Buffer
		b.Grow(len(sp.Neurons) * 14)
		b.WriteString("neuron,time_ms\n")
		for k, n := range sp.Neurons {
			b.WriteString(strconv.Itoa(int(n)))
			b.WriteByte(',')
			b.WriteString(tf(int(sp.Steps[k])))
			b.WriteByte('\n')
		}
		if err := write("spikes/"+sp.Population+".csv", b.Bytes()); err != nil {
			return err
		}
	}
	type table struct {
		name    string
		header  []string
		every   int
		samples int
		data    []float64
	}
	var tables []table
	for _, tr := range res.Traces {
		h := make([]string, len(tr.Neurons))
		for k, n := range tr.Neurons {
			h[k] = strconv.Itoa(n)
		}
		tables = append(tables, table{tr.Population + "." + tr.Variable, h, tr.Every, tr.Samples, tr.Data})
	}
	for _, wt := range res.Weights {
		h := make([]string, len(wt.Pre))
		for k := range wt.Pre {
			h[k] = fmt.Sprintf("%d:%d", wt.Pre[k], wt.Post[k])
		}
		tables = append(tables, table{wt.Projection + ".weight", h, wt.Every, wt.Samples, wt.Data})
	}
	for _, tb := range tables {
		cols := len(tb.header)
		if format == "npy" {
			var v any = tb.data
			if tb.samples > 0 && cols > 0 {
				v = mat.NewDense(tb.samples, cols, tb.data)
			}
			if err := write("traces/"+tb.name+".npy", npy(v)); err != nil {
				return err
			}
			continue
		}
		var b bytes.Buffer
		b.WriteString("time_ms")
		for _, h := range tb.header {
			b.WriteByte(',')
			b.WriteString(h)
		}
		b.WriteByte('\n')
		for m := range tb.samples {
			b.WriteString(tf(m * tb.every))
			for _, x := range tb.data[m*cols : (m+1)*cols] {
				b.WriteByte(',')
				b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
			}
			b.WriteByte('\n')
		}
		if err := write("traces/"+tb.name+".csv", b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}
