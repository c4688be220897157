package pdf

import (
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// objects resolves the PDF objects behind references through pdfcpu, which
// reads the file's structure (xref tables and streams, object streams,
// incremental updates, filters, decryption). Every accessor returns the
// zero value for a missing or mistyped object: a damaged font or resource
// loses that font's text, never the page.
type objects struct {
	x        *model.XRefTable
	maxBytes int64
	decoded  map[int][]byte // decoded streams by object number: a form drawn many times is decoded once
}

func (o objects) deref(v types.Object) types.Object {
	if v == nil {
		return nil
	}
	r, err := o.x.Dereference(v)
	if err != nil {
		return nil
	}
	return r
}

func (o objects) dict(v types.Object) types.Dict {
	switch d := o.deref(v).(type) {
	case types.Dict:
		return d
	case types.StreamDict:
		return d.Dict
	}
	return nil
}

func (o objects) array(v types.Object) types.Array {
	a, _ := o.deref(v).(types.Array)
	return a
}

func (o objects) name(v types.Object) string {
	n, _ := o.deref(v).(types.Name)
	return string(n)
}

func (o objects) num(v types.Object, def float64) float64 {
	switch n := o.deref(v).(type) {
	case types.Integer:
		return float64(n)
	case types.Float:
		return float64(n)
	}
	return def
}

func (o objects) nums(v types.Object) []float64 {
	a := o.array(v)
	out := make([]float64, len(a))
	for i, e := range a {
		out[i] = o.num(e, 0)
	}
	return out
}

// stream returns the decoded bytes of a stream object, nil if it is none or
// cannot be decoded within the limit.
func (o objects) stream(v types.Object) []byte {
	ref, isRef := v.(types.IndirectRef)
	if isRef && o.decoded != nil {
		if b, ok := o.decoded[ref.ObjectNumber.Value()]; ok {
			return b
		}
	}
	b := o.decodeStream(v)
	if isRef && o.decoded != nil && len(b) < 4<<20 {
		o.decoded[ref.ObjectNumber.Value()] = b
	}
	return b
}

func (o objects) decodeStream(v types.Object) []byte {
	var sd types.StreamDict
	switch s := o.deref(v).(type) {
	case types.StreamDict:
		sd = s
	default:
		return nil
	}
	if sd.Content == nil {
		if err := sd.DecodeWithLimit(o.maxBytes); err != nil {
			return nil
		}
	}
	return sd.Content
}

func (o objects) streamDict(v types.Object) (types.StreamDict, bool) {
	sd, ok := o.deref(v).(types.StreamDict)
	return sd, ok
}
