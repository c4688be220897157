package sheet

import (
	"bytes"
	"errors"
	"html"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// fastRows reads a worksheet's cells straight from its XML: excelize's
// GetRows tokenises with encoding/xml and spends most of a large import
// there. It understands what Excel, WPS and excelize write — rows and cells
// with or without references, shared, inline, formula-string, number,
// boolean and error cells, formulas (skipped: the cached value counts) —
// and reports ok false on anything else (namespace prefixes, _xHHHH_
// escapes, a missing shared-string table), so that the caller falls back
// to GetRows. Values are raw, as GetRows with RawCellValue gives them. A
// sheet whose cells (counting the empty ones before a filled cell) exceed
// MaxCells gives errTooLarge rather than exhaust memory.
func fastRows(f *excelize.File, sheet string) (rows [][]string, ok bool, err error) {
	part, found := sheetPart(f, sheet)
	if !found {
		return nil, false, nil
	}
	data, found := pkgBytes(f, part)
	if !found {
		return nil, false, nil
	}
	var sst []string
	if bytes.Contains(data, []byte(`t="s"`)) {
		ssData, found := pkgBytes(f, "xl/sharedStrings.xml")
		if !found {
			return nil, false, nil
		}
		if sst, ok = sharedStrings(ssData); !ok {
			return nil, false, nil
		}
	}
	budget := MaxCells
	rows, err = sheetRows(data, sst, &budget)
	switch {
	case err == errTooLarge:
		return nil, false, err
	case err != nil:
		return nil, false, nil
	}
	return rows, true, nil
}

// Limits of a worksheet, as Excel has them, and of what we hold in memory.
const (
	maxRows = 1 << 20
	maxCols = 1 << 14
	// MaxCells bounds the cells (empty ones before a filled cell
	// included) of one sheet or CSV file: a 10,000-project table in the
	// flat layout has about 810,000; each cell costs at least 16 bytes
	// held, so 2 million keep a hostile file's grid under 64 MB. A file
	// over it is refused (the API answers 422) with a message naming it.
	MaxCells = 2_000_000
)

var (
	errFallback = errors.New("leave this sheet to GetRows")
	errTooLarge = errors.New("单元格过多（超过 200 万个，每个工作表或 CSV 文件的上限），不像是一张绩效目标表；" +
		"请只保留目标表所在的区域，或把表格按单位拆分成几个文件后分别导入")
)

// tagEnd returns the index just past the '>' that closes the tag starting
// at b[i], and whether the tag closes itself ("/>").
func tagEnd(b []byte, i int) (end int, selfClosing bool, ok bool) {
	j := bytes.IndexByte(b[i:], '>')
	if j < 0 {
		return 0, false, false
	}
	end = i + j + 1
	return end, b[end-2] == '/', true
}

// attr returns the value of attribute name in the tag b (without quotes).
func attr(tag []byte, name string) (string, bool) {
	key := []byte(" " + name + `="`)
	i := bytes.Index(tag, key)
	if i < 0 {
		return "", false
	}
	rest := tag[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return "", false
	}
	return string(rest[:j]), true
}

// isTag reports whether b at i starts the element name (followed by space,
// '>' or '/'), so that "<c" does not match "<col".
func isTag(b []byte, i int, name string) bool {
	if !bytes.HasPrefix(b[i:], []byte(name)) || i+len(name) >= len(b) {
		return false
	}
	switch b[i+len(name)] {
	case ' ', '>', '/', '\t', '\n', '\r':
		return true
	}
	return false
}

// xmlText decodes element text as an XML parser does: line ends folded to
// LF, then entities replaced. ok is false for the _xHHHH_ escapes of OOXML,
// which only the fallback handles.
func xmlText(b []byte) (string, bool) {
	if bytes.Contains(b, []byte("_x")) || bytes.Contains(b, []byte("<![CDATA[")) {
		return "", false
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	if bytes.IndexByte(b, '&') < 0 {
		return string(b), true
	}
	return html.UnescapeString(string(b)), true
}

// texts concatenates the text of every <t> in b outside <rPh> (phonetic
// runs), as a rich-text shared or inline string is read.
func texts(b []byte) (string, bool) {
	var out []byte
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		i += j
		switch {
		case isTag(b, i+1, "rPh"):
			k := bytes.Index(b[i:], []byte("</rPh>"))
			if k < 0 {
				return "", false
			}
			i += k + len("</rPh>")
		case isTag(b, i+1, "t"):
			end, self, ok := tagEnd(b, i)
			if !ok {
				return "", false
			}
			i = end
			if self {
				continue
			}
			k := bytes.Index(b[i:], []byte("</t>"))
			if k < 0 {
				return "", false
			}
			out = append(out, b[i:i+k]...)
			i += k + len("</t>")
		case bytes.HasPrefix(b[i:], []byte("<")) && bytes.IndexByte(b[i:min(i+16, len(b))], ':') > 0:
			return "", false // a namespace prefix
		default:
			i++
		}
	}
	return xmlText(out)
}

// sharedStrings reads xl/sharedStrings.xml into its list of strings.
func sharedStrings(b []byte) ([]string, bool) {
	var sst []string
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("<si"))
		if j < 0 {
			return sst, true
		}
		i += j
		end, self, ok := tagEnd(b, i)
		if !ok {
			return nil, false
		}
		if self {
			sst = append(sst, "")
			i = end
			continue
		}
		k := bytes.Index(b[end:], []byte("</si>"))
		if k < 0 {
			return nil, false
		}
		s, ok := texts(b[end : end+k])
		if !ok {
			return nil, false
		}
		sst = append(sst, s)
		i = end + k + len("</si>")
	}
}

// sheetRows reads <sheetData> into rows, padding skipped rows and cells.
func sheetRows(b []byte, sst []string, budget *int) ([][]string, error) {
	if bytes.Contains(b, []byte("<x:")) || bytes.Contains(b, []byte("<main:")) {
		return nil, errFallback
	}
	start := bytes.Index(b, []byte("<sheetData"))
	if start < 0 {
		return nil, errFallback
	}
	stop := bytes.LastIndex(b, []byte("</sheetData>"))
	if stop < 0 {
		return nil, nil // <sheetData/>: an empty sheet
	}
	var rows [][]string
	for i := start; ; {
		j := bytes.Index(b[i:stop], []byte("<row"))
		if j < 0 {
			return trimRows(rows), nil
		}
		i += j
		end, self, ok := tagEnd(b, i)
		if !ok {
			return nil, errFallback
		}
		n := len(rows) + 1
		if r, has := attr(b[i:end], "r"); has {
			if n, ok = atoi(r); !ok || n < len(rows)+1 || n > maxRows {
				return nil, errFallback
			}
		}
		if *budget -= n - len(rows); *budget < 0 {
			return nil, errTooLarge
		}
		for len(rows) < n-1 {
			rows = append(rows, nil)
		}
		if self {
			rows = append(rows, nil)
			i = end
			continue
		}
		k := bytes.Index(b[end:stop], []byte("</row>"))
		if k < 0 {
			return nil, errFallback
		}
		cells, err := rowCells(b[end:end+k], sst, budget)
		if err != nil {
			return nil, err
		}
		rows = append(rows, cells)
		i = end + k + len("</row>")
	}
}

func atoi(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// rowCells reads the cells of one row.
func rowCells(b []byte, sst []string, budget *int) ([]string, error) {
	var cells []string
	next := 1 // the column of a cell written without a reference
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("<c"))
		if j < 0 {
			return cells, nil
		}
		i += j
		if !isTag(b, i+1, "c") {
			i += 2
			continue
		}
		end, self, ok := tagEnd(b, i)
		if !ok {
			return nil, errFallback
		}
		tag := b[i:end]
		col := next
		if ref, has := attr(tag, "r"); has {
			c, _, err := excelize.CellNameToCoordinates(ref)
			if err != nil || c < next || c > maxCols {
				return nil, errFallback
			}
			col = c
		}
		next = col + 1
		if self {
			i = end // an empty cell: nothing to pad for
			continue
		}
		k := bytes.Index(b[end:], []byte("</c>"))
		if k < 0 {
			return nil, errFallback
		}
		typ, _ := attr(tag, "t")
		v, ok := cellValue(b[end:end+k], typ, sst)
		if !ok {
			return nil, errFallback
		}
		i = end + k + len("</c>")
		if v == "" {
			continue
		}
		if *budget -= col - len(cells); *budget < 0 {
			return nil, errTooLarge
		}
		for len(cells) < col-1 {
			cells = append(cells, "")
		}
		cells = append(cells, v)
	}
}

// cellValue reads a cell's content by its type attribute.
func cellValue(b []byte, typ string, sst []string) (string, bool) {
	if typ == "inlineStr" {
		k := bytes.Index(b, []byte("<is"))
		if k < 0 {
			return "", true
		}
		return texts(b[k:])
	}
	v, ok := elementText(b, "v")
	if !ok {
		return "", false
	}
	switch typ {
	case "s":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n >= len(sst) {
			return "", v == "" // an empty <v/> is an empty cell
		}
		return sst[n], true
	case "", "n", "str", "e", "b", "d":
		return v, true
	}
	return "", false
}

// elementText returns the decoded text of the first <name> in b, "" when
// there is none or it is empty.
func elementText(b []byte, name string) (string, bool) {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("<"+name))
		if j < 0 {
			return "", true
		}
		i += j
		if !isTag(b, i+1, name) {
			i++
			continue
		}
		end, self, ok := tagEnd(b, i)
		if !ok {
			return "", false
		}
		if self {
			return "", true
		}
		k := bytes.Index(b[end:], []byte("</"+name+">"))
		if k < 0 {
			return "", false
		}
		return xmlText(b[end : end+k])
	}
}

// trimRows drops trailing empty rows, as GetRows does.
func trimRows(r [][]string) [][]string {
	for len(r) > 0 && len(r[len(r)-1]) == 0 {
		r = r[:len(r)-1]
	}
	return r
}
