package cpu

import (
	"context"
	"testing"
	"time"

	"github.com/snn-sim/snn/dsl"
	"github.com/snn-sim/snn/ir"
	"github.com/stretchr/testify/require"
)

func loadExample(t *testing.T, name string, durationMS float64) *ir.Network {
	t.Helper()
	opt := dsl.Options{Duration: &durationMS}
	res, err := dsl.Check("../../examples/"+name+".snn", opt)
	require.NoError(t, err)
	return res.Network
}

func runNet(t *testing.T, n *ir.Network, opt Options) *Result {
	t.Helper()
	s, err := New(n, opt)
	require.NoError(t, err)
	res, err := s.Run(context.Background())
	require.NoError(t, err)
	return res
}

// Same file and seed give the same result bit for bit, whatever the number
// of threads: spikes, traces, plastic weights, event counts.
func TestThreadsBitIdentical(t *testing.T) {
	for _, c := range []struct {
		name string
		ms   float64
	}{{"cuba", 200}, {"coba", 100}, {"ca3_cam", 110}, {"synfire", 100}} {
		n := loadExample(t, c.name, c.ms)
		ref := runNet(t, n, Options{Threads: 1})
		var spikes int64
		for _, x := range ref.PopSpikes {
			spikes += x
		}
		require.Greater(t, spikes, int64(0), c.name)
		for _, th := range []int{2, 3, 5} {
			got := runNet(t, n, Options{Threads: th})
			require.Equal(t, ref, got, "%s with %d threads", c.name, th)
		}
	}
}

// synaptic_events equals the sum over all spikes of the spiking neuron's
// out-degree, counted from an independent expansion of the projections.
func TestSynapticEventsAreOutDegrees(t *testing.T) {
	n := loadExample(t, "cuba", 200)
	n.Recordings = []*ir.Recording{
		{Target: ir.Selection{{Population: "exc", Lo: 0, Hi: 3200}}, Variable: "spikes", Every: 1},
		{Target: ir.Selection{{Population: "inh", Lo: 0, Hi: 800}}, Variable: "spikes", Every: 1},
	}
	res := runNet(t, n, Options{Threads: 2})
	outdeg := map[string][]int64{"exc": make([]int64, 3200), "inh": make([]int64, 800)}
	for _, p := range n.Projections {
		csr, err := n.Expand(p, 1)
		require.NoError(t, err)
		for i := range csr.Pre {
			_, k := p.Pre.Locate(i)
			part, _ := p.Pre.Locate(i)
			outdeg[p.Pre[part].Population][k] += csr.RowPtr[i+1] - csr.RowPtr[i]
		}
	}
	var want int64
	for _, tr := range res.Spikes {
		for _, k := range tr.Neurons {
			want += outdeg[tr.Population][k]
		}
	}
	require.Greater(t, want, int64(0))
	require.Equal(t, want, res.SynapticEvents)
}

// A numerically unstable parameter set stops the run with the population,
// neuron and time named.
func TestNaNStopsRun(t *testing.T) {
	src := `network unstable {
  dt = 0.1 ms
  duration = 100 ms
}
population a[3] : adex { delta_t = 0.001 mV  i_offset = 2 nA }
`
	s, err := New(network(t, src), Options{})
	require.NoError(t, err)
	res, err := s.Run(context.Background())
	var se *StateError
	require.ErrorAs(t, err, &se)
	require.Equal(t, "a", se.Population)
	require.False(t, res.Complete)
	require.Contains(t, err.Error(), "population a, neuron 0")
	t.Log(err)
}

// Poisson sources: the spike count over many neurons and steps matches
// N T (1 - e^{-rate dt}) / dt within 5 standard deviations, and start/stop hold.
func TestPoissonRate(t *testing.T) {
	src := `network p {
  dt = 0.1 ms
  duration = 1000 ms
}
population src[2000] : poisson { rate = 40 Hz  start = 100 ms  stop = 600 ms }
record src.spikes
`
	res := simulate(t, src, Options{})
	steps := 5000.0
	p := 1 - mathExp(-40*1e-4)
	mean := 2000 * steps * p
	sd := mathSqrt(2000 * steps * p * (1 - p))
	got := float64(res.PopSpikes["src"])
	require.InDelta(t, mean, got, 5*sd)
	for _, s := range res.Spikes[0].Steps {
		require.True(t, s >= 1000 && s < 6000, "step %d outside [start, stop)", s)
	}
}

// A run stopped early (NaN state here; Ctrl-C goes the same way) stops all
// threads at the same step: none may wait at a barrier the others have
// left. Repeated, since a wrong stop rule fails only when a thread reads the
// flag late.
func TestStopSameStepAllThreads(t *testing.T) {
	n := network(t, `network unstable {
  dt = 0.1 ms
  duration = 100 ms
}
population a[7] : adex { delta_t = 0.001 mV  i_offset = 2 nA }
population b[5] : lif_curr_exp { }
`)
	for _, th := range []int{2, 3, 4} {
		for range 20 {
			s, err := New(n, Options{Threads: th})
			require.NoError(t, err)
			type out struct {
				res *Result
				err error
			}
			done := make(chan out, 1)
			go func() {
				res, err := s.Run(context.Background())
				done <- out{res, err}
			}()
			select {
			case o := <-done:
				var se *StateError
				require.ErrorAs(t, o.err, &se)
				require.Equal(t, se.Step+1, o.res.Steps)
			case <-time.After(20 * time.Second):
				t.Fatalf("%d threads: the run did not stop (a thread waits at a barrier the others left)", th)
			}
		}
	}
}
