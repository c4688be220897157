package eval

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao"
	"jixiao/internal/ingest"
)

// TestOneDecodingForEveryDoor: a GB18030 file gives the same text, or the
// same error with the same line, whether it comes in as a target table
// (ingest.Parse, behind 导入 and `jixiao import`) or as an evaluation file
// (ReadPath, behind `jixiao eval record`): both decode through sheet.Decode.
func TestOneDecodingForEveryDoor(t *testing.T) {
	gb := func(s string) []byte {
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// Characters beyond GBK (CJK extensions A and B) take four bytes in
	// GB18030.
	const name = "培训人次㐀𠀀"
	targets := gb("项目名称,一级指标,二级指标,指标名称,实施周期指标值,年度指标值,总计\n" +
		"培训费,1-产出指标,11-数量指标," + name + ",≥500人次,≥500人次,10\n")
	doc, err := ingest.Parse("targets.csv", targets)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Projects[0].Indicators[0].Name; got != name {
		t.Fatalf("target door read %q, want %q", got, name)
	}
	dir := t.TempDir()
	write := func(file string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, file), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(ExecutionFile, gb("项目序号,项目名称,全年预算数,全年执行数\n1,培训费,10,8\n"))
	write(ActualsFile, gb("项目序号,指标序号,指标名称,年度指标值,实际完成值,完成等级,得分,偏差原因,说明及改进措施\n"+
		"1,1,"+name+",≥500人次,520人次,,,,"+name+"\n"))
	a, err := ReadPath(dir, doc, selfRound, Default())
	if err != nil {
		t.Fatalf("evaluation door: %v", err)
	}
	if ia, _ := a.Indicator(1, 1); ia.Note != name {
		t.Errorf("evaluation door read %q, want %q", ia.Note, name)
	}

	for _, tc := range []struct {
		what string
		data []byte
		line int
	}{
		{"neither UTF-8 nor GB18030", append(gb("项目序号,指标序号\n"), "1,\xFF\xFE\xFF\xFE\n"...), 2},
		{"binary", append(gb("项目序号,指标序号\n1,1\n"), "\x00\x01\x02"...), 3},
	} {
		_, terr := ingest.Parse(ActualsFile, tc.data)
		write(ActualsFile, tc.data)
		_, eerr := ReadPath(dir, doc, selfRound, Default())
		var te, ee *jixiao.InputError
		if !errors.As(terr, &te) || !errors.As(eerr, &ee) {
			t.Errorf("%s: target door %v, evaluation door %v", tc.what, terr, eerr)
			continue
		}
		if te.Msg != ee.Msg || te.Line != tc.line || ee.Line != tc.line || filepath.Base(ee.File) != te.File {
			t.Errorf("%s:\ntarget door     %v\nevaluation door %v", tc.what, te, ee)
		}
	}
}

// A damaged byte in an evaluation file is refused with its line: a figure
// must come back as it was entered, not with U+FFFD in it.
func TestDamagedEvaluationFileIsRefused(t *testing.T) {
	doc := huadu(t)
	dir := t.TempDir()
	if err := WriteTemplateCSV(dir, doc, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, ActualsFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("申领随军家属补贴人数"))
	data = append(append(append([]byte(nil), data[:i]...), 0xFF), data[i:]...)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadPath(dir, doc, selfRound, Default())
	var ie *jixiao.InputError
	if !errors.As(err, &ie) || ie.Line != 2 || !strings.Contains(ie.Msg, "1 处字节不是有效的 UTF-8") {
		t.Errorf("damaged file: %v", err)
	}
}
