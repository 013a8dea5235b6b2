package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mappingFile is the part of mapping.json the tests read.
type mappingFile struct {
	Target  string `json:"target"`
	Machine struct {
		Width, Height int
		Wrap          bool
		Boards        int
		Chips         []struct{ X, Y, Cores int }
	} `json:"machine"`
	Slices []struct {
		Population string
		Kind       string
		Lo, Hi     int
		Chip       [2]int
		Core       int
		SDRAMBytes int64 `json:"sdram_bytes"`
		DTCMBytes  int64 `json:"dtcm_bytes"`
		ITCMBytes  int64 `json:"itcm_bytes"`
		Key, Mask  uint32
	} `json:"slices"`
	Tables []struct {
		Chip    [2]int
		Entries []struct {
			Key, Mask    uint32
			Links, Cores []int
		}
	} `json:"routing_tables"`
	Sizes []struct {
		Chip    [2]int
		Entries int
	} `json:"routing_tables_uncompressed_sizes"`
}

func readMapping(t *testing.T, dir string) *mappingFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "mapping.json"))
	require.NoError(t, err)
	var m mappingFile
	require.NoError(t, json.Unmarshal(data, &m))
	return &m
}

// checkMapping checks what any mapping must satisfy: one slice per core,
// cores that exist (not the monitor), memory within a core's, key blocks
// disjoint, tables within the router.
func checkMapping(t *testing.T, m *mappingFile) {
	t.Helper()
	assert.Equal(t, "spinnaker", m.Target)
	used := map[[3]int]bool{}
	for _, s := range m.Slices {
		at := [3]int{s.Chip[0], s.Chip[1], s.Core}
		assert.False(t, used[at], "two slices on chip %v core %d", s.Chip, s.Core)
		used[at] = true
		assert.True(t, s.Core >= 1 && s.Core <= 17, "core %d", s.Core)
		assert.LessOrEqual(t, s.DTCMBytes, int64(64*1024))
		assert.LessOrEqual(t, s.ITCMBytes, int64(32*1024))
		assert.Greater(t, s.SDRAMBytes, int64(0))
		assert.Equal(t, uint32(0), s.Key&^s.Mask, "key %#x has bits outside mask %#x", s.Key, s.Mask)
	}
	for i, a := range m.Slices {
		for _, b := range m.Slices[i+1:] {
			if (a.Key^b.Key)&a.Mask&b.Mask == 0 {
				t.Fatalf("key blocks of %s[%d:%d] and %s[%d:%d] overlap", a.Population, a.Lo, a.Hi, b.Population, b.Lo, b.Hi)
			}
		}
	}
	for _, tb := range m.Tables {
		assert.LessOrEqual(t, len(tb.Entries), 1023)
	}
}

func TestCompileExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.snn")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 8)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".snn")
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			args := []string{"compile", f, "--target", "spin", "--out", out}
			if name == "microcircuit" {
				// Full expansion takes ~25 s (bench/); the statistical
				// row estimate maps the same cores in a second.
				args = append(args, "--synapses", "estimate")
			}
			code, stdout, stderr := snn(t, args...)
			require.Equal(t, 0, code, stderr)
			assert.Contains(t, stdout, "wrote")
			m := readMapping(t, out)
			checkMapping(t, m)
			report, err := os.ReadFile(filepath.Join(out, "report.txt"))
			require.NoError(t, err)
			for _, s := range []string{"Time per pass", "Placement by core", "Routing tables", "Memory by core, and why", "compression"} {
				assert.Contains(t, string(report), s)
			}
			if name == "microcircuit" {
				assert.Greater(t, m.Machine.Boards, 1, "microcircuit maps onto a multi-board machine")
				assert.True(t, m.Machine.Wrap)
				delays := 0
				for _, s := range m.Slices {
					if s.Kind == "delay" {
						delays++
					}
				}
				assert.Greater(t, delays, 0, "delays up to 9 ms at 0.1 ms need delay cores")
			}
		})
	}
}

const tooBig = `network toobig {
  dt = 1 ms
  duration = 100 ms
}

population a[20000] : lif_curr_exp
connect a -> a with fixed_probability(0.01) { weight = 0.1 nA }

target spin : spinnaker { machine = spin3 }
target rram : reram { arrays = 1 }
`

func TestCompileErrors(t *testing.T) {
	p := writeFile(t, "toobig.snn", tooBig)
	out := filepath.Join(t.TempDir(), "o")
	// Does not fit: exit 1, the limit named, nothing written.
	code, _, stderr := snn(t, "compile", p, "--target", "spin", "--out", out)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "snn compile: toobig does not fit spin: the network needs 79 cores")
	assert.Contains(t, stderr, "spin3 has 68 working application cores")
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "a failed compile created %s", out)
	// An existing mapping survives a failed compile.
	require.NoError(t, os.MkdirAll(out, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(out, "mapping.json"), []byte("old"), 0o644))
	code, _, _ = snn(t, "compile", p, "--target", "spin", "--out", out)
	assert.Equal(t, 1, code)
	data, _ := os.ReadFile(filepath.Join(out, "mapping.json"))
	assert.Equal(t, "old", string(data))
	assertOnly(t, out, "mapping.json")

	code, _, stderr = snn(t, "compile", p, "--target", "nope")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "has no target nope (targets: spin, rram)")
	code, _, stderr = snn(t, "compile", p, "--target", "rram")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "rram is a reram target")
	code, _, stderr = snn(t, "compile", p)
	assert.Equal(t, 2, code, "several targets and no --target is a usage error")
	assert.Contains(t, stderr, "choose one with --target")
	code, _, _ = snn(t, "compile")
	assert.Equal(t, 2, code)
	code, _, _ = snn(t, "compile", p, "--target", "spin", "--synapses", "guess")
	assert.Equal(t, 2, code)
	code, _, _ = snn(t, "compile", p, "--target", "spin", "--placer", "random")
	assert.Equal(t, 2, code)
	code, _, stderr = snn(t, "compile", writeFile(t, "lib.snn", library))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "library")
}

// TestCompileDefaultOut: without --out the files go to ./out/<network>,
// and the only target is used without --target.
func TestCompileDefaultOut(t *testing.T) {
	p := writeFile(t, "small.snn", small+"\ntarget spin : spinnaker { machine = spin3 }\n")
	t.Chdir(t.TempDir())
	code, _, stderr := snn(t, "compile", p)
	require.Equal(t, 0, code, stderr)
	m := readMapping(t, filepath.Join("out", "small"))
	checkMapping(t, m)
	assert.Equal(t, 2, m.Machine.Width)
	assert.Len(t, m.Slices, 3)
	assertOnly(t, filepath.Join("out", "small"), "mapping.json", "report.txt")
}

// TestCompileFaultyTarget: dead chips, cores and links written in the
// language reach the mapping.
func TestCompileFaultyTarget(t *testing.T) {
	p := writeFile(t, "small.snn", small+`
target spin : spinnaker {
  machine = spin5
  dead_chips = [chip(0, 0)]
  dead_cores = [core(1, 0, 1), core(1, 0, 2)]
  dead_links = [link(1, 0, 2)]
}
`)
	out := t.TempDir()
	code, _, stderr := snn(t, "compile", p, "--target", "spin", "--out", out)
	require.Equal(t, 0, code, stderr)
	m := readMapping(t, out)
	assert.Len(t, m.Machine.Chips, 47)
	for _, s := range m.Slices {
		assert.NotEqual(t, [2]int{0, 0}, s.Chip)
		if s.Chip == [2]int{1, 0} {
			assert.Greater(t, s.Core, 2, "a slice on a dead core")
		}
	}
}
