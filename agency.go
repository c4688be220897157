package jixiao

import (
	"strings"
	"unicode/utf8"
)

// AgencyBody splits a department's name as the tables print it into the
// place it belongs to and the body itself, so that the same function can
// be lined up across districts (issue 17: all 人社局 of a city):
// "广州市荔湾区人力资源和社会保障局" is 广州市荔湾区 + 人力资源和社会保障局.
//
// The place is the run of administrative divisions at the start, each a
// name of two or more characters ending in 省, 自治区, 市, 地区, 自治州, 州,
// 盟, 县, 区 or 旗; a division needs a name before its suffix, so that
// 市场监督管理局 or 社区服务中心 are not cut. The body is folded to its full
// name where the tables also use a short one (人社局 → 人力资源和社会保障局),
// from bodyAliases. A name with no place is all body.
func AgencyBody(agency string) (place, body string) {
	rest := CleanText(agency)
	for {
		n := divisionPrefix(rest)
		if n == 0 || n == len(rest) {
			break
		}
		place, rest = place+rest[:n], rest[n:]
	}
	if full, ok := bodyAliases[rest]; ok {
		rest = full
	}
	return place, rest
}

// divisions are the suffixes of administrative divisions, longest first so
// that 自治区 is tried before 区.
var divisions = []string{"自治区", "自治州", "自治县", "地区", "省", "市", "州", "盟", "县", "区", "旗"}

// divisionPrefix is the length in bytes of the division s starts with (a
// name of 2 to 8 characters and its suffix), 0 when it starts with none.
func divisionPrefix(s string) int {
	best := 0
	for _, suf := range divisions {
		for i := 0; i < len(s) && utf8.RuneCountInString(s[:i]) <= 8; {
			_, w := utf8.DecodeRuneInString(s[i:])
			if strings.HasPrefix(s[i:], suf) && utf8.RuneCountInString(s[:i]) >= 2 {
				if end := i + len(suf); best == 0 || end < best {
					best = end
				}
				break
			}
			i += w
		}
	}
	return best
}

// bodyAliases folds the short names of common bodies to the full ones the
// tables print most; it is a convenience for lining tables up, and the
// comparison page lists every body as found.
var bodyAliases = map[string]string{
	"人社局":       "人力资源和社会保障局",
	"人力资源社会保障局": "人力资源和社会保障局",
	"卫健局":       "卫生健康局",
	"住建局":       "住房和城乡建设局",
	"市场监管局":     "市场监督管理局",
	"发改局":       "发展和改革局",
	"科工信局":      "科技工业和信息化局",
	"文广旅体局":     "文化广电旅游体育局",
}
