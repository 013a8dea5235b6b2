package dsl

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// from_npy reads integer arrays as numpy writes them (quoted descr, int32
// or int64) and refuses other dtypes with the file named.
func TestFromNpyNumpyFiles(t *testing.T) {
	src := `network n {}
population a[3] : lif_curr_exp
population b[4] : lif_curr_exp
connect a -> b with from_npy("testdata/pre_i4.npy", "testdata/post_i8.npy") as c { weight = 1 nA }
`
	res, err := Check("net.snn", Options{ReadFile: func(name string) ([]byte, error) {
		if name == "net.snn" {
			return []byte(src), nil
		}
		return readTestFile(name)
	}})
	require.NoError(t, err)
	require.Equal(t, []int32{0, 1, 1, 0, 2, 3, 2, 2}, res.Network.Projections[0].Connector.Pairs)

	bad := `network n {}
population a[3] : lif_curr_exp
connect a -> a with from_npy("testdata/bad_f8.npy", "testdata/pre_i4.npy") { weight = 1 nA }
`
	_, err = Check("net.snn", Options{ReadFile: func(name string) ([]byte, error) {
		if name == "net.snn" {
			return []byte(bad), nil
		}
		return readTestFile(name)
	}})
	require.Error(t, err)
	require.Contains(t, errLines(err), "bad_f8.npy: expected an integer array, found dtype <f8")
}

func readTestFile(name string) ([]byte, error) { return os.ReadFile(name) }
