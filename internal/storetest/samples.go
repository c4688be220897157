package storetest

import (
	"testing"

	"jixiao"
)

// testSamples stores the real sample tables once internal/ingest reads them.
func testSamples(t *testing.T, st jixiao.Store) {
	t.Skip("TODO: samples via internal/ingest")
}
