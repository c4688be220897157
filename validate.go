package jixiao

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Input limits. Every door (the CLI's import, the API, the pages) reaches
// them through Project.Validate, Document.Validate and CheckParams; the
// OpenAPI document states the same numbers.
const (
	// MaxAmount is 10¹² 万元 in 分: more than any budget, and small enough
	// that the sum of a project's three sources cannot overflow.
	MaxAmount Money = 1_000_000_000_000 * 1_000_000
	// MaxIndicators bounds the indicators of one project.
	MaxIndicators = 500
	// MaxTextRunes bounds a name, a unit, a category or a target's text.
	MaxTextRunes = 500
	// MaxGoalRunes bounds a project's goal (绩效目标).
	MaxGoalRunes = 10_000
	// MaxParamRunes bounds one query parameter.
	MaxParamRunes = 500
)

// FieldError says which field of an input is wrong and why. It matches
// ErrInvalid with errors.Is; the API answers 400 naming Field.
type FieldError struct {
	Field string // as the JSON names it: "goal", "indicators[2].name", "amounts.total", "unit"
	Msg   string
}

func (e *FieldError) Error() string { return fmt.Sprintf("字段 %s：%s", e.Field, e.Msg) }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// CheckText refuses a text field longer than maxRunes, not UTF-8, or
// holding a NUL or another control character (tab and line breaks are
// allowed: goals are multi-line).
func CheckText(field, s string, maxRunes int) error {
	switch {
	case !utf8.ValidString(s):
		return &FieldError{field, "不是有效的 UTF-8 文本"}
	case strings.IndexFunc(s, badControl) >= 0:
		return &FieldError{field, "不能含 NUL 或其他控制字符"}
	case utf8.RuneCountInString(s) > maxRunes:
		return &FieldError{field, fmt.Sprintf("最多 %d 个字符（现有 %d 个）", maxRunes, utf8.RuneCountInString(s))}
	}
	return nil
}

func badControl(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' }

// CheckAmount refuses an amount below zero or above MaxAmount.
func CheckAmount(field string, m Money) error {
	if m < 0 || m > MaxAmount {
		return &FieldError{field, fmt.Sprintf("金额应在 0 到 %s 万元之间", MaxAmount.FormatGrouped(WanYuan))}
	}
	return nil
}

// Validate checks what a project may hold, whoever sends it: amounts in
// range, at most MaxIndicators indicators, every text field within its
// length and free of control characters. The error is a *FieldError
// naming the first wrong field.
func (p *Project) Validate() error {
	if err := checkFields(
		textField{"unit", p.Unit, MaxTextRunes}, textField{"project", p.Name, MaxTextRunes},
		textField{"goal", p.Goal, MaxGoalRunes}, textField{"raw", p.Raw, MaxGoalRunes}); err != nil {
		return err
	}
	for _, a := range []struct {
		field string
		m     Money
	}{{"amounts.total", p.Amounts.Total}, {"amounts.fiscal", p.Amounts.Fiscal},
		{"amounts.special_account", p.Amounts.SpecialAccount}, {"amounts.other", p.Amounts.Other}} {
		if err := CheckAmount(a.field, a.m); err != nil {
			return err
		}
	}
	for _, c := range AmountColumns {
		if p.Amounts.Blank.Has(c) && p.Amounts.Get(c) != 0 {
			return &FieldError{"amounts.blank", fmt.Sprintf("原表空白的“%s”栏不能有金额", c.Label())}
		}
	}
	if len(p.Indicators) > MaxIndicators {
		return &FieldError{"indicators", fmt.Sprintf("一个项目最多 %d 个指标（现有 %d 个）", MaxIndicators, len(p.Indicators))}
	}
	for i := range p.Indicators {
		if err := p.Indicators[i].validate(fmt.Sprintf("indicators[%d].", i)); err != nil {
			return err
		}
	}
	return nil
}

func (in *Indicator) validate(prefix string) error {
	return checkFields(
		textField{prefix + "level1_code", in.Level1Code, MaxTextRunes}, textField{prefix + "level1", in.Level1, MaxTextRunes},
		textField{prefix + "level2_code", in.Level2Code, MaxTextRunes}, textField{prefix + "level2", in.Level2, MaxTextRunes},
		textField{prefix + "name", in.Name, MaxTextRunes},
		textField{prefix + "period_target.text", in.Period.Text, MaxTextRunes},
		textField{prefix + "annual_target.text", in.Annual.Text, MaxTextRunes},
		textField{prefix + "raw", in.Raw, MaxGoalRunes})
}

// Validate checks every project of a document (Project.Validate, the
// field named "projects[i]. …") and its title and agency.
func (d *Document) Validate() error {
	if err := checkFields(textField{"title", d.Title, MaxTextRunes}, textField{"agency", d.Agency, MaxTextRunes}); err != nil {
		return err
	}
	for i := range d.Projects {
		if err := d.Projects[i].Validate(); err != nil {
			if fe, ok := err.(*FieldError); ok {
				return &FieldError{fmt.Sprintf("projects[%d].%s", i, fe.Field), fe.Msg}
			}
			return err
		}
	}
	return nil
}

type textField struct {
	name, value string
	max         int
}

func checkFields(fs ...textField) error {
	for _, f := range fs {
		if err := CheckText(f.name, f.value, f.max); err != nil {
			return err
		}
	}
	return nil
}

// CheckParams refuses query or form parameters (name → values) holding a
// control character or longer than MaxParamRunes, naming the parameter.
// Names are checked in order, so the error is the same on every run.
func CheckParams(params map[string][]string) error {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := CheckText(k, k, MaxParamRunes); err != nil {
			return &FieldError{"（参数名）", err.(*FieldError).Msg}
		}
		for _, v := range params[k] {
			if err := CheckText(k, v, MaxParamRunes); err != nil {
				return err
			}
		}
	}
	return nil
}
