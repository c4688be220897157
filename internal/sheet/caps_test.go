package sheet

import (
	"errors"
	"strings"
	"testing"

	"jixiao"
)

// TestCSVCellCap: a 10 MB CSV of empty cells took 1.19 GB; the cells of a
// CSV are now capped like a worksheet's, with a clear message (422).
func TestCSVCellCap(t *testing.T) {
	data := []byte(strings.Repeat(strings.Repeat("x,", 19)+"x\n", maxGridCells/20+1))
	_, err := ReadCSV("bomb.csv", data)
	var in *jixiao.InputError
	if !errors.As(err, &in) || !strings.Contains(in.Msg, "200 万") {
		t.Fatalf("CSV of %d cells: %v", maxGridCells+20, err)
	}
}

// TestUnzipBoundFollowsSize: a small workbook may not expand to 512 MB.
func TestUnzipBoundFollowsSize(t *testing.T) {
	if got := maxUnzipped(616 << 10); got > 80<<20 {
		t.Errorf("a 616 KB workbook may expand to %d MB", got>>20)
	}
	if got := maxUnzipped(64 << 20); got != 512<<20 {
		t.Errorf("the ceiling is %d MB", got>>20)
	}
}
