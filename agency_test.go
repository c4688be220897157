package jixiao_test

import (
	"testing"

	"jixiao"
)

// TestAgencyBody: the place is cut off by its divisions, never inside a
// body whose name holds 市, 区 or 县.
func TestAgencyBody(t *testing.T) {
	for in, want := range map[string][2]string{
		"广州市荔湾区人力资源和社会保障局":    {"广州市荔湾区", "人力资源和社会保障局"},
		"广州市海珠区人社局":           {"广州市海珠区", "人力资源和社会保障局"},
		"广州市花都区劳动就业服务管理中心":    {"广州市花都区", "劳动就业服务管理中心"},
		"广东省广州市天河区城市管理和综合执法局": {"广东省广州市天河区", "城市管理和综合执法局"},
		"北京市朝阳区社区服务中心":        {"北京市朝阳区", "社区服务中心"},
		"广州市市场监督管理局":          {"广州市", "市场监督管理局"},
		"新疆维吾尔自治区财政厅":         {"新疆维吾尔自治区", "财政厅"},
		"某某县县委宣传部":            {"某某县", "县委宣传部"},
		"市场监督管理局":             {"", "市场监督管理局"},
		" 广州市 荔湾区 教育局 ":       {"广州市荔湾区", "教育局"},
	} {
		place, body := jixiao.AgencyBody(in)
		if [2]string{place, body} != want {
			t.Errorf("AgencyBody(%q) = %q, %q; want %q", in, place, body, want)
		}
	}
}
