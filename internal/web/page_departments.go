package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/service"
)

// departmentsPage is the data of 部门对比: one body's tables across
// districts (issue 17 item 4).
type departmentsPage struct {
	Layout
	*service.DepartmentComparison
	CSV string // the download link of the same figures
}

// compareDepartments serves /compare/departments?body=…&year=….
func (s *site) compareDepartments(w http.ResponseWriter, r *http.Request) error {
	c, err := s.departmentComparison(r)
	if err != nil {
		return err
	}
	p := departmentsPage{Layout: Layout{Title: "部门对比", Nav: "compare", Crumbs: []Crumb{{"项目对比", "/compare"}}},
		DepartmentComparison: c}
	if c.Body != "" {
		p.CSV = "/compare/departments.csv?" + r.URL.RawQuery
	}
	return s.render(w, r, http.StatusOK, "compare_departments", "", p)
}

// compareDepartmentsCSV serves the same figures as CSV.
func (s *site) compareDepartmentsCSV(w http.ResponseWriter, r *http.Request) error {
	c, err := s.departmentComparison(r)
	if err != nil {
		return err
	}
	if c.Body == "" {
		return jixiao.Errorf(jixiao.ErrInvalid, "请选择要对比的部门（body 参数）")
	}
	name := c.Body + "-部门对比.csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename=\"departments.csv\"; filename*=UTF-8''"+url.PathEscape(name))
	return export.WriteRecords(w, departmentRecords(c))
}

func (s *site) departmentComparison(r *http.Request) (*service.DepartmentComparison, error) {
	body, year, err := service.DepartmentQuery(r.URL.Query().Get("body"), r.URL.Query().Get("year"))
	if err != nil {
		return nil, err
	}
	rd, err := s.reader(r)
	if err != nil {
		return nil, err
	}
	return rd.CompareDepartments(r.Context(), s.svc.Monitoring, body, year)
}

// departmentRecords are the comparison's rows as CSV records, under a
// header that names the configured grades.
func departmentRecords(c *service.DepartmentComparison) [][]string {
	head := []string{"预算年度", "地区", "部门", "状态", "总计（万元）", "项目数", "指标数",
		"可量化指标", "可量化占比", "表述模糊指标", "照搬指标", "有满意度指标的项目", "远低于同类的指标", "单位成本远高于同类的项目", "错误", "警告",
		"自评已评项目", "自评平均分"}
	for _, g := range c.Grades {
		head = append(head, "自评"+g)
	}
	recs := [][]string{head}
	for _, d := range c.Rows {
		q := d.Quality
		state := "已公开"
		if d.Draft {
			state = "草稿"
		}
		total := d.Total.Format(jixiao.WanYuan)
		if d.UnreadProjects > 0 {
			total = jixiao.UnreadAmount // a sum that leaves projects out is not the table's figure
		}
		rec := []string{strconv.Itoa(d.Year), d.Place, d.Agency, state, total,
			strconv.Itoa(q.Projects), strconv.Itoa(q.Indicators), strconv.Itoa(q.Measurable),
			fmt.Sprintf("%.1f%%", q.MeasurableShare*100), strconv.Itoa(q.Vague), strconv.Itoa(q.Copied),
			strconv.Itoa(q.WithSatisfaction), strconv.Itoa(d.BelowPeers), strconv.Itoa(d.CostOutliers),
			strconv.Itoa(d.Findings[jixiao.SeverityError]),
			strconv.Itoa(d.Findings[jixiao.SeverityWarning])}
		if e := d.Evaluation; e != nil {
			rec = append(rec, strconv.Itoa(e.Count), e.Average.String())
			for _, g := range c.Grades {
				rec = append(rec, strconv.Itoa(e.Grades[g]))
			}
		} else {
			rec = append(rec, "0", "")
			for range c.Grades {
				rec = append(rec, "")
			}
		}
		recs = append(recs, rec)
	}
	return recs
}
