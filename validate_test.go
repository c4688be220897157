package jixiao

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestProjectValidate(t *testing.T) {
	ok := func() *Project {
		return &Project{Unit: "就业中心", Name: "就业补贴", Goal: "第一行\n第二行\t制表", Amounts: Amounts{Total: MaxAmount, Fiscal: MaxAmount},
			Indicators: []Indicator{{Name: "补贴人数", Annual: ParseTarget("≥100人")}}}
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("a valid project: %v", err)
	}
	many := make([]Indicator, MaxIndicators+1)
	for i := range many {
		many[i].Name = "指标"
	}
	cases := []struct {
		field string
		edit  func(p *Project)
	}{
		{"amounts.total", func(p *Project) { p.Amounts.Total = -1 }},
		{"amounts.other", func(p *Project) { p.Amounts.Other = math.MinInt64 }},
		{"amounts.fiscal", func(p *Project) { p.Amounts.Fiscal = MaxAmount + 1 }},
		{"amounts.blank", func(p *Project) { p.Amounts.Blank = ColFiscal }},
		{"goal", func(p *Project) { p.Goal = "目标\x00" }},
		{"goal", func(p *Project) { p.Goal = strings.Repeat("长", MaxGoalRunes+1) }},
		{"project", func(p *Project) { p.Name = "项目\x1b[31m" }},
		{"unit", func(p *Project) { p.Unit = "\xff" }},
		{"indicators", func(p *Project) { p.Indicators = many }},
		{"indicators[0].name", func(p *Project) { p.Indicators[0].Name = strings.Repeat("名", MaxTextRunes+1) }},
		{"indicators[0].annual_target.text", func(p *Project) { p.Indicators[0].Annual.Text = "≥100\x00" }},
	}
	for _, c := range cases {
		p := ok()
		c.edit(p)
		err := p.Validate()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want a FieldError naming it", c.field, err)
		}
	}
	d := &Document{Title: "表", Projects: []Project{*ok(), *ok()}}
	d.Projects[1].Goal = "\x00"
	var fe *FieldError
	if err := d.Validate(); !errors.As(err, &fe) || fe.Field != "projects[1].goal" {
		t.Errorf("document: %v", err)
	}
}

func TestCheckParams(t *testing.T) {
	if err := CheckParams(map[string][]string{"q": {"就业"}, "unit": {"就业中心"}}); err != nil {
		t.Errorf("plain parameters: %v", err)
	}
	for _, name := range []string{"unit", "level1", "rule", "round"} {
		var fe *FieldError
		err := CheckParams(map[string][]string{"q": {"就业"}, name: {"a\x00b"}})
		if !errors.As(err, &fe) || fe.Field != name {
			t.Errorf("NUL in %s: %v", name, err)
		}
	}
	if err := CheckParams(map[string][]string{"q": {strings.Repeat("长", MaxParamRunes+1)}}); err == nil {
		t.Error("an overlong parameter passes")
	}
}

// TestFormatMinInt64: −2⁶³ printed as "--9223372036854.-775808".
func TestFormatMinInt64(t *testing.T) {
	if got := Money(math.MinInt64).Format(WanYuan); got != "-9223372036854.775808" {
		t.Errorf("MinInt64 in 万元: %q", got)
	}
	if got := Money(math.MinInt64).FormatGrouped(Yuan); got != "-92,233,720,368,547,758.08" {
		t.Errorf("MinInt64 in 元, grouped: %q", got)
	}
}
