package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
	"golang.org/x/text/width"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/importer"
	"jixiao/internal/service"
)

func init() {
	register(command{name: "import", summary: "导入绩效目标表（文件或文件夹，可多个），每个文件单独成事务", run: runImport})
}

// importable are the extensions tried when walking a folder; other files
// in a folder are listed as skipped. Files named on the command line are
// always tried.
var importable = map[string]bool{".txt": true, ".md": true, ".csv": true, ".xlsx": true, ".pdf": true}

// fileResult is one line of the summary table.
type fileResult struct {
	path     string
	status   string // short, for the summary: 已导入为文档 N, 已导入，文档 N, 无法读取, …
	problem  string // why it failed, as file:line: message
	doc      *jixiao.Document
	dupOf    int64
	failed   bool // the file could not be read or stored: exit status 2
	findings bool // parse.* error findings: exit status 1
}

func runImport(e *env, args []string) int {
	fs := newFlags(e, "import")
	dsn := fs.String("db", defaultDSN(e), "数据库：sqlite:路径、文件路径或 postgres://… 连接串（默认 $JIXIAO_DB，否则 sqlite:jixiao.db）")
	year := fs.Int("year", 0, "预算年度（默认从表中或文件名中识别）")
	minPeers := minPeersFlag(fs)
	setSynopsis(e, fs, "jixiao import [--db DSN] [--year N] [--min-peers N] 文件或文件夹...")
	paths, err := parseInterspersed(fs, args)
	if err != nil || !validMinPeers(e, "import", *minPeers) {
		return exitBadInput
	}
	if len(paths) == 0 {
		fmt.Fprintln(e.stderr, "用法: jixiao import [--db DSN] [--year N] 文件或文件夹...")
		return exitBadInput
	}
	results := collectFiles(e, paths)
	todo := 0
	for _, r := range results {
		if r.status == "" {
			todo++
		}
	}
	ctx := context.Background()
	st, err := openStore(ctx, *dsn)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao import:", err)
		return exitBadInput
	}
	defer st.Close()
	svc := service.New(st, eval.Default())
	svc.Peers.MinCount = *minPeers
	checks := svc.Checks // links each table to last year's and judges it against its peers
	bar := newBar(e, todo)
	for i, r := range results {
		if r.status != "" {
			continue
		}
		bar.Describe(filepath.Base(r.path))
		results[i] = importFile(ctx, st, r.path, importer.Options{Year: *year, Context: checks.ForImport(nil)})
		bar.Clear()
		report(e.stdout, e.stderr, results[i])
		bar.Add(1)
	}
	bar.Finish()
	printSummary(e.stdout, results)
	return exitStatus(results)
}

// collectFiles expands folders (recursively, by extension) and keeps named
// files, in order; files to import have an empty status, the rest (skipped,
// missing) a result already.
func collectFiles(e *env, paths []string) []fileResult {
	var out []fileResult
	unreadable := func(path string, err error) {
		out = append(out, fileResult{path: path, status: "无法读取", failed: true})
		fmt.Fprintf(e.stderr, "%s: 无法读取：%v\n", path, plainErr(err))
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			unreadable(p, err)
			continue
		}
		if !info.IsDir() {
			out = append(out, fileResult{path: p})
			continue
		}
		// WalkDir visits in lexical order.
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				unreadable(path, err)
			case d.Type().IsRegular() && importable[strings.ToLower(filepath.Ext(path))]:
				out = append(out, fileResult{path: path})
			case d.Type().IsRegular():
				out = append(out, fileResult{path: path, status: "已跳过（不支持的文件类型）"})
			}
			return nil
		})
	}
	return out
}

func plainErr(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("文件不存在")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("没有读取权限")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// importFile reads, checks and stores one file in its own transaction.
func importFile(ctx context.Context, st jixiao.Store, path string, opt importer.Options) fileResult {
	r := fileResult{path: path}
	if info, err := os.Stat(path); err == nil && info.Size() > importer.MaxBytes {
		// Refused before it is read, as the server refuses a larger body.
		r.status, r.problem, r.failed = "无法读取", importer.TooLarge(path, info.Size()).Error(), true
		return r
	}
	data, err := os.ReadFile(path)
	if err != nil {
		r.status, r.problem, r.failed = "无法读取", fmt.Sprintf("%s: 无法读取：%v", path, plainErr(err)), true
		return r
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	doc, err := importer.Import(ctx, st, path, data, opt)
	var dup *jixiao.DuplicateError
	var in *jixiao.InputError
	switch {
	case errors.As(err, &dup):
		r.status, r.dupOf = fmt.Sprintf("已导入，文档 %d", dup.DocumentID), dup.DocumentID
	case errors.As(err, &in):
		r.status, r.problem, r.failed = "无法读取", in.Error(), true
	case err != nil:
		r.status, r.problem, r.failed = "保存失败", fmt.Sprintf("%s: 保存失败：%v", path, err), true
	default:
		r.doc, r.status = doc, fmt.Sprintf("已导入为文档 %d", doc.ID)
		for _, f := range doc.Findings {
			if isParseFinding(f) && f.Severity == jixiao.SeverityError {
				r.findings = true
				r.status = fmt.Sprintf("已导入为文档 %d，有无法识别的内容", doc.ID)
			}
		}
	}
	return r
}

func isParseFinding(f jixiao.Finding) bool { return strings.HasPrefix(f.Rule, "parse.") }

// report prints one file's outcome: its counts, or why it failed, and the
// readers' parse.* findings as file:line: severity rule: message.
func report(w, errw io.Writer, r fileResult) {
	if r.problem != "" {
		fmt.Fprintln(errw, r.problem)
		return
	}
	if r.doc == nil {
		fmt.Fprintf(w, "%s: %s\n", r.path, r.status)
		return
	}
	d := r.doc
	fmt.Fprintf(w, "%s: 版式 %s，单位 %d，项目 %d，指标 %d，合计 %s，文档 %d\n", r.path, d.Layout,
		len(d.Units), len(d.Projects), d.IndicatorCount(), totalText(d), d.ID)
	counts := map[jixiao.Severity]int{}
	for _, f := range d.Findings {
		if isParseFinding(f) {
			fmt.Fprintf(w, "%s:%s: %s %s: %s\n", r.path, jixiao.SourceLine(d.Layout, f.Line), f.Severity, f.Rule, f.Message)
			continue
		}
		counts[f.Severity]++
	}
	if len(counts) > 0 {
		fmt.Fprintf(w, "%s: 审核发现 错误 %d、警告 %d、提示 %d（jixiao check 查看详情）\n", r.path,
			counts[jixiao.SeverityError], counts[jixiao.SeverityWarning], counts[jixiao.SeverityInfo])
	}
}

func exitStatus(rs []fileResult) int {
	status := exitOK
	for _, r := range rs {
		if r.failed {
			return exitBadInput
		}
		if r.findings {
			status = exitFindings
		}
	}
	return status
}

// printSummary lists every file with its result, aligned for Chinese text.
func printSummary(w io.Writer, rs []fileResult) {
	if len(rs) < 2 {
		return
	}
	rows := [][]string{{"文件", "项目", "指标", "结果"}}
	for _, r := range rs {
		p, i := "", ""
		if r.doc != nil {
			p, i = fmt.Sprint(len(r.doc.Projects)), fmt.Sprint(r.doc.IndicatorCount())
		}
		rows = append(rows, []string{r.path, p, i, r.status})
	}
	widths := make([]int, 3)
	for _, row := range rows {
		for c := range widths {
			widths[c] = max(widths[c], displayWidth(row[c]))
		}
	}
	fmt.Fprintf(w, "\n共 %d 个文件：\n", len(rs))
	for _, row := range rows {
		for c := range widths {
			fmt.Fprint(w, row[c], strings.Repeat(" ", widths[c]-displayWidth(row[c])+2))
		}
		fmt.Fprintln(w, row[3])
	}
}

// displayWidth counts East Asian wide characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// newBar draws progress on stderr only when it is a terminal, so piped or
// logged output stays clean.
func newBar(e *env, n int) *progressbar.ProgressBar {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || n < 2 {
		return progressbar.DefaultSilent(int64(n))
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(f), progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30), progressbar.OptionClearOnFinish(), progressbar.OptionSetDescription("导入"))
}

// totalText is the document's total as its 合计 row states it, with the sum
// of its projects beside it when the two differ, so that the line printed
// matches the table the user holds.
func totalText(d *jixiao.Document) string {
	sum := d.Total().Total
	if !d.HasStated || d.Stated.Total == sum {
		return sum.FormatGrouped(d.MoneyUnit) + " " + string(d.MoneyUnit)
	}
	return fmt.Sprintf("%s %s（各项目相加 %s）", d.Stated.Total.FormatGrouped(d.MoneyUnit), d.MoneyUnit, sum.FormatGrouped(d.MoneyUnit))
}
