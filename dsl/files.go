package dsl

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"codeberg.org/sbinet/npyio"

	"github.com/snn-sim/snn/ir"
)

// files.go reads the data files a network refers to: spike times
// (file("spikes.csv")) and connection lists (from_file, from_npy).

func joinPath(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

func (c *checker) readCSV(path string) ([][]string, error) {
	data, err := c.opt.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %s", path, describeIOError(err))
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.TrimLeadingSpace = true
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: empty file: expected a header line", path)
	}
	return rows, nil
}

// readSpikeCSV reads "neuron,time_ms" rows (time may also be time_s, time_us).
func (c *checker) readSpikeCSV(path string, n int) ([][]float64, error) {
	rows, err := c.readCSV(path)
	if err != nil {
		return nil, err
	}
	hdr := rows[0]
	if len(hdr) != 2 || strings.TrimSpace(hdr[0]) != "neuron" || !strings.HasPrefix(strings.TrimSpace(hdr[1]), "time_") {
		return nil, fmt.Errorf("%s:1: expected the header neuron,time_ms, found %s", path, strings.Join(hdr, ","))
	}
	scale, err := columnUnit(strings.TrimSpace(hdr[1]), ir.DimTime)
	if err != nil {
		return nil, fmt.Errorf("%s:1: %v", path, err)
	}
	if n < 0 {
		return nil, fmt.Errorf("%s: the population size is unknown", path)
	}
	out := make([][]float64, n)
	for k := range out {
		out[k] = []float64{}
	}
	for line, row := range rows[1:] {
		if len(row) != 2 {
			return nil, fmt.Errorf("%s:%d: expected 2 columns, found %d", path, line+2, len(row))
		}
		i, err1 := strconv.Atoi(strings.TrimSpace(row[0]))
		t, err2 := strconv.ParseFloat(strings.TrimSpace(row[1]), 64)
		if err1 != nil || err2 != nil || math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, fmt.Errorf("%s:%d: expected a neuron index and a time, found %s", path, line+2, strings.Join(row, ","))
		}
		if i < 0 || i >= n {
			return nil, fmt.Errorf("%s:%d: neuron %d is out of range (the population has %d)", path, line+2, i, n)
		}
		if t < 0 {
			return nil, fmt.Errorf("%s:%d: a spike time must not be negative", path, line+2)
		}
		out[i] = append(out[i], t*scale)
	}
	for _, ts := range out {
		sort.Float64s(ts)
	}
	return out, nil
}

// columnUnit reads the unit of a header such as weight_nA or delay_ms and
// returns the factor to canonical units of want.
func columnUnit(name string, want ir.Dim) (float64, error) {
	k := strings.IndexByte(name, '_')
	if k < 0 {
		if want.IsDimensionless() {
			return 1, nil
		}
		return 0, fmt.Errorf("column %s needs a unit (e.g. %s_%s)", name, name, want.CanonicalUnit())
	}
	u, ok := ir.LookupUnit(name[k+1:])
	if !ok {
		return 0, fmt.Errorf("column %s: unknown unit %s", name, name[k+1:])
	}
	if u.Dim != want {
		return 0, fmt.Errorf("column %s: expected %s, found %s", name, want.Name(), u.Dim.Name())
	}
	return u.Scale / want.CanonicalScale(), nil
}

// fromFiles reads from_file("conn.csv") or from_npy("pre.npy", "post.npy").
func (c *checker) fromFiles(s *Connect, conn ir.Connector, args map[string]val, npre, npost int, wdim ir.Dim) (ir.Connector, *ir.Value, *ir.Value, bool) {
	var pre, post []int64
	var ws, ds []float64
	var at val
	if conn.Kind == "from_npy" {
		at = args["pre"]
		pp, ok1 := c.str(field{"from_npy: pre", s.Connector}, args["pre"])
		qp, ok2 := c.str(field{"from_npy: post", s.Connector}, args["post"])
		if !ok1 || !ok2 {
			return conn, nil, nil, false
		}
		var err error
		if pre, err = c.readNpyInts(c.resolve(s.Connector, pp)); err != nil {
			c.errs.Add(args["pre"].node.Start(), "%v", err)
			return conn, nil, nil, false
		}
		if post, err = c.readNpyInts(c.resolve(s.Connector, qp)); err != nil {
			c.errs.Add(args["post"].node.Start(), "%v", err)
			return conn, nil, nil, false
		}
		if len(pre) != len(post) {
			c.errs.Add(s.Connector.From, "from_npy: %s has %d entries but %s has %d", pp, len(pre), qp, len(post))
			return conn, nil, nil, false
		}
		conn.Source = c.resolve(s.Connector, pp) + "," + c.resolve(s.Connector, qp)
	} else {
		at = args["path"]
		p, ok := c.str(field{"from_file: path", s.Connector}, args["path"])
		if !ok {
			return conn, nil, nil, false
		}
		path := c.resolve(s.Connector, p)
		conn.Source = path
		var err error
		pre, post, ws, ds, err = c.readConnCSV(path, wdim, c.net.DT)
		if err != nil {
			c.errs.Add(at.node.Start(), "%v", err)
			return conn, nil, nil, false
		}
	}
	conn.Pairs = make([]int32, 0, 2*len(pre))
	for k := range pre {
		if pre[k] < 0 || pre[k] >= int64(npre) || post[k] < 0 || post[k] >= int64(npost) {
			c.errs.Add(at.node.Start(), "%s: connection %d (%d -> %d) is out of range for pre size %d and post size %d", conn.Kind, k, pre[k], post[k], npre, npost)
			return conn, nil, nil, false
		}
		conn.Pairs = append(conn.Pairs, int32(pre[k]), int32(post[k]))
	}
	if len(conn.Pairs) == 0 {
		conn.Pairs = nil
	}
	var w, d *ir.Value
	if ws != nil {
		w = &ir.Value{Kind: ir.KindArray, Xs: ws}
	}
	if ds != nil {
		d = &ir.Value{Kind: ir.KindArray, Xs: ds}
	}
	return conn, w, d, true
}

// readConnCSV reads pre,post[,weight_<unit>[,delay_<unit>]]; delays come
// back in time steps.
func (c *checker) readConnCSV(path string, wdim ir.Dim, dt float64) (pre, post []int64, ws, ds []float64, err error) {
	rows, err := c.readCSV(path)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	hdr := rows[0]
	for k := range hdr {
		hdr[k] = strings.TrimSpace(hdr[k])
	}
	if len(hdr) < 2 || len(hdr) > 4 || hdr[0] != "pre" || hdr[1] != "post" {
		return nil, nil, nil, nil, fmt.Errorf("%s:1: expected the header pre,post[,weight_<unit>,delay_<unit>], found %s", path, strings.Join(hdr, ","))
	}
	wscale, dscale := 0.0, 0.0
	if len(hdr) >= 3 {
		if !strings.HasPrefix(hdr[2], "weight") {
			return nil, nil, nil, nil, fmt.Errorf("%s:1: expected a weight column third, found %s", path, hdr[2])
		}
		if wscale, err = columnUnit(hdr[2], wdim); err != nil {
			return nil, nil, nil, nil, fmt.Errorf("%s:1: %v", path, err)
		}
	}
	if len(hdr) == 4 {
		if !strings.HasPrefix(hdr[3], "delay") {
			return nil, nil, nil, nil, fmt.Errorf("%s:1: expected a delay column fourth, found %s", path, hdr[3])
		}
		if dscale, err = columnUnit(hdr[3], ir.DimTime); err != nil {
			return nil, nil, nil, nil, fmt.Errorf("%s:1: %v", path, err)
		}
	}
	for line, row := range rows[1:] {
		at := fmt.Sprintf("%s:%d", path, line+2)
		if len(row) != len(hdr) {
			return nil, nil, nil, nil, fmt.Errorf("%s: expected %d columns, found %d", at, len(hdr), len(row))
		}
		i, err1 := strconv.ParseInt(strings.TrimSpace(row[0]), 10, 64)
		j, err2 := strconv.ParseInt(strings.TrimSpace(row[1]), 10, 64)
		if err1 != nil || err2 != nil {
			return nil, nil, nil, nil, fmt.Errorf("%s: expected integer pre and post indices, found %s,%s", at, row[0], row[1])
		}
		pre, post = append(pre, i), append(post, j)
		if len(hdr) >= 3 {
			w, err := strconv.ParseFloat(strings.TrimSpace(row[2]), 64)
			if err != nil || w < 0 || math.IsInf(w, 0) || math.IsNaN(w) {
				return nil, nil, nil, nil, fmt.Errorf("%s: expected a weight >= 0, found %s", at, row[2])
			}
			ws = append(ws, w*wscale)
		}
		if len(hdr) == 4 {
			d, err := strconv.ParseFloat(strings.TrimSpace(row[3]), 64)
			if err != nil || math.IsInf(d, 0) || math.IsNaN(d) {
				return nil, nil, nil, nil, fmt.Errorf("%s: expected a delay, found %s", at, row[3])
			}
			d *= dscale
			if d < dt*(1-1e-9) {
				return nil, nil, nil, nil, fmt.Errorf("%s: delay %g ms is shorter than one time step (%g ms)", at, d, dt)
			}
			ds = append(ds, d/dt)
		}
	}
	return pre, post, ws, ds, nil
}

// readNpyInts reads a one-dimensional integer .npy array.
func (c *checker) readNpyInts(path string) ([]int64, error) {
	data, err := c.opt.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %s", path, describeIOError(err))
	}
	r, err := npyio.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: not a .npy file: %v", path, err)
	}
	if len(r.Header.Descr.Shape) != 1 {
		return nil, fmt.Errorf("%s: expected a one-dimensional array, found shape %v", path, r.Header.Descr.Shape)
	}
	read := func(ptr any) error { return r.Read(ptr) }
	var out []int64
	// npyio keeps the descr as written; numpy writes it quoted ('<i4')
	// and may use '=' or '|' for the native (little-endian) order.
	dtype := strings.Trim(r.Header.Descr.Type, `'" `)
	if strings.HasPrefix(dtype, "=") || strings.HasPrefix(dtype, "|") {
		dtype = "<" + dtype[1:]
	}
	switch dtype {
	case "<i4", "i4":
		var v []int32
		err = read(&v)
		for _, x := range v {
			out = append(out, int64(x))
		}
	case "<i8", "i8":
		err = read(&out)
	case "<u4", "u4":
		var v []uint32
		err = read(&v)
		for _, x := range v {
			out = append(out, int64(x))
		}
	case "<i2", "i2":
		var v []int16
		err = read(&v)
		for _, x := range v {
			out = append(out, int64(x))
		}
	default:
		return nil, fmt.Errorf("%s: expected an integer array, found dtype %s", path, dtype)
	}
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return out, nil
}
