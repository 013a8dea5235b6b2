package ir

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Values are written compactly, since most are constants:
//
//	20                                 const
//	"zero"                             string
//	{"array": [1, 2, 3]}               array
//	{"dist": {"name": "normal", "params": [-58, 10]}}
//	{"expr": {"op": "+", "args": [...]}}
//	{"shape": [512, 512]}

type valueJSON struct {
	Array *[]float64    `json:"array,omitempty"`
	Dist  *Distribution `json:"dist,omitempty"`
	Expr  *Expr         `json:"expr,omitempty"`
	Shape *[]float64    `json:"shape,omitempty"`
}

// MarshalJSON writes a Value in the compact form above.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.Kind {
	case KindConst:
		if !isFinite(v.X) {
			return nil, fmt.Errorf("ir: value %v is not finite", v.X)
		}
		return json.Marshal(v.X)
	case KindString:
		return json.Marshal(v.S)
	case KindArray:
		xs := v.Xs
		if xs == nil {
			xs = []float64{}
		}
		return json.Marshal(valueJSON{Array: &xs})
	case KindDist:
		return json.Marshal(valueJSON{Dist: v.Dist})
	case KindExpr:
		return json.Marshal(valueJSON{Expr: v.Expr})
	case KindShape:
		return json.Marshal(valueJSON{Shape: &v.Xs})
	}
	return nil, fmt.Errorf("ir: value of unknown kind %q", v.Kind)
}

// UnmarshalJSON reads the compact form.
func (v *Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return fmt.Errorf("ir: empty value")
	}
	switch b[0] {
	case '"':
		*v = Value{Kind: KindString}
		return json.Unmarshal(b, &v.S)
	case '{':
		var j valueJSON
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&j); err != nil {
			return fmt.Errorf("ir: bad value %s: %v", b, err)
		}
		switch {
		case j.Array != nil:
			*v = Value{Kind: KindArray, Xs: *j.Array}
			if len(v.Xs) == 0 {
				v.Xs = nil
			}
		case j.Dist != nil:
			*v = Value{Kind: KindDist, Dist: j.Dist}
		case j.Expr != nil:
			*v = Value{Kind: KindExpr, Expr: j.Expr}
		case j.Shape != nil:
			*v = Value{Kind: KindShape, Xs: *j.Shape}
		default:
			return fmt.Errorf("ir: bad value %s: expected array, dist, expr or shape", b)
		}
		return nil
	}
	var x float64
	if err := json.Unmarshal(b, &x); err != nil {
		return fmt.Errorf("ir: bad value %s: expected a number, a string or an object", b)
	}
	*v = Value{Kind: KindConst, X: x}
	return nil
}
