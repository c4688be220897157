package ingest

import (
	"strings"

	"jixiao/internal/sheet"
)

// decode turns the bytes of a text file into a string with LF line ends.
// The decoding is sheet.Decode's, the one every door that reads text uses
// (UTF-16 with a BOM, UTF-8 with or without one, else GB18030; binary
// refused); damage, when not nil, becomes a parse.encoding finding.
func decode(name string, data []byte) (text string, damage *sheet.Damage, err error) {
	text, damage, err = sheet.Decode(name, data)
	return normalizeNewlines(text), damage, err
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
