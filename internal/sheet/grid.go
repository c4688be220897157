package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/csvcell"
)

// MaxBytes bounds the size of a spreadsheet we read: far above any real
// target table (a 10,000-project workbook is a few MB), low enough that a
// stray dump cannot exhaust memory.
const MaxBytes = 64 << 20

// maxUnzipped bounds what a workbook may expand to (a zip bomb): 64 MB
// plus 16 times its size (real workbooks expand 5 to 12 times), at most
// 512 MB.
func maxUnzipped(size int) int64 { return min(64<<20+16*int64(size), 512<<20) }

// grid is a sheet as rows of text cells, whatever the file format.
type grid struct {
	name  string // file name, for messages
	sheet string // sheet name, "" for CSV
	rows  [][]string
	lines []int // source line (CSV) or row number (xlsx) of each row
	// cont marks rows whose first cell continues a cell merged down from an
	// earlier row: the same project, more of its indicators.
	cont []bool
	// merged marks cells that hold a copy of a merged cell's value.
	merged map[[2]int]bool
	// props carries the workbook's document properties (xlsx only).
	props *excelize.DocProperties
	// damage describes bytes of a CSV file that Decode replaced.
	damage *Damage
}

func (g *grid) cell(r, c int) string {
	if c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	return g.rows[r][c]
}

func (g *grid) blank(r int) bool {
	for _, c := range g.rows[r] {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func inputErr(name string, line int, format string, args ...any) *jixiao.InputError {
	return &jixiao.InputError{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func checkSize(name string, data []byte) error {
	if len(data) > MaxBytes {
		return inputErr(name, 0, "文件过大（%.1f MB），超过 %d MB 的上限；请只导出绩效目标表所在的工作表后再导入", float64(len(data))/(1<<20), MaxBytes>>20)
	}
	return nil
}

// cfbMagic starts an OLE compound file (CFB): a legacy .xls or .doc, or an
// .xlsx that is encrypted with a password (Office wraps those in the same
// container). The first four bytes suffice to tell it, even truncated.
var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0}

// IsCompoundFile reports whether data is an OLE compound file, which
// ReadXLSX tells apart: a password-protected workbook, a legacy .xls or a
// Word .doc.
func IsCompoundFile(data []byte) bool { return bytes.HasPrefix(data, cfbMagic) }

// Stream names, in UTF-16LE as a compound file's directory holds them:
// an encrypted OOXML package carries EncryptionInfo, a Word 97 document
// WordDocument.
var (
	encryptionInfo = utf16Name("EncryptionInfo")
	wordDocument   = utf16Name("WordDocument")
)

func utf16Name(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// compoundFileErr says what a compound file is and what to do with it.
func compoundFileErr(name string, data []byte) error {
	switch {
	case bytes.Contains(data, encryptionInfo):
		return inputErr(name, 0, "工作簿设有打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入")
	case bytes.Contains(data, wordDocument):
		return inputErr(name, 0, "这是旧版 Word（.doc）文件，不是表格；请把其中的绩效目标表复制到 Excel/WPS 表格，另存为 .xlsx 后再导入")
	}
	return inputErr(name, 0, "这是旧版 Excel（.xls）文件，无法直接读取；请在 Excel/WPS 中另存为 .xlsx 后再导入")
}

// xlsxGrids opens a workbook and returns every worksheet as a grid.
func xlsxGrids(name string, data []byte) ([]*grid, error) {
	if err := checkSize(name, data); err != nil {
		return nil, err
	}
	if IsCompoundFile(data) {
		return nil, compoundFileErr(name, data)
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, inputErr(name, 0, "不是 .xlsx 工作簿（文件头不是 ZIP 格式）；请导入 Excel 保存的 .xlsx 或 CSV 文件")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped(len(data)), UnzipXMLSizeLimit: maxUnzipped(len(data))})
	if err != nil && strings.Contains(err.Error(), "unzip size exceeds") { // excelize has no sentinel for it
		return nil, inputErr(name, 0, "工作簿解压后超过 %d MB 的上限（%.1f MB 的文件最多解压到这么多），不像是绩效目标表；"+
			"请只保留目标表所在的工作表，或把表格拆分成几个文件后分别导入", maxUnzipped(len(data))>>20, float64(len(data))/(1<<20))
	}
	if err != nil {
		return nil, inputErr(name, 0, "无法打开工作簿（%s）；文件可能已损坏，请用 Excel/WPS 打开后重新另存为 .xlsx", briefErr(err))
	}
	defer f.Close()
	props, _ := f.GetDocProps()
	var grids []*grid
	for _, sh := range f.GetSheetList() {
		g, err := sheetGrid(f, name, sh)
		if errors.Is(err, errTooLarge) {
			return nil, inputErr(name, 0, "工作表“%s”%s", sh, err.Error())
		}
		if err != nil {
			return nil, inputErr(name, 0, "无法读取工作表“%s”（%s）", sh, briefErr(err))
		}
		g.props = props
		grids = append(grids, g)
	}
	return grids, nil
}

func briefErr(err error) string {
	s := err.Error()
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:80]) + "…"
	}
	return s
}

// sheetGrid reads one worksheet with raw cell values (numbers as stored,
// not as formatted) and spreads every merged cell's value over its range.
func sheetGrid(f *excelize.File, name, sheet string) (*grid, error) {
	rows, ok, err := fastRows(f, sheet)
	if err != nil {
		return nil, err
	}
	if !ok {
		if rows, err = streamRows(f, sheet); err != nil {
			return nil, err
		}
	}
	g := &grid{name: name, sheet: sheet, rows: rows, lines: make([]int, len(rows)), cont: make([]bool, len(rows))}
	for i := range rows {
		g.lines[i] = i + 1
	}
	refs, ok := sheetMerges(f, sheet)
	if !ok {
		merges, err := f.GetMergeCells(sheet)
		if err != nil {
			return nil, err
		}
		for _, m := range merges {
			refs = append(refs, [2]string{m.GetStartAxis(), m.GetEndAxis()})
		}
	}
	for _, m := range refs {
		g.spread(m[0], m[1])
	}
	return g, nil
}

// streamRows reads a worksheet that fastRows leaves to excelize through
// its streaming reader (Rows), one row at a time, with the same cap on
// cells as fastRows: GetRows would build the whole of a hostile sheet
// before anything could be counted.
func streamRows(f *excelize.File, sheet string) ([][]string, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var rows [][]string
	budget := MaxCells
	for it.Next() {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		if budget -= 1 + len(cells); budget < 0 {
			return nil, errTooLarge
		}
		rows = append(rows, cells)
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	return trimRows(rows), nil
}

func (g *grid) spread(from, to string) {
	c0, r0, err1 := excelize.CellNameToCoordinates(from)
	_, r1, err2 := excelize.CellNameToCoordinates(to)
	if err1 != nil || err2 != nil || r0 > len(g.rows) {
		return
	}
	val := g.cell(r0-1, c0-1)
	for r := r0; r <= r1 && r <= len(g.rows); r++ {
		if c0 == 1 && r > r0 {
			g.cont[r-1] = true
		}
		if r > r0 {
			// A cell merged down repeats its value on every row, so that a
			// continuation row can be matched to its project; cells merged
			// across keep it in the first column only (title, agency line).
			for len(g.rows[r-1]) < c0 {
				g.rows[r-1] = append(g.rows[r-1], "")
			}
			g.rows[r-1][c0-1] = val
			if g.merged == nil {
				g.merged = map[[2]int]bool{}
			}
			g.merged[[2]int{r - 1, c0 - 1}] = true
		}
	}
}

// csvGrid decodes a CSV file as Decode does and splits it on commas, or
// on tabs or semicolons when that is what the file uses.
func csvGrid(name string, data []byte) (*grid, error) {
	if err := checkSize(name, data); err != nil {
		return nil, err
	}
	src, head, damage, err := decodeReader(name, data)
	if err != nil {
		return nil, err
	}
	sep := guessSeparator(head)
	r := csv.NewReader(src)
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true
	g := &grid{name: name, damage: damage}
	budget := MaxCells
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, inputErr(name, line, "CSV 格式有误（%s）", briefErr(err))
		}
		line, _ := r.FieldPos(0)
		if budget -= len(rec); budget < 0 {
			return nil, inputErr(name, line, "CSV 文件%s", errTooLarge.Error())
		}
		g.rows = append(g.rows, csvcell.UnescapeRecord(rec)) // the quote our CSV writers add
		g.lines = append(g.lines, line)
		g.cont = append(g.cont, false)
	}
	return g, nil
}

// decodeReader is Decode as a reader of the text, with the text's first
// bytes (for guessSeparator): valid UTF-8, the common case, is read where
// it lies instead of copied into a string, so that a CSV costs its
// records one at a time beside the file, not a second copy of the file.
func decodeReader(name string, data []byte) (src io.Reader, head string, damage *Damage, err error) {
	if body := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")); !utf16BOM(data) && binaryLine(body) == 0 && utf8.Valid(body) {
		return bytes.NewReader(body), string(body[:min(len(body), 4096)]), nil, nil
	}
	text, damage, err := Decode(name, data)
	if err != nil {
		return nil, "", nil, err
	}
	return strings.NewReader(text), text, damage, nil
}

// guessSeparator picks the field separator the first lines use most.
func guessSeparator(text string) rune {
	head := text
	if len(head) > 4096 {
		head = head[:4096]
	}
	best, n := ',', strings.Count(head, ",")
	for _, sep := range []rune{'\t', ';'} {
		if c := strings.Count(head, string(sep)); c > n {
			best, n = sep, c
		}
	}
	return best
}
