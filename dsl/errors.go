package dsl

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/snn-sim/snn/ir"
)

// Error is one problem found in a .snn file, at a position.
type Error struct {
	Pos ir.Position
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: error: %s", e.Pos, e.Msg) }

// ErrorList collects the problems of a run: the front end reports as many as
// it can, sorted by position, instead of stopping at the first.
type ErrorList []*Error

// Add appends an error at p.
func (l *ErrorList) Add(p ir.Position, format string, args ...any) {
	*l = append(*l, &Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

func (l ErrorList) Len() int      { return len(l) }
func (l ErrorList) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l ErrorList) Less(i, j int) bool {
	a, b := l[i].Pos, l[j].Pos
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Col != b.Col {
		return a.Col < b.Col
	}
	return l[i].Msg < l[j].Msg
}

// Sort orders the list by file, line, column and message.
func (l ErrorList) Sort() { sort.Stable(l) }

// Dedup sorts the list and drops exact repeats (the same message at the same
// place, as when a neuron type is used by several populations).
func (l *ErrorList) Dedup() {
	l.Sort()
	out := (*l)[:0]
	for k, e := range *l {
		if k > 0 && e.Pos == out[len(out)-1].Pos && e.Msg == out[len(out)-1].Msg {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Err returns nil for an empty list, the list otherwise.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Print writes every error as "file:line:col: error: message", followed by
// the source line and a caret under the column when the source is known.
func Print(w io.Writer, err error, sources map[string][]byte) {
	var list ErrorList
	switch e := err.(type) {
	case ErrorList:
		list = e
	case *Error:
		list = ErrorList{e}
	default:
		fmt.Fprintln(w, err)
		return
	}
	for _, e := range list {
		fmt.Fprintln(w, e.Error())
		src, ok := sources[e.Pos.File]
		if !ok || e.Pos.Line < 1 {
			continue
		}
		lines := strings.Split(string(src), "\n")
		if e.Pos.Line > len(lines) {
			continue
		}
		line := strings.TrimRight(lines[e.Pos.Line-1], "\r")
		line = strings.TrimPrefix(line, "\uFEFF")
		fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(line, "\t", " "))
		col := e.Pos.Col
		if col < 1 {
			col = 1
		}
		fmt.Fprintf(w, "    %s^\n", strings.Repeat(" ", col-1))
	}
}
