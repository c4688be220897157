package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jixiao"
)

// checkScope refuses an account whose unit or department no stored table
// names, so that a typo does not make an account that sees nothing. A
// filer's unit must be a 资金使用单位 of some stored project (of a document
// of its department, when one is given); a department must be the 编制部门
// (agency) of a stored document.
func checkScope(ctx context.Context, st jixiao.Store, u *jixiao.User) error {
	if u.Department != "" {
		if err := checkDepartment(ctx, st, u.Department); err != nil {
			return err
		}
	}
	if u.Unit != "" {
		return checkUnit(ctx, st, u.Unit, u.Department)
	}
	return nil
}

func checkDepartment(ctx context.Context, st jixiao.Store, dept string) error {
	docs, err := st.Documents(ctx)
	if err != nil {
		return err
	}
	var agencies []string
	for _, d := range docs {
		if d.Agency == dept {
			return nil
		}
		if !slices.Contains(agencies, d.Agency) {
			agencies = append(agencies, d.Agency)
		}
	}
	return fmt.Errorf("库中没有部门“%s”的表（库中的部门：%s）；先导入该部门的表，或加 --force 仍然创建", dept, listOrNone(agencies))
}

func checkUnit(ctx context.Context, st jixiao.Store, unit, dept string) error {
	page, err := st.Projects(ctx, jixiao.ProjectQuery{Unit: unit, Limit: 100})
	if err != nil {
		return err
	}
	for _, p := range page.Items {
		if dept == "" || p.DocumentAgency == dept {
			return nil
		}
	}
	if len(page.Items) > 0 {
		return fmt.Errorf("单位“%s”不在部门“%s”的表中（它在“%s”的表中）；加 --force 仍然创建", unit, dept, page.Items[0].DocumentAgency)
	}
	return fmt.Errorf("库中没有单位“%s”的项目；单位名须与表中“项目名称（资金使用单位）”一栏的单位名一致，先导入该单位的表，或加 --force 仍然创建", unit)
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "无，库中还没有表"
	}
	return strings.Join(names, "、")
}
