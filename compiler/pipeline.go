// Package compiler holds the target-independent parts of mapping a network
// onto hardware: a pipeline of named passes with per-pass timing, and the
// algorithms that do not depend on one machine: key allocation and ternary
// (key, mask) routing-table compression. A backend (backends/spinnaker)
// owns its machine model and lists its passes as a table, like Go's
// cmd/compile/internal/ssa/compile.go: the order of the mapping is read off
// one slice, and every pass reports its time.
//
// compiler imports only ir; backends import compiler.
package compiler

import (
	"fmt"
	"strings"
	"time"
)

// Pass is one named step of a pipeline over a state S.
type Pass[S any] struct {
	Name string
	Doc  string // one line: what the pass does
	Run  func(S) error
}

// Timing is the wall time one pass took.
type Timing struct {
	Pass    string  `json:"pass"`
	Seconds float64 `json:"seconds"`
}

// Run runs the passes in order on s and returns the time each took. It stops
// at the first error and returns the timings of the passes run so far.
func Run[S any](s S, passes []Pass[S]) ([]Timing, error) {
	return RunNotify(s, passes, nil)
}

// RunNotify is Run that calls start (when not nil) with each pass's name
// before running it, for progress displays.
func RunNotify[S any](s S, passes []Pass[S], start func(name string)) ([]Timing, error) {
	var ts []Timing
	for _, p := range passes {
		if start != nil {
			start(p.Name)
		}
		t0 := time.Now()
		err := p.Run(s)
		ts = append(ts, Timing{Pass: p.Name, Seconds: time.Since(t0).Seconds()})
		if err != nil {
			return ts, err
		}
	}
	return ts, nil
}

// FormatTimings renders timings as an aligned table with a total line.
func FormatTimings(ts []Timing) string {
	var b strings.Builder
	w := len("total")
	for _, t := range ts {
		w = max(w, len(t.Pass))
	}
	total := 0.0
	for _, t := range ts {
		fmt.Fprintf(&b, "  %-*s %9.3f s\n", w, t.Pass, t.Seconds)
		total += t.Seconds
	}
	fmt.Fprintf(&b, "  %-*s %9.3f s\n", w, "total", total)
	return b.String()
}
