package eval

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"jixiao/internal/csvcell"
)

// ScoreHeader is the header of the score table, one row per project.
// total is empty for a project nothing was entered for and provisional for
// an incomplete one; grade is given only to a final score; status is 已评,
// 未完成 or 未评 and missing names what an incomplete project lacks.
var ScoreHeader = []string{"project_seq", "project", "execution_score", "output_score", "benefit_score", "satisfaction_score", "total", "grade", "status", "missing"}

// SummaryHeader is the header of the summary table that follows it in CSV.
// count is the projects with a final score, the ones average and the
// grades are over; not_evaluated and incomplete are those left out.
func SummaryHeader(grades []string) []string {
	return append([]string{"scope", "name", "count", "not_evaluated", "incomplete", "average"}, grades...)
}

// ScoreRow is a project's row of the score table.
func ScoreRow(ps *ProjectScore) []string {
	total := ps.Total.String()
	if ps.Status == StatusNotEvaluated {
		total = ""
	}
	return []string{strconv.Itoa(ps.ProjectSeq), ps.Project, ps.ExecutionScore.String(), ps.Block(BlockOutput).String(),
		ps.Block(BlockBenefit).String(), ps.Block(BlockSatisfaction).String(), total, ps.Grade, string(ps.Status),
		strings.Join(ps.Missing, "；")}
}

func summaryRow(scope string, s Summary, grades []string) []string {
	row := []string{scope, s.Name, strconv.Itoa(s.Count), strconv.Itoa(s.NotEvaluated), strconv.Itoa(s.Incomplete), s.Average.String()}
	for _, g := range grades {
		row = append(row, strconv.Itoa(s.Grades[g]))
	}
	return row
}

// WriteScoreCSV writes the score table, a blank line, and the summary table
// (scope "unit" per unit, then "document"), UTF-8 with a BOM.
func WriteScoreCSV(w io.Writer, r *Result) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(csvcell.Record(ScoreHeader))
	for i := range r.Projects {
		cw.Write(csvcell.Record(ScoreRow(&r.Projects[i])))
	}
	cw.Flush()
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	cw.Write(csvcell.Record(SummaryHeader(r.GradeNames)))
	for _, u := range r.Units {
		cw.Write(csvcell.Record(summaryRow("unit", u, r.GradeNames)))
	}
	cw.Write(csvcell.Record(summaryRow("document", r.Document, r.GradeNames)))
	cw.Flush()
	return cw.Error()
}

// WriteScoreText writes the scores as an aligned table in Chinese, the
// flags that ask for an explanation, and the summaries.
func WriteScoreText(w io.Writer, r *Result) error {
	fmt.Fprintf(w, "%s（%s）\n\n", r.Title, r.Round)
	// Header cells are two columns wide per character, hence the padding.
	fmt.Fprintln(w, "序号  执行率    产出    效益  满意度    总分  等级  项目")
	for i := range r.Projects {
		p := &r.Projects[i]
		fmt.Fprintf(w, "%4d %7s %7s %7s %7s %7s  %-6s%s\n", p.ProjectSeq, p.ExecutionScore, p.Block(BlockOutput),
			p.Block(BlockBenefit), p.Block(BlockSatisfaction), p.TotalText(), p.GradeText(), p.Project)
	}
	var notes, incomplete []string
	for _, p := range r.Projects {
		if p.Status == StatusIncomplete {
			incomplete = append(incomplete, fmt.Sprintf("  项目 %d：%s", p.ProjectSeq, p.MissingText()))
		}
		for _, f := range p.Flags {
			if !strings.HasPrefix(f, "未填报") {
				notes = append(notes, fmt.Sprintf("  项目 %d：%s", p.ProjectSeq, f))
			}
		}
		for _, is := range p.Indicators {
			for _, f := range is.Flags {
				if !strings.HasPrefix(f, "未填报") {
					notes = append(notes, fmt.Sprintf("  项目 %d 指标 %d：%s", p.ProjectSeq, is.Seq, f))
				}
			}
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(w, "\n需要说明：")
		fmt.Fprintln(w, strings.Join(notes, "\n"))
	}
	if len(incomplete) > 0 {
		fmt.Fprintln(w, "\n未完成（得分为暂计，不评等级）：")
		fmt.Fprintln(w, strings.Join(incomplete, "\n"))
	}
	fmt.Fprintln(w)
	for _, u := range r.Units {
		fmt.Fprintln(w, summaryLine("单位", u, r.GradeNames))
	}
	fmt.Fprintln(w, summaryLine("文档", r.Document, r.GradeNames))
	return nil
}

func summaryLine(scope string, s Summary, grades []string) string {
	parts := make([]string, len(grades))
	for i, g := range grades {
		parts[i] = fmt.Sprintf("%s %d", g, s.Grades[g])
	}
	line := fmt.Sprintf("%s %s：%d 个项目，已评 %d 个，平均 %s 分；%s", scope, s.Name, s.Projects, s.Count, s.Average, strings.Join(parts, "，"))
	if lo := s.LeftOut(); lo != "" {
		line += "（" + lo + "）"
	}
	return line
}

// WriteLightsText writes a round's lights: every project's overall and
// execution light, and each indicator whose light is not green.
func WriteLightsText(w io.Writer, round string, pls []ProjectLights) error {
	fmt.Fprintf(w, "%s 监控结果\n", round)
	count := map[Color]int{}
	for _, pl := range pls {
		count[pl.Overall.Color]++
		fmt.Fprintf(w, "\n[%s] %d %s\n    预算执行：[%s] %s\n", pl.Overall.Color.Label(), pl.ProjectSeq, pl.Project,
			pl.Execution.Color.Label(), pl.Execution.Reason)
		for _, il := range pl.Indicators {
			if il.Light.Color != Green {
				fmt.Fprintf(w, "    指标 %d %s：[%s] %s\n", il.Seq, il.Name, il.Light.Color.Label(), il.Light.Reason)
			}
		}
	}
	_, err := fmt.Fprintf(w, "\n共 %d 个项目：红灯 %d，黄灯 %d，绿灯 %d，未填报 %d\n", len(pls), count[Red], count[Yellow], count[Green], count[None])
	return err
}
