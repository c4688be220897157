package importer_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/importer"
	"jixiao/internal/limit"
	"jixiao/internal/sqlite"
)

// TestImportsAreBounded: with the pool's workers and queue taken, an
// import is refused at once with a *jixiao.BusyError and stores nothing
// (nothing bounded concurrent imports, and four at once took 4.24 GB).
func TestImportsAreBounded(t *testing.T) {
	st, err := sqlite.Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	data, err := os.ReadFile("../../testdata/huadu-employment-center-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	pool := limit.New("导入", 1, 0, 5*time.Second)
	release, held, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		pool.Do(t.Context(), func() error { close(held); <-release; return nil })
		close(done)
	}()
	<-held
	_, err = importer.Import(t.Context(), st, "huadu.txt", data, importer.Options{Pool: pool})
	var busy *jixiao.BusyError
	if !errors.As(err, &busy) || busy.RetrySeconds() != 5 {
		t.Fatalf("import with the pool full: %v", err)
	}
	if docs, _ := st.Documents(t.Context()); len(docs) != 0 {
		t.Errorf("%d documents stored", len(docs))
	}
	close(release)
	<-done
	if _, err := importer.Import(t.Context(), st, "huadu.txt", data, importer.Options{Pool: pool}); err != nil {
		t.Errorf("import once the pool is free: %v", err)
	}
}
