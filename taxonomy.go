package jixiao

import "strings"

// Category is one entry of an indicator scheme: a level-1 category (一级指标)
// or a level-2 one (二级指标) with its parent's code.
type Category struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"` // level-1 code of a level-2 category
}

// Scheme is a versioned indicator taxonomy. Codes follow the FASP convention
// seen in published tables (level-1 one digit, level-2 that digit and an
// ordinal); Synonyms maps name variants to the canonical name.
type Scheme struct {
	Version  string
	Level1   []Category
	Level2   []Category
	Synonyms map[string]string
}

// Scheme2015 is the framework of 财预〔2015〕88号, still the default of most
// local budget systems and the one both sample tables use.
var Scheme2015 = &Scheme{
	Version: "2015",
	Level1: []Category{
		{Code: "1", Name: "产出指标"}, {Code: "2", Name: "效益指标"}, {Code: "3", Name: "满意度指标"},
	},
	Level2: []Category{
		{Code: "11", Name: "数量指标", Parent: "1"},
		{Code: "12", Name: "质量指标", Parent: "1"},
		{Code: "13", Name: "时效指标", Parent: "1"},
		{Code: "14", Name: "成本指标", Parent: "1"},
		{Code: "21", Name: "经济效益指标", Parent: "2"},
		{Code: "22", Name: "社会效益指标", Parent: "2"},
		{Code: "23", Name: "生态效益指标", Parent: "2"},
		{Code: "24", Name: "可持续影响指标", Parent: "2"},
		{Code: "31", Name: "服务对象满意度指标", Parent: "3"},
	},
	Synonyms: commonSynonyms,
}

// Scheme2021 is the framework of 财预〔2021〕101号, in which 成本指标 is a
// level-1 category of its own. No source gives its codes; these continue the
// 2015 pattern with 成本 as 4 and are matched by name first.
var Scheme2021 = &Scheme{
	Version: "2021",
	Level1: []Category{
		{Code: "1", Name: "产出指标"}, {Code: "2", Name: "效益指标"}, {Code: "3", Name: "满意度指标"}, {Code: "4", Name: "成本指标"},
	},
	Level2: []Category{
		{Code: "11", Name: "数量指标", Parent: "1"},
		{Code: "12", Name: "质量指标", Parent: "1"},
		{Code: "13", Name: "时效指标", Parent: "1"},
		{Code: "21", Name: "经济效益指标", Parent: "2"},
		{Code: "22", Name: "社会效益指标", Parent: "2"},
		{Code: "23", Name: "生态效益指标", Parent: "2"},
		{Code: "24", Name: "可持续影响指标", Parent: "2"},
		{Code: "31", Name: "服务对象满意度指标", Parent: "3"},
		{Code: "41", Name: "经济成本指标", Parent: "4"},
		{Code: "42", Name: "社会成本指标", Parent: "4"},
		{Code: "43", Name: "生态环境成本指标", Parent: "4"},
	},
	Synonyms: commonSynonyms,
}

// Schemes lists every known scheme, newest last.
var Schemes = []*Scheme{Scheme2015, Scheme2021}

// commonSynonyms are the name variants of domain-rules §2.2, keyed by their
// canonical key (see NameKey).
var commonSynonyms = map[string]string{
	"环境效益":         "生态效益指标",
	"社会公众或服务对象满意度": "服务对象满意度指标",
	"满意度":          "服务对象满意度指标", // a level-2 printed simply as 满意度指标
	"效果":           "效益指标",
}

// NameKey reduces a category name to the form names are compared in: width
// folded, spaces removed, and without a trailing 指标 ("社会效益" and
// "社会效益指标" are the same category).
func NameKey(name string) string {
	k := strings.Join(strings.Fields(FoldWidth(name)), "")
	return strings.TrimSuffix(k, "指标")
}

// Canonical returns the scheme's name for a category name as written,
// resolving synonyms, or "" when the scheme does not know it.
func (s *Scheme) Canonical(name string) string {
	key := NameKey(name)
	if syn, ok := s.Synonyms[key]; ok {
		key = NameKey(syn)
	}
	for _, list := range [][]Category{s.Level1, s.Level2} {
		for _, c := range list {
			if NameKey(c.Name) == key {
				return c.Name
			}
		}
	}
	return ""
}

// Level1ByCode returns the level-1 category with that code.
func (s *Scheme) Level1ByCode(code string) (Category, bool) { return find(s.Level1, code) }

// Level2ByCode returns the level-2 category with that code.
func (s *Scheme) Level2ByCode(code string) (Category, bool) { return find(s.Level2, code) }

// Level2Of lists the level-2 categories under a level-1 code, for pickers.
func (s *Scheme) Level2Of(level1 string) []Category {
	var out []Category
	for _, c := range s.Level2 {
		if c.Parent == level1 {
			out = append(out, c)
		}
	}
	return out
}

// FitsCode reports whether a name as written is a variant of the category
// with that code: "22-社会效益" fits, "22-经济效益" does not.
func (s *Scheme) FitsCode(code, name string) bool {
	c, ok := find(append(append([]Category{}, s.Level1...), s.Level2...), code)
	// The direct comparison first: the synonym 满意度 → 服务对象满意度指标
	// (a level-2 printed as 满意度指标) must not stop the level-1 满意度指标
	// from fitting code 3.
	return ok && (NameKey(name) == NameKey(c.Name) || s.Canonical(name) == c.Name)
}

func find(list []Category, code string) (Category, bool) {
	code = strings.TrimSpace(FoldWidth(code))
	for _, c := range list {
		if c.Code == code {
			return c, true
		}
	}
	return Category{}, false
}
