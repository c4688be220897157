// Package demo holds the two published sample tables that "jixiao demo"
// serves, embedded so that the binary needs no files. The copies in samples/
// are byte-identical to testdata/ at the module root (a test checks).
package demo

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"jixiao"
	"jixiao/internal/importer"
)

//go:embed samples
var samples embed.FS

// Sample is one embedded table: its file name and its bytes.
type Sample struct {
	Name string
	Data []byte
}

// Samples returns the embedded tables in file-name order.
func Samples() []Sample {
	entries, err := fs.ReadDir(samples, "samples")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	var out []Sample
	for _, e := range entries {
		data, err := samples.ReadFile("samples/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, Sample{Name: e.Name(), Data: data})
	}
	return out
}

// Load imports every sample into st as the import command would, and returns
// the stored documents.
func Load(ctx context.Context, st jixiao.Store) ([]*jixiao.Document, error) {
	var docs []*jixiao.Document
	for _, s := range Samples() {
		doc, err := importer.Import(ctx, st, s.Name, s.Data, importer.Options{})
		if err != nil {
			return nil, fmt.Errorf("import sample %s: %w", s.Name, err)
		}
		docs = append(docs, doc)
	}
	return docs, nil
}
