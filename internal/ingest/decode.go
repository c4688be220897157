package ingest

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// decode turns the bytes of a text file into a string with LF line ends:
// UTF-8 with or without a BOM, UTF-16 with a BOM, or else GB18030 (a superset
// of GBK and GB2312, the encodings Chinese Windows tools write). UTF-8 with a
// few damaged bytes stays UTF-8: the damage is replaced by U+FFFD and
// described in note, for a finding. Bytes that no text encoding produces
// (NUL, most control characters) mean the file is binary and is refused.
func decode(name string, data []byte) (text string, note *encodingNote, err error) {
	body := bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", nil, inputErr(name, 0, "UTF-16 编码有误，无法解码；请另存为 UTF-8 文本后再导入")
		}
		text = string(b)
	case utf8.Valid(body):
		text = string(body)
	default:
		if line := binaryLine(string(body)); line > 0 {
			return "", nil, binaryErr(name, line)
		}
		if n := damagedUTF8(body); n != nil {
			text, note = strings.ToValidUTF8(string(body), "\uFFFD"), n
			break
		}
		b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(body)
		if err != nil {
			return "", nil, inputErr(name, 0, "既不是 UTF-8 也不是 GB18030/GBK 编码的文本，无法解码；请另存为 UTF-8 文本后再导入")
		}
		text = string(b)
	}
	if line := binaryLine(text); line > 0 {
		return "", nil, binaryErr(name, line)
	}
	return normalizeNewlines(text), note, nil
}

// encodingNote describes bytes replaced while decoding.
type encodingNote struct {
	line, count int
}

// damagedUTF8 tells UTF-8 text with a few bad bytes (a damaged or truncated
// file) from GBK text: in UTF-8 text the valid multi-byte characters far
// outnumber the bad bytes, while GBK text seldom forms valid UTF-8 at all.
func damagedUTF8(b []byte) *encodingNote {
	good, bad, line, first := 0, 0, 1, 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			bad++
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
	if bad == 0 || good < 20*bad {
		return nil
	}
	return &encodingNote{line: first, count: bad}
}

func binaryErr(name string, line int) error {
	return inputErr(name, line, "文件含有二进制数据，不是文本表格；请导入 PDF 转出的文本、Markdown、xlsx 或 CSV 文件")
}

// binaryLine returns the 1-based line of the first byte no text file holds
// (NUL or a C0 control other than tab, LF, CR, FF), or 0 when there is none.
func binaryLine(s string) int {
	line := 1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
			line++
		case c < 0x20 && c != '\t' && c != '\r' && c != '\f', c == 0x7F:
			return line
		}
	}
	return 0
}

// normalizeNewlines turns CRLF and lone CR into LF, and form feeds (page
// breaks in text extracted from a PDF) into line breaks.
func normalizeNewlines(s string) string {
	if !strings.ContainsAny(s, "\r\f") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\f", "\n")
}
