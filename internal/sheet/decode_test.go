package sheet

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"jixiao"
)

func TestDecode(t *testing.T) {
	gb := func(s string) string {
		b, _ := simplifiedchinese.GB18030.NewEncoder().String(s)
		return b
	}
	utf16 := func(s string) string {
		b, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
		return b
	}
	long := strings.Repeat("绩效目标", 10) + "\n"
	for _, tc := range []struct {
		what, data, text string
		damage           *Damage
		errLine          int
		errSays          string
	}{
		{what: "UTF-8", data: "项目,总计\r\n", text: "项目,总计\r\n"},
		{what: "UTF-8 with a BOM", data: "\xEF\xBB\xBF项目", text: "项目"},
		{what: "UTF-16", data: utf16("项目\n指标"), text: "项目\n指标"},
		{what: "GB18030", data: gb("项目,𠀀\n"), text: "项目,𠀀\n"},
		{what: "damaged UTF-8", data: long + "a\xFFb", text: long + "a\uFFFDb", damage: &Damage{"UTF-8", 2, 1}},
		{what: "damaged GB18030", data: gb(long+long) + "\xFF", text: long + long + "\uFFFD", damage: &Damage{"GB18030", 3, 1}},
		{what: "neither", data: "a\n\xFF\xFE\xFF\xFE", errLine: 2, errSays: "既不是 UTF-8 也不是 GB18030"},
		{what: "NUL", data: "a\nb\n\x00", errLine: 3, errSays: "二进制"},
		{what: "control byte in GB18030", data: gb("项目\n") + "\x01", errLine: 2, errSays: "二进制"},
		{what: "binary in UTF-16", data: utf16("a\n\x01"), errLine: 2, errSays: "二进制"},
	} {
		text, damage, err := Decode("f.csv", []byte(tc.data))
		if tc.errSays != "" {
			var ie *jixiao.InputError
			if !errors.As(err, &ie) || ie.File != "f.csv" || ie.Line != tc.errLine || !strings.Contains(ie.Msg, tc.errSays) {
				t.Errorf("%s: error %v, want line %d saying %q", tc.what, err, tc.errLine, tc.errSays)
			}
			continue
		}
		if err != nil || text != tc.text || (damage == nil) != (tc.damage == nil) || damage != nil && *damage != *tc.damage {
			t.Errorf("%s: got %q %+v %v, want %q %+v", tc.what, text, damage, err, tc.text, tc.damage)
		}
		if Binary([]byte(tc.data)) {
			t.Errorf("%s: taken for binary", tc.what)
		}
	}
}

// A CSV target table with a damaged byte is read, and the damage is a
// parse.encoding finding on its line, as for a text table.
func TestDamagedCSVIsReported(t *testing.T) {
	csv := "项目名称,一级指标,二级指标,指标名称,实施周期指标值,年度指标值,总计\n" +
		"培训费,1-产出指标,11-数量指标,培训人次,≥500人次,≥500人次,10\n" +
		"物业费,2-效益指标,22-社会效益,稳定\xFF,有效,有效,10\n"
	doc, err := ReadCSV("damaged.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Rule != "parse.encoding" || doc.Findings[0].Line != 3 ||
		!strings.Contains(doc.Findings[0].Message, "1 处字节不是有效的 UTF-8") {
		t.Fatalf("findings %+v", doc.Findings)
	}
	if got := doc.Projects[1].Indicators[0].Name; got != "稳定\uFFFD" {
		t.Errorf("name %q", got)
	}
}
