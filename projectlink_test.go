package jixiao

import "testing"

// TestDecideLinkPolicy: a proposed link between years is decided by a
// department reviewer of the later project's department or by finance;
// not by a filer, an admin (who takes no part in reviews), another
// department's reviewer or a visitor.
func TestDecideLinkPolicy(t *testing.T) {
	r := Resource{Department: "广州市白云区人力资源和社会保障局", Unit: "白云区就业中心", Published: true}
	for _, c := range []struct {
		u    *User
		want Decision
	}{
		{&User{Role: RoleDeptReviewer, Department: r.Department}, Allow},
		{&User{Role: RoleFinanceReviewer}, Allow},
		{&User{Role: RoleDeptReviewer, Department: "广州市越秀区教育局"}, Forbid},
		{&User{Role: RoleFiler, Unit: r.Unit}, Forbid},
		{&User{Role: RoleAdmin}, Forbid},
		{nil, Forbid},
	} {
		if got := Authorize(c.u, ActionDecideLink, r); got != c.want {
			t.Errorf("%+v: %v, want %v", c.u, got, c.want)
		}
	}
	if ActionDecideLink.Label() != "确认上年项目关联" || ActionLinkProjects.Label() != "关联上年项目" {
		t.Error("the link actions have no Chinese label for the history page")
	}
}
