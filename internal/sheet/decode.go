package sheet

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Damage describes the bytes Decode replaced by U+FFFD in a file that is
// otherwise good text in Encoding: Count of them, the first on Line.
type Damage struct {
	Encoding    string // "UTF-8" or "GB18030"
	Line, Count int
}

// Msg says what was damaged, for an error that refuses the file.
func (d *Damage) Msg() string {
	return fmt.Sprintf("文件中有 %d 处字节不是有效的 %s（文件可能已损坏）", d.Count, d.Encoding)
}

// Replaced says what was damaged and replaced, for a finding on a file
// that is read all the same (the parse.encoding finding).
func (d *Damage) Replaced() string {
	return d.Msg() + "，已替换为“\uFFFD”；请核对原文件"
}

// Decode turns the bytes of a text file (a text table, a CSV file) into a
// string. Every door that reads text decodes it here, so that the same
// bytes give the same text or the same error wherever they are uploaded:
//
//   - UTF-16 with a BOM is decoded as UTF-16;
//   - a UTF-8 BOM is dropped, and valid UTF-8 is taken as it is;
//   - a byte no text file holds (NUL, a C0 control other than tab, LF,
//     CR and FF, or DEL) means the file is binary, and it is refused with
//     its line;
//   - UTF-8 with a few bad bytes (a damaged or cut file) stays UTF-8;
//   - anything else is GB18030, a superset of the GBK and GB2312 that
//     Chinese Windows tools (Excel, WPS, Notepad) write.
//
// Bad bytes in UTF-8 or GB18030 text, when they are few beside the good
// characters, are replaced by U+FFFD and described in damage; the caller
// decides whether that is a finding or an error. Text that is mostly bad
// is neither encoding and is refused. Line ends are left as they are.
func Decode(name string, data []byte) (text string, damage *Damage, err error) {
	if utf16BOM(data) {
		b, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", nil, inputErr(name, 0, "UTF-16 编码有误，无法解码；请另存为 UTF-8 文本后再导入")
		}
		if line := binaryLine(b); line > 0 {
			return "", nil, binaryErr(name, line)
		}
		return string(b), nil, nil
	}
	body := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if line := binaryLine(body); line > 0 {
		return "", nil, binaryErr(name, line)
	}
	if utf8.Valid(body) {
		return string(body), nil, nil
	}
	if d := damaged("UTF-8", string(body)); d != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD"), d, nil
	}
	b, _ := simplifiedchinese.GB18030.NewDecoder().Bytes(body) // never fails: bad bytes become U+FFFD
	text = string(b)
	if !strings.ContainsRune(text, utf8.RuneError) {
		return text, nil, nil
	}
	if d := damaged("GB18030", text); d != nil {
		return text, d, nil
	}
	line := 1 + strings.Count(text[:strings.IndexRune(text, '\uFFFD')], "\n")
	return "", nil, inputErr(name, line, "既不是 UTF-8 也不是 GB18030/GBK 编码的文本，无法解码；请另存为 UTF-8 文本或 CSV 后再导入")
}

// Binary reports whether data, the whole of a file or its first bytes,
// holds a byte that Decode takes for binary. UTF-16 text (with a BOM) is
// not binary, though it holds NULs.
func Binary(data []byte) bool {
	return !utf16BOM(data) && binaryLine(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))) > 0
}

func utf16BOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF})
}

// damaged tells text with a few bad bytes (a damaged or truncated file)
// from text in another encoding: in real text the valid multi-byte
// characters far outnumber the bad bytes, while GBK bytes seldom form valid
// UTF-8 at all. s is the raw bytes for UTF-8 (a bad byte reads as
// utf8.RuneError of size 1), the decoded text for GB18030 (where the
// decoder wrote U+FFFD for each bad sequence).
func damaged(enc, s string) *Damage {
	good, n, line, first := 0, 0, 1, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && (size == 1 || enc == "GB18030"):
			n++
			if first == 0 {
				first = line
			}
		case size > 1:
			good++
		case r == '\n':
			line++
		}
		i += size
	}
	if n == 0 || good < 20*n {
		return nil
	}
	return &Damage{Encoding: enc, Line: first, Count: n}
}

func binaryErr(name string, line int) error {
	return inputErr(name, line, "文件含有二进制数据，不是文本或 CSV 表格；请确认选对了文件，表格请另存为 .xlsx 或 CSV 后再导入")
}

// binaryLine returns the 1-based line of the first byte no text file holds
// (NUL or a C0 control other than tab, LF, CR, FF; or DEL), or 0 when there
// is none. UTF-8 and GB18030 never use these bytes inside a character, so
// the raw bytes tell as well as the decoded text.
func binaryLine(b []byte) int {
	line := 1
	for _, c := range b {
		switch {
		case c == '\n':
			line++
		case c < 0x20 && c != '\t' && c != '\r' && c != '\f', c == 0x7F:
			return line
		}
	}
	return 0
}
