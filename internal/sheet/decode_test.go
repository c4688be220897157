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
