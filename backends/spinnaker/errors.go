package spinnaker

import "fmt"

// FitError says the network does not fit the machine: which limit, whose
// work exceeds it, and what to change.
type FitError struct {
	What  string // e.g. "exc[0:256]"
	Limit string // e.g. "DTCM"
	Msg   string // the whole sentence, fix included
}

func (e *FitError) Error() string { return e.Msg }

func fitErrorf(what, limit, format string, args ...any) *FitError {
	return &FitError{What: what, Limit: limit, Msg: fmt.Sprintf(format, args...)}
}

// sizes renders what is needed and what there is in one unit (MB from 10
// MB, else KB, with 1024 B to the KB), the need rounded up and the limit
// down so that an overflow never reads as a fit; when both round to the
// same number it falls back to bytes.
func sizes(need, have int64) (string, string) {
	unit, name := int64(1024), "KB"
	if have >= 10<<20 {
		unit, name = 1<<20, "MB"
	}
	n, h := (need+unit-1)/unit, have/unit
	if n <= h {
		return fmt.Sprintf("%d B", need), fmt.Sprintf("%d B", have)
	}
	return fmt.Sprintf("%d %s", n, name), fmt.Sprintf("%d %s", h, name)
}

// mb renders a byte count in MB with one decimal.
func mb(b int64) string {
	return fmt.Sprintf("%.1f MB", float64(b)/(1024*1024))
}
