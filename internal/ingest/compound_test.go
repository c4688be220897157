package ingest

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/gen"
)

// OLE compound files (magic D0 CF 11 E0) are three different things to a
// user: a password-protected .xlsx, a legacy .xls, a Word .doc. Each gets
// its own message, and none is called another.
func TestCompoundFiles(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(generatedXLSX(t)))
	if err != nil {
		t.Fatal(err)
	}
	var locked bytes.Buffer
	if err := f.Write(&locked, excelize.Options{Password: "jixiao"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(locked.Bytes(), []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		t.Fatalf("excelize did not write a compound file: % x", locked.Bytes()[:8])
	}
	tests := []struct {
		name      string
		data      []byte
		says, not string
	}{
		{"加密.xlsx", locked.Bytes(), "密码", ".xls）"},
		{"old.xls", compoundFile("Workbook"), "旧版 Excel（.xls）", "密码"},
		{"notes.doc", compoundFile("WordDocument"), "Word（.doc）", "Excel（.xls）"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse(tc.name, tc.data)
			var ie *jixiao.InputError
			if !errors.As(err, &ie) || doc != nil {
				t.Fatalf("got doc %v, err %v; want an InputError", doc != nil, err)
			}
			if ie.File != tc.name || !strings.Contains(ie.Msg, tc.says) || strings.Contains(ie.Msg, tc.not) {
				t.Errorf("got %q, want a message saying %q and not %q", ie.Msg, tc.says, tc.not)
			}
			if !errors.Is(err, jixiao.ErrInvalid) {
				t.Error("not ErrInvalid")
			}
		})
	}
}

func generatedXLSX(t *testing.T) []byte {
	var b bytes.Buffer
	if err := export.WriteXLSX(&b, gen.Generate(3, 1)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// compoundFile is the start of a compound file whose directory names one
// stream (names are UTF-16LE there).
func compoundFile(stream string) []byte {
	data := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	for i := 0; i < len(stream); i++ {
		data = append(data, stream[i], 0)
	}
	return append(data, make([]byte, 64)...)
}
