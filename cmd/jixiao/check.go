package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/importer"
)

func init() {
	register(command{
		name:    "check",
		summary: "按审核规则检查一份绩效目标表（文件或库中文档），列出问题和目标质量汇总",
		run:     runCheck,
	})
}

// checkArgs are the parsed flags of "jixiao check".
type checkArgs struct {
	format   string
	summary  bool
	file     string // FILE form
	dsn      string // --db form, when file is ""
	document int64
}

// checkedDocument is a document with every finding about it, in order.
type checkedDocument struct {
	name     string // what "file:line" names: the file, or the stored source name
	doc      *jixiao.Document
	findings []jixiao.Finding
}

func runCheck(e *env, args []string) int {
	a, err := parseCheckArgs(e, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao check:", err)
		return exitBadInput
	}
	var cd *checkedDocument
	if a.file != "" {
		cd, err = checkFile(a.file)
	} else {
		cd, err = checkStored(context.Background(), a.dsn, a.document)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao check:", err)
		return exitBadInput
	}
	if err := writeCheck(e.stdout, a, cd); err != nil {
		fmt.Fprintln(e.stderr, "jixiao check:", err)
		return exitBadInput
	}
	if jixiao.HasErrors(cd.findings) {
		return exitFindings
	}
	return exitOK
}

func parseCheckArgs(e *env, args []string) (checkArgs, error) {
	var a checkArgs
	fs := newFlags(e, "check")
	fs.StringVar(&a.format, "format", "text", "输出格式：text 或 json")
	fs.BoolVar(&a.summary, "summary", false, "JSON 输出改为 {\"findings\":[…],\"summary\":{…}}（text 总是附汇总）")
	fs.StringVar(&a.dsn, "db", defaultDSN(e), "检查库中的文档（sqlite:路径 或 postgres://…），不给 FILE 时使用")
	fs.Int64Var(&a.document, "document", 0, "库中文档编号；库中只有一个文档时可省略")
	setSynopsis(e, fs, "jixiao check [--format text|json] [--summary] FILE | --db DSN [--document ID]")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a, err
	}
	if a.format != "text" && a.format != "json" {
		return a, fmt.Errorf("--format %q 无效，可选 text、json", a.format)
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	switch {
	case len(pos) > 1:
		return a, fmt.Errorf("一次只检查一个文件，收到 %d 个：%s", len(pos), strings.Join(pos, " "))
	case len(pos) == 1 && (explicit["db"] || explicit["document"]):
		return a, errors.New("FILE 与 --db/--document 只能二选一")
	case len(pos) == 1:
		a.file = pos[0]
	}
	return a, nil
}

// checkFile reads a table from a file and runs the rules on it, as an import
// would, without storing it.
func checkFile(path string) (*checkedDocument, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法读取 %s：%w", path, plainErr(err))
	}
	doc, err := importer.Read(filepath.Base(path), data, importer.Options{})
	if err != nil {
		return nil, err
	}
	fs := append([]jixiao.Finding(nil), doc.Findings...)
	check.SortFindings(doc, fs)
	return &checkedDocument{name: path, doc: doc, findings: fs}, nil
}

// checkStored runs today's rules on a stored document. The readers'
// findings stored with it are kept (the source text is not re-read); the
// rules' findings are made afresh, so a newer catalogue applies.
func checkStored(ctx context.Context, dsn string, id int64) (*checkedDocument, error) {
	st, err := openExistingStore(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if id == 0 {
		if id, err = onlyDocument(ctx, st); err != nil { // shared with export
			return nil, err
		}
	}
	doc, err := st.Document(ctx, id)
	if errors.Is(err, jixiao.ErrNotFound) {
		return nil, fmt.Errorf("库中没有编号为 %d 的文档", id)
	}
	if err != nil {
		return nil, err
	}
	var fs []jixiao.Finding
	for _, f := range doc.Findings {
		if strings.HasPrefix(f.Rule, "parse.") {
			fs = append(fs, f)
		}
	}
	fs = append(fs, check.Run(doc)...)
	check.SortFindings(doc, fs)
	name := doc.SourceName
	if name == "" {
		name = fmt.Sprintf("文档%d", doc.ID)
	}
	return &checkedDocument{name: name, doc: doc, findings: fs}, nil
}

func writeCheck(w io.Writer, a checkArgs, cd *checkedDocument) error {
	if a.format == "text" {
		return writeCheckText(w, cd)
	}
	list := make([]checkFindingJSON, len(cd.findings))
	for i, f := range cd.findings {
		list[i] = toCheckFindingJSON(f)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if !a.summary {
		return enc.Encode(list)
	}
	return enc.Encode(struct {
		Findings []checkFindingJSON `json:"findings"`
		Summary  check.Summary      `json:"summary"`
	}{list, check.Summarize(cd.doc, cd.findings)})
}

// checkFindingJSON is a finding as "jixiao check --format json" prints it: the
// 1-based project and indicator numbers are null where the finding is about
// a unit or the whole document.
type checkFindingJSON struct {
	Rule         string          `json:"rule"`
	Severity     jixiao.Severity `json:"severity"`
	Unit         string          `json:"unit"`
	ProjectSeq   *int            `json:"project_seq"`
	Project      string          `json:"project"`
	IndicatorSeq *int            `json:"indicator_seq"`
	Line         *int            `json:"line"`
	Message      string          `json:"message"`
}

func toCheckFindingJSON(f jixiao.Finding) checkFindingJSON {
	nullable := func(n int) *int {
		if n == 0 {
			return nil
		}
		return &n
	}
	return checkFindingJSON{Rule: f.Rule, Severity: f.Severity, Unit: f.Unit, ProjectSeq: nullable(f.ProjectSeq),
		Project: f.Project, IndicatorSeq: nullable(f.IndicatorSeq), Line: nullable(f.Line), Message: f.Message}
}

// writeCheckText prints one finding a line, "file:line: severity rule:
// message", under a heading for each project (or unit, or the whole table),
// then the counts by severity and the target-quality summary.
func writeCheckText(w io.Writer, cd *checkedDocument) error {
	bw := &checkWriter{w: w}
	group := "\x00"
	for _, f := range cd.findings {
		if g := checkGroup(f); g != group {
			if group != "\x00" {
				bw.printf("\n")
			}
			bw.printf("# %s\n", g)
			group = g
		}
		at := cd.name
		if f.Line > 0 {
			at = cd.name + ":" + jixiao.SourceLine(cd.doc.Layout, f.Line)
		}
		bw.printf("%s: %s %s: %s\n", at, f.Severity, f.Rule, f.Message)
	}
	if len(cd.findings) > 0 {
		bw.printf("\n")
	}
	s := check.Summarize(cd.doc, cd.findings)
	bw.printf("共 %d 条：错误 %d，警告 %d，提示 %d\n", len(cd.findings),
		s.Findings[jixiao.SeverityError], s.Findings[jixiao.SeverityWarning], s.Findings[jixiao.SeverityInfo])
	bw.printf("目标质量（全表）：%s\n", checkQualityLine(s.Quality))
	if len(s.Units) > 1 {
		for _, u := range s.Units {
			bw.printf("  %s：%s\n", u.Unit, checkQualityLine(u.Quality))
		}
	}
	return bw.err
}

func checkGroup(f jixiao.Finding) string {
	switch {
	case f.ProjectSeq > 0:
		return fmt.Sprintf("项目%d %s（%s）", f.ProjectSeq, f.Project, f.Unit)
	case f.Unit != "":
		return "单位 " + f.Unit
	}
	return "全表"
}

func checkQualityLine(q check.Quality) string {
	pct := func(x float64) string { return fmt.Sprintf("%.1f%%", x*100) }
	return fmt.Sprintf("项目 %d 个，指标 %d 个；可衡量 %d（%s），方向性 %d（%s），引用表外数 %d（%s），照搬 %d（%s）；"+
		"含产出指标的项目 %s，含效益指标 %s，含满意度指标 %s",
		q.Projects, q.Indicators, q.Measurable, pct(q.MeasurableShare), q.Vague, pct(q.VagueShare),
		q.ExternalReference, pct(q.ExternalReferenceShare), q.Copied, pct(q.CopiedShare),
		pct(q.OutputShare), pct(q.BenefitShare), pct(q.SatisfactionShare))
}

// checkWriter keeps the first write error so that printing code stays flat.
type checkWriter struct {
	w   io.Writer
	err error
}

func (e *checkWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
