package cpu

import (
	"context"
	"testing"

	"github.com/snn-sim/snn/dsl"
	"github.com/snn-sim/snn/ir"
)

func exampleNet(b *testing.B, name string, durationMS float64) *ir.Network {
	b.Helper()
	opt := dsl.Options{}
	if durationMS > 0 {
		opt.Duration = &durationMS
	}
	res, err := dsl.Check("../../examples/"+name+".snn", opt)
	if err != nil {
		b.Fatal(err)
	}
	return res.Network
}

// benchRun measures the simulation loop only (the build is outside the timer).
func benchRun(b *testing.B, name string, durationMS float64, threads int) {
	net := exampleNet(b, name, durationMS)
	net.Recordings = nil
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := New(net, Options{Threads: threads})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCUBA1s(b *testing.B)         { benchRun(b, "cuba", 1000, 1) }
func BenchmarkCUBA1sThreads2(b *testing.B) { benchRun(b, "cuba", 1000, 2) }
func BenchmarkCOBA1s(b *testing.B)         { benchRun(b, "coba", 1000, 1) }
func BenchmarkBrunel200ms(b *testing.B)    { benchRun(b, "brunel", 200, 1) }

func BenchmarkCUBA10sThreads1(b *testing.B) { benchRun(b, "cuba", 10000, 1) }
func BenchmarkCUBA10sThreads2(b *testing.B) { benchRun(b, "cuba", 10000, 2) }

// BenchmarkCUBA10sRecorded keeps the example's recordings (all spikes, v of 5 neurons every step).
func BenchmarkCUBA10sRecorded(b *testing.B) {
	net := exampleNet(b, "cuba", 10000)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := New(net, Options{Threads: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
