package jixiao_test

import (
	"os"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao"
	"jixiao/internal/ingest"
	"jixiao/internal/sampletest"
)

// TestContentHashSeesContentNotBytes reads the Huadu sample as published
// and re-encoded in GB18030: two SHA256s, one ContentHash; one amount
// changed by 0.01 changes it.
func TestContentHashSeesContentNotBytes(t *testing.T) {
	name := sampletest.Huadu
	utf8, err := os.ReadFile(sampletest.Path(name))
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(utf8)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ingest.Parse(name, utf8)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ingest.Parse(name, gbk)
	if err != nil {
		t.Fatal(err)
	}
	if a.SHA256 == b.SHA256 {
		t.Fatal("the two encodings have the same bytes")
	}
	if a.ContentHash() != b.ContentHash() {
		t.Errorf("one table in two encodings: content hashes %s and %s", a.ContentHash(), b.ContentHash())
	}
	before := a.ContentHash()
	a.Projects[3].Amounts.Fiscal++
	if a.ContentHash() == before {
		t.Error("an amount changed by one 分 keeps the content hash")
	}
	a.Projects[3].Amounts.Fiscal--
	if a.ContentHash() != before {
		t.Fatal("the amount put back changes the content hash")
	}
	a.Projects[3].Amounts.Blank = jixiao.ColOther // a blank 其他资金 is not the printed 0.00
	if a.ContentHash() == before {
		t.Error("a blank cell hashes as 0.00")
	}
	a.Projects[3].Amounts.Blank = 0
	a.Projects[5].Indicators[0].Annual.Text += "0"
	if a.ContentHash() == before {
		t.Error("a changed target keeps the content hash")
	}
}
