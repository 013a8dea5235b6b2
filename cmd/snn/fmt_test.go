package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/snn-sim/snn/dsl"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// messy is small, laid out badly on purpose.
const messy = `network   small{dt=0.1 ms;duration=100 ms}
# a comment that must survive
population a[10]:lif_curr_exp{tau_m=20 ms,v_rest=-65 mV,}
connect a->a with fixed_probability(0.1) as rec {weight=0.1 nA}
`

func TestFmtPrintsAndIsIdempotent(t *testing.T) {
	p := writeFile(t, "messy.snn", messy)
	code, out, errs := snn(t, "fmt", p)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	assert.NotEqual(t, messy, out, "the layout changes")
	assert.Contains(t, out, "# a comment that must survive")
	data, _ := os.ReadFile(p)
	assert.Equal(t, messy, string(data), "fmt without -w leaves the file alone")

	// fmt of fmt's output changes nothing, and still checks.
	q := writeFile(t, "canon.snn", out)
	code, out2, errs := snn(t, "fmt", q)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, out, out2)
	code, _, errs = snn(t, "check", q)
	assert.Equal(t, 0, code, errs)
}

func TestFmtWrite(t *testing.T) {
	p := writeFile(t, "messy.snn", messy)
	require.NoError(t, os.Chmod(p, 0o600))
	_, want, _ := snn(t, "fmt", p)

	code, out, errs := snn(t, "fmt", "-w", p)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, out, "-w prints nothing")
	assert.Empty(t, errs)
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, want, string(data))
	fi, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "permissions kept")
	assertOnly(t, filepath.Dir(p), "messy.snn")

	// A second -w finds nothing to change and does not touch the file.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	require.NoError(t, os.Chtimes(p, old, old))
	code, _, errs = snn(t, "fmt", "-w", p)
	require.Equal(t, 0, code, errs)
	data2, _ := os.ReadFile(p)
	assert.Equal(t, string(data), string(data2))
	fi, err = os.Stat(p)
	require.NoError(t, err)
	assert.True(t, fi.ModTime().Equal(old), "file rewritten although unchanged")
}

func TestFmtSyntaxError(t *testing.T) {
	const broken = "network x {\n  dt = = 1 ms\n}\n"
	for _, args := range [][]string{{"fmt"}, {"fmt", "-w"}} {
		p := writeFile(t, "broken.snn", broken)
		code, out, errs := snn(t, append(args, p)...)
		assert.Equal(t, 1, code)
		assert.Empty(t, out)
		assert.True(t, strings.HasPrefix(errs, p+":2:8: error: "), errs)
		data, _ := os.ReadFile(p)
		assert.Equal(t, broken, string(data), "nothing written")
		assertOnly(t, filepath.Dir(p), "broken.snn")
	}
}

// TestFmtExamples formats the examples: fmt must be idempotent on them and
// must not change what they mean (same IR).
func TestFmtExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.snn")
	require.NoError(t, err)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, once, errs := snn(t, "fmt", f)
			require.Equal(t, 0, code, errs)
			q := writeFile(t, filepath.Base(f), once)
			code, twice, errs := snn(t, "fmt", q)
			require.Equal(t, 0, code, errs)
			assert.Equal(t, once, twice, "fmt is not idempotent on %s", f)

			// Check the formatted text in place of the original, so that
			// relative paths (imports, data files) still resolve.
			want, err := dsl.Check(f, dsl.Options{})
			require.NoError(t, err)
			got, err := dsl.Check(f, dsl.Options{ReadFile: func(name string) ([]byte, error) {
				if name == f {
					return []byte(once), nil
				}
				return os.ReadFile(name)
			}})
			require.NoError(t, err)
			assert.Equal(t, withoutPos(t, want.Network), withoutPos(t, got.Network),
				"formatting changed what %s means", f)
		})
	}
}

// withoutPos is v as generic JSON with every source position ("pos")
// removed: formatting moves statements, it must not change anything else.
func withoutPos(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	var x any
	require.NoError(t, json.Unmarshal(data, &x))
	var strip func(any)
	strip = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			delete(x, "pos")
			for _, v := range x {
				strip(v)
			}
		case []any:
			for _, v := range x {
				strip(v)
			}
		}
	}
	strip(x)
	return x
}
