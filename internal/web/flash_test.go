package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestFlashTakesAKey: ?msg= printed any text in the green success banner
// (a link could make the page announce anything); now it takes a key and
// integer arguments, and unknown keys or text show no banner.
func TestFlashTakesAKey(t *testing.T) {
	s, f := signedIn(t, "dept")
	src := f.docs[liwanFile]
	bench := fmt.Sprintf("/workflow/documents/%d", src.ID)
	for q, want := range map[string]string{
		"msg=" + url.QueryEscape("您的账号已被冻结，请致电 400-000-0000"): "",
		"msg=saved&n=3": "已保存为第 3 版。保存不等于提交：填好后请点“提交审核”。",
		"msg=saved&n=" + url.QueryEscape("3 版。请致电"):      "",
		"msg=moved&n=2&act=submit":                       "项目 2：提交。等待主管部门审核；审核期间不能修改，退回后可以再改。",
		"msg=moved&n=2&act=" + url.QueryEscape("提交。请致电"): "",
	} {
		st, body := s.get(bench + "?" + q)
		banners := all(parseHTML(t, body), ".alert-success")
		got := ""
		if len(banners) > 0 {
			got = strings.TrimSpace(text(banners[0]))
		}
		if st != 200 || got != want || strings.Contains(body, "请致电") {
			t.Errorf("?%s: %d, banner %q, want %q", q, st, got, want)
		}
	}
}
