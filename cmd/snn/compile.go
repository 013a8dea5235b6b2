package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/snn-sim/snn/backends/spinnaker"
	"github.com/snn-sim/snn/ir"
	"github.com/spf13/cobra"
)

func newCompileCmd(e *env) *cobra.Command {
	var target, out, synapses, placer string
	var seed uint64
	var quiet bool
	cmd := &cobra.Command{
		Use:   "compile FILE --target NAME",
		Short: "Map the network onto a hardware target and report the mapping",
		Long: `Compile checks FILE and maps its network onto the target block NAME
(--target; it may be left out when the file has one target). For a
spinnaker target the mapping runs as a list of passes: partition into
cores, synapse counting, delay extensions, resources, placement, keys,
routing, routing tables, compression and verification. It writes to the
output folder (--out, default ./out/<network name>):

  mapping.json  machine, slices (placement, memory, keys), routing tables
  report.txt    the same for a reader: placement by core, memory by core
                and why, routing-table sizes before and after compression,
                time per pass

Both files are written only when the whole mapping succeeded, each
atomically. A network that does not fit exits with status 1 and a message
naming the limit, the part of the network and the fix.

--synapses auto expands every projection to count its synaptic rows
exactly unless the network has more than 5e8 synapses, where it estimates
them statistically; exact and estimate force one way.`,
		Example: "  snn compile examples/synfire.snn --target spin\n  snn compile examples/microcircuit.snn --target spin --out /tmp/mc",
		Args:    oneFile,
		RunE: guard(e, func(cmd *cobra.Command, args []string) error {
			switch synapses {
			case "auto", "exact", "estimate":
			default:
				return &usageError{fmt.Sprintf("--synapses must be auto, exact or estimate, not %q", synapses)}
			}
			switch placer {
			case "locality", "naive":
			default:
				return &usageError{fmt.Sprintf("--placer must be locality or naive, not %q", placer)}
			}
			opt := seedOption(cmd, &seed)
			net, err := checkFile(e, args[0], opt)
			if err != nil {
				return err
			}
			if net.Name == "" {
				return inputErrorf("%s is a library (no network statement): there is nothing to compile", args[0])
			}
			t, err := pickTarget(net, target)
			if err != nil {
				return err
			}
			if t.Kind != "spinnaker" {
				return inputErrorf("target %s is a %s target; snn compile maps onto spinnaker targets (the %s mapping is not built yet)", t.Name, t.Kind, t.Kind)
			}
			show, stop := passProgress(e, quiet)
			res, err := spinnaker.Compile(net, t, spinnaker.Options{
				Synapses: synapses, Placer: placer, Progress: show,
			})
			stop()
			if err != nil {
				var fe *spinnaker.FitError
				var ve *spinnaker.VerifyError
				if errors.As(err, &ve) {
					return &exitError{code: exitInternal, msg: fmt.Sprintf("internal error: %v (please report it at %s)", err, issuesURL)}
				}
				if errors.As(err, &fe) {
					return inputErrorf("%s does not fit %s: %s", net.Name, t.Name, fe.Msg)
				}
				return inputErrorf("%v", err)
			}
			names := make([]string, len(net.Populations))
			for i, p := range net.Populations {
				names[i] = p.Name
			}
			mapping, err := res.MappingJSON(names)
			if err != nil {
				panic(fmt.Sprintf("encoding mapping.json: %v", err))
			}
			report := res.Report(names)
			dir := out
			if dir == "" {
				dir = filepath.Join("out", net.Name)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return inputErrorf("cannot create %s: %v", dir, describePathError(err))
			}
			for _, f := range []struct {
				name string
				data []byte
			}{{"mapping.json", mapping}, {"report.txt", report}} {
				p := filepath.Join(dir, f.name)
				if err := writeFileAtomic(p, f.data); err != nil {
					return inputErrorf("cannot write %s: %v", p, err)
				}
			}
			before, after := res.TableSizes()
			return writeStdout(e, []byte(fmt.Sprintf("%s: %d cores on %s; largest routing table %d entries (%d before compression); wrote %s and %s\n",
				net.Name, len(res.Vertices), res.Machine.Describe(), after, before,
				filepath.Join(dir, "mapping.json"), filepath.Join(dir, "report.txt"))))
		}),
	}
	cmd.Flags().StringVar(&target, "target", "", "the target block to map onto, by `NAME`")
	cmd.Flags().StringVar(&out, "out", "", "output `DIR` (default ./out/<network name>)")
	cmd.Flags().StringVar(&synapses, "synapses", "auto", "count synaptic rows by expansion or estimate them: auto, exact or estimate")
	cmd.Flags().StringVar(&placer, "placer", "locality", "placement: locality or naive")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "override the network's seed with `N`")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress display")
	return cmd
}

// pickTarget finds the target named on the command line, or the file's
// only target when none is named.
func pickTarget(net *ir.Network, name string) (*ir.Target, error) {
	var names []string
	for _, t := range net.Targets {
		names = append(names, t.Name)
	}
	if name == "" {
		switch len(net.Targets) {
		case 0:
			return nil, inputErrorf("network %s has no target block: add one, e.g. target spin : spinnaker { machine = spin5 }", net.Name)
		case 1:
			return net.Targets[0], nil
		}
		return nil, &usageError{fmt.Sprintf("network %s has several targets (%s): choose one with --target", net.Name, strings.Join(names, ", "))}
	}
	if t := net.Target(name); t != nil {
		return t, nil
	}
	if len(names) == 0 {
		return nil, inputErrorf("network %s has no target %s (it has no target block)", net.Name, name)
	}
	return nil, inputErrorf("network %s has no target %s (targets: %s)", net.Name, name, strings.Join(names, ", "))
}

// passProgress shows the running pass and the time so far on a terminal
// once compiling has taken 2 s; nothing when stderr is not a terminal or
// with --quiet. It returns the callback for the passes and a function
// that clears the display.
func passProgress(e *env, quiet bool) (func(string), func()) {
	f, ok := e.stderr.(*os.File)
	if quiet || !ok {
		return nil, func() {}
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil, func() {}
	}
	var mu sync.Mutex
	current, shown := "", false
	start := time.Now()
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			if time.Since(start) < 2*time.Second {
				continue
			}
			mu.Lock()
			fmt.Fprintf(f, "\rcompiling: %-18s %4.0f s", current, time.Since(start).Seconds())
			shown = true
			mu.Unlock()
		}
	}()
	set := func(pass string) {
		mu.Lock()
		current = pass
		mu.Unlock()
	}
	stop := func() {
		close(done)
		<-stopped
		if shown {
			fmt.Fprintf(f, "\r%40s\r", "")
		}
	}
	return set, stop
}
