package cpu

import (
	"fmt"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// olWindow returns the output-layer neurons that spike in [from, to] ms.
func olWindow(res *Result, from, to float64) []int {
	set := map[int]bool{}
	for _, tr := range res.Spikes {
		if tr.Population != "OL" {
			continue
		}
		for i, k := range tr.Neurons {
			if t := float64(tr.Steps[i]); t >= from && t <= to { // dt = 1 ms
				set[int(k)] = true
			}
		}
	}
	var out []int
	for k := range set {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// The CA3 content-addressable memory of Casanueva-Morato et al. (2024)
// under SpiNNaker numerics reproduces the paper's behaviour (protocol in
// examples/ca3_cam.snn; OL[0:5] are the cues, OL[5:15] content bits 0-9).
func TestCA3MemorySpiNNaker(t *testing.T) {
	n := loadExample(t, "ca3_cam", 110)
	res := runNet(t, n, Options{Numerics: NumericsSpiNNaker})
	cases := []struct {
		what     string
		from, to float64
		want     []int
	}{
		// recall by cue 2 (t = 60): cue echo at +5 ms, then its content {4, 7, 9}
		{"recall by cue 2: echo", 65, 65, []int{2}},
		{"recall by cue 2: content {4,7,9}", 66, 69, []int{5 + 4, 5 + 7, 5 + 9}},
		// recall by bit 6 (t = 70): the bit's echo, then every cue holding bit 6: 1, 3, 4
		{"recall by bit 6", 71, 79, []int{1, 3, 4, 5 + 6}},
		// cue 3 relearnt with {0, 2, 7} at t = 80; recall by cue 3 (t = 90)
		{"recall by cue 3 after overwrite: echo", 95, 95, []int{3}},
		{"recall by cue 3 after overwrite: new content only", 96, 99, []int{5 + 0, 5 + 2, 5 + 7}},
		// recall by bit 6 (t = 100): cue 3 no longer holds it
		{"recall by bit 6 after overwrite", 101, 109, []int{1, 4, 5 + 6}},
	}
	for _, c := range cases {
		require.Equal(t, c.want, olWindow(res, c.from, c.to), c.what)
	}
	exact := runNet(t, n, Options{Numerics: NumericsExact})
	for _, c := range cases {
		got := olWindow(exact, c.from, c.to)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Logf("exact numerics differ: %s: OL %v, want %v", c.what, got, c.want)
		}
	}
}
