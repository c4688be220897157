package sheet

import (
	"bytes"
	"encoding/xml"
	"path"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetMerges returns the merged ranges of a worksheet. excelize's
// GetMergeCells parses the whole worksheet into its object model, which
// for a 10,000-project sheet costs more than reading every row; the merged
// ranges are a short list at the end of the sheet's XML, so they are read
// from there. ok is false when the sheet's part cannot be found, and the
// caller falls back to GetMergeCells.
func sheetMerges(f *excelize.File, sheet string) (refs [][2]string, ok bool) {
	part, ok := sheetPart(f, sheet)
	if !ok {
		return nil, false
	}
	data, ok := pkgBytes(f, part)
	if !ok {
		return nil, false
	}
	i := bytes.LastIndex(data, []byte("</sheetData>"))
	if i < 0 {
		return nil, false
	}
	for _, m := range mergeRef.FindAllSubmatch(data[i:], -1) {
		from, to, found := strings.Cut(string(m[1]), ":")
		if !found {
			to = from
		}
		refs = append(refs, [2]string{from, to})
	}
	return refs, true
}

var mergeRef = regexp.MustCompile(`<mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"`)

func pkgBytes(f *excelize.File, name string) ([]byte, bool) {
	v, ok := f.Pkg.Load(name)
	if !ok {
		return nil, false
	}
	b, ok := v.([]byte)
	return b, ok
}

// sheetPart finds the zip part of a sheet through the workbook and its
// relationships.
func sheetPart(f *excelize.File, sheet string) (string, bool) {
	wb, ok1 := pkgBytes(f, "xl/workbook.xml")
	rels, ok2 := pkgBytes(f, "xl/_rels/workbook.xml.rels")
	if !ok1 || !ok2 {
		return "", false
	}
	var w struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var r struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(wb, &w) != nil || xml.Unmarshal(rels, &r) != nil {
		return "", false
	}
	for _, s := range w.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, rel := range r.Rels {
			if rel.ID == s.RID {
				if strings.HasPrefix(rel.Target, "/") {
					return strings.TrimPrefix(rel.Target, "/"), true
				}
				return path.Join("xl", rel.Target), true
			}
		}
	}
	return "", false
}
