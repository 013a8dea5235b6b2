//go:build !amd64

package cpu

var useVector = false

func cexpStep4(v, ie, ii, inE, inI []float64, left []int32, flags []byte, k *cexpConsts) {
	panic("cexpStep4 without vector support")
}
