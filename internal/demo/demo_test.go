package demo

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/sqlite"
)

func TestSamplesMatchTestdata(t *testing.T) {
	ss := Samples()
	if len(ss) != 2 {
		t.Fatalf("%d samples embedded, want 2", len(ss))
	}
	for _, s := range ss {
		want, err := os.ReadFile(filepath.Join("..", "..", "testdata", s.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(s.Data, want) {
			t.Errorf("samples/%s differs from testdata/%s: copy it again", s.Name, s.Name)
		}
	}
}

// loaded is a new SQLite store holding the samples, as Load left it.
func loaded(t *testing.T) (*sqlite.Store, []*jixiao.Document) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	docs, err := Load(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	return st, docs
}

func TestLoad(t *testing.T) {
	_, docs := loaded(t)
	projects := 0
	for _, d := range docs {
		projects += len(d.Projects)
	}
	if len(docs) != 2 || projects != 64 {
		t.Errorf("loaded %d documents with %d projects, want 2 with 64 (12 + 52)", len(docs), projects)
	}
}
