package jixiao_test

import (
	"testing"

	"jixiao"
)

func TestSchemeCanonical(t *testing.T) {
	s := jixiao.Scheme2015
	tests := map[string]string{
		"社会效益":           "社会效益指标",
		"社会效益指标":         "社会效益指标",
		"环境效益指标":         "生态效益指标",
		"服务对象满意度":        "服务对象满意度指标",
		"社会公众或服务对象满意度指标": "服务对象满意度指标",
		"效果指标":           "效益指标",
		"产出指标":           "产出指标",
		"随便什么":           "",
	}
	for in, want := range tests {
		if got := s.Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSchemeFitsCode(t *testing.T) {
	s := jixiao.Scheme2015
	if !s.FitsCode("3", "满意度指标") || !s.FitsCode("31", "满意度指标") {
		t.Error("满意度指标 is the level-1 name and a level-2 synonym: both codes must fit")
	}
	if !s.FitsCode("22", "社会效益") || !s.FitsCode("1", "产出指标") || !s.FitsCode("２２", "社会效益") {
		t.Error("a code with its own name must fit")
	}
	if s.FitsCode("22", "经济效益") || s.FitsCode("99", "社会效益") || s.FitsCode("12", "数量指标") {
		t.Error("a name under another code must not fit")
	}
	if l2, ok := s.Level2ByCode("12"); !ok || l2.Parent != "1" {
		t.Errorf("12 should be 质量指标 under 1, got %+v", l2)
	}
	if got := len(s.Level2Of("2")); got != 4 {
		t.Errorf("效益 has %d level-2 categories, want 4", got)
	}
}

func TestScheme2021HasCostAsLevel1(t *testing.T) {
	s := jixiao.Scheme2021
	c, ok := s.Level1ByCode("4")
	if !ok || c.Name != "成本指标" {
		t.Fatalf("2021 level-1 code 4 = %+v, %v", c, ok)
	}
	if got := len(s.Level2Of("4")); got != 3 {
		t.Errorf("成本指标 has %d level-2 categories, want 3 (经济/社会/生态环境成本)", got)
	}
	if _, ok := s.Level2ByCode("14"); ok {
		t.Error("2021 has no 成本指标 under 产出")
	}
}

func TestCleanText(t *testing.T) {
	tests := map[string]string{
		"通过花都区随军家属就业安置财政补贴项目 ，更好地\n\n落实": "通过花都区随军家属就业安置财政补贴项目，更好地落实",
		"补贴资金在规定时间内支付到位率 ":               "补贴资金在规定时间内支付到位率",
		"WPS\nOffice 办公": "WPS Office办公",
		"对区属医保参保人员 资格业务审核率": "对区属医保参保人员资格业务审核率",
		"　全角空格　": "全角空格",
		// Spaces the no-copy shortcut must still notice, and text it returns as is.
		"a\u00a0b":  "a b",
		"满意\u2028度": "满意度",
		"x\xffy":    "x\uFFFDy",
		"≥90%":      "≥90%",
	}
	for in, want := range tests {
		if got := jixiao.CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}
