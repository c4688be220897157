package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

func init() {
	register(command{
		name:    "eval",
		summary: "绩效监控与自评：生成填报模板、记录实际完成情况、评分、监控亮灯",
		run:     runEval,
	})
}

var evalSubcommands = map[string]func(e *env, args []string) int{
	"template": runEvalTemplate,
	"record":   runEvalRecord,
	"score":    runEvalScore,
	"lights":   runEvalLights,
	"rounds":   runEvalRounds,
}

func runEval(e *env, args []string) int {
	if len(args) == 0 || evalSubcommands[args[0]] == nil {
		fmt.Fprintln(e.stderr, `用法:
  jixiao eval template [--document ID] [--round 名称] --format csv|xlsx -o 路径
  jixiao eval record   [--document ID] [--round 名称 [--cutoff YYYY-MM-DD]] 路径
  jixiao eval score    [--document ID] [--round 名称] [--format text|csv|json]
  jixiao eval lights   [--document ID] --round 名称 [--format text|json]
  jixiao eval rounds   [--document ID]
  jixiao eval import   [--document ID] 自评表文件   导入公开的项目支出绩效自评表，记为对应项目的年度自评
不带 --round 即年度自评；库中只有一个文档时可省略 --document。
共同参数: --db 数据库, --config 评分配置 JSON（缺省为财预〔2020〕10号的默认值）`)
		if len(args) == 0 {
			return exitBadInput
		}
		if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			return exitOK
		}
		fmt.Fprintf(e.stderr, "jixiao eval: 未知子命令 %q\n", args[0])
		return exitBadInput
	}
	return evalSubcommands[args[0]](e, args[1:])
}

// evalFlags are the flags every eval subcommand takes.
type evalFlags struct {
	fs       *flag.FlagSet
	name     string
	dsn      string
	document int64
	round    string
	config   string
}

func newEvalFlags(e *env, name string) *evalFlags {
	f := &evalFlags{fs: newFlags(e, "eval "+name), name: name}
	f.fs.StringVar(&f.dsn, "db", defaultDSN(e), "数据库（sqlite:路径 或 postgres://…）")
	f.fs.Int64Var(&f.document, "document", 0, "文档编号；库中只有一个文档时可省略")
	f.fs.StringVar(&f.round, "round", "", "监控轮次名称，如 2024年1-7月；省略即年度自评")
	f.fs.StringVar(&f.config, "config", "", "评分配置 JSON 文件（可选）")
	return f
}

// evalSession is an open store with the document and configuration an
// eval subcommand works on.
type evalSession struct {
	st  service.Store
	ev  jixiao.EvalStore
	doc *jixiao.Document
	cfg eval.Config
}

func (f *evalFlags) open(ctx context.Context) (*evalSession, error) {
	cfg, err := loadScoring(f.config)
	if err != nil {
		return nil, err
	}
	st, err := openExistingStore(ctx, f.dsn)
	if err != nil {
		return nil, err
	}
	s := &evalSession{st: st, cfg: cfg}
	if err := s.load(ctx, f.document); err != nil {
		st.Close()
		return nil, err
	}
	return s, nil
}

func (s *evalSession) load(ctx context.Context, id int64) error {
	s.ev = s.st.Eval()
	var err error
	if id == 0 {
		if id, err = onlyDocument(ctx, s.st); err != nil {
			return err
		}
	}
	s.doc, err = s.st.Document(ctx, id)
	if errors.Is(err, jixiao.ErrNotFound) {
		return fmt.Errorf("没有编号为 %d 的文档", id)
	}
	return err
}

// openRound opens the session and reads the round named by --round (the
// self-evaluation without it); a round not stored yet is an error when
// mustExist, else nil actuals.
func (f *evalFlags) openRound(ctx context.Context, mustExist bool) (*evalSession, *jixiao.Actuals, error) {
	s, err := f.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.actuals(ctx, f.round, mustExist)
	if err != nil {
		s.st.Close()
		return nil, nil, err
	}
	return s, a, nil
}

// actuals returns what is stored for the round, or (for a template) an
// empty set when nothing is.
func (s *evalSession) actuals(ctx context.Context, round string, mustExist bool) (*jixiao.Actuals, error) {
	if round == "" {
		round = jixiao.SelfEvalRoundName
	}
	a, err := s.ev.Actuals(ctx, s.doc.ID, round)
	if errors.Is(err, jixiao.ErrNotFound) {
		if mustExist {
			return nil, fmt.Errorf("文档 %d 还没有记录“%s”；先用 jixiao eval record 记录", s.doc.ID, round)
		}
		return nil, nil
	}
	return a, err
}

// evalFail reports err and returns the exit status for it.
func evalFail(e *env, name string, err error) int {
	fmt.Fprintf(e.stderr, "jixiao eval %s: %v\n", name, err)
	return exitBadInput
}

func runEvalTemplate(e *env, args []string) int {
	f := newEvalFlags(e, "template")
	var format, out string
	f.fs.StringVar(&format, "format", "", "csv（文件夹，内含 execution.csv 和 actuals.csv）或 xlsx（一个两张表的工作簿）；默认按 -o 的扩展名")
	f.fs.StringVar(&out, "o", "", "输出路径（csv 为文件夹，xlsx 为文件）")
	pos, err := parseInterspersed(f.fs, args)
	if err != nil {
		return exitBadInput
	}
	if len(pos) > 0 || out == "" {
		return evalFail(e, f.name, errors.New("用法: jixiao eval template [--document ID] --format csv|xlsx -o 路径"))
	}
	if format == "" {
		format = "csv"
		if strings.EqualFold(filepath.Ext(out), ".xlsx") {
			format = "xlsx"
		}
	}
	if format != "csv" && format != "xlsx" {
		return evalFail(e, f.name, fmt.Errorf("--format %q 无效，可选 csv、xlsx", format))
	}
	s, prefill, err := f.openRound(context.Background(), false)
	if err != nil {
		return evalFail(e, f.name, err)
	}
	defer s.st.Close()
	if err := writeTemplate(format, out, s.doc, prefill); err != nil {
		return evalFail(e, f.name, err)
	}
	fmt.Fprintf(e.stdout, "已写出填报模板 %s：%d 个项目，%d 项指标\n", out, len(s.doc.Projects), s.doc.IndicatorCount())
	return exitOK
}

// writeTemplate writes a workbook through a temporary file renamed at the
// end, so that a failure leaves no half-written file.
func writeTemplate(format, out string, doc *jixiao.Document, prefill *jixiao.Actuals) error {
	if format == "csv" {
		return eval.WriteTemplateCSV(out, doc, prefill)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".jixiao-template-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := eval.WriteTemplateXLSX(tmp, doc, prefill); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it private
		return err
	}
	return os.Rename(tmp.Name(), out)
}

func runEvalRecord(e *env, args []string) int {
	f := newEvalFlags(e, "record")
	var cutOff string
	f.fs.StringVar(&cutOff, "cutoff", "", "新监控轮次的截止日期 YYYY-MM-DD（默认从名称读出，如 2024年1-7月 → 2024-07-31）")
	pos, err := parseInterspersed(f.fs, args)
	if err != nil {
		return exitBadInput
	}
	if len(pos) != 1 {
		return evalFail(e, f.name, errors.New("用法: jixiao eval record [--document ID] [--round 名称] 文件夹或.xlsx"))
	}
	ctx := context.Background()
	s, err := f.open(ctx)
	if err != nil {
		return evalFail(e, f.name, err)
	}
	defer s.st.Close()
	a, err := s.record(ctx, pos[0], f.round, cutOff)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		fmt.Fprintln(e.stderr, "jixiao eval record: 未记录任何内容，请改正后重试")
		return exitBadInput
	}
	fmt.Fprintf(e.stdout, "已记录文档 %d 的“%s”：%d 个项目的执行数，%d 项指标的完成情况\n",
		s.doc.ID, a.Round.Name, len(a.Projects), len(a.Indicators))
	return exitOK
}

// operator is who acts at the command line: whoever can open the store's
// file or database administers it. The services check it like any
// account (an admin may open rounds and record actuals, on published
// documents only); the audit names it 系统.
var operator = &jixiao.User{Username: jixiao.SystemActor, Role: jixiao.RoleAdmin}

// record records the file or folder at path into the round called name
// through service.Monitoring, as the API and the pages do. A round not
// open yet is opened first, but only once the file has been read without
// a problem, so that a refused file leaves no empty round behind.
func (s *evalSession) record(ctx context.Context, path, name, cutOff string) (*jixiao.Actuals, error) {
	round, err := s.round(ctx, name, cutOff)
	if err != nil {
		return nil, err
	}
	read := func(doc *jixiao.Document, round jixiao.Round, cfg eval.Config) (*jixiao.Actuals, error) {
		return eval.ReadPath(path, doc, round, cfg)
	}
	if _, err := read(s.doc, round, s.cfg); err != nil {
		return nil, err
	}
	mon := service.New(s.st, s.cfg).Monitoring
	if round.ID == 0 && round.Name != jixiao.SelfEvalRoundName {
		if _, err := mon.OpenRound(ctx, operator, s.doc.ID, round.Name, cutOff); err != nil {
			return nil, err
		}
	}
	return mon.RecordActuals(ctx, operator, s.doc.ID, round.Name, read)
}

// round is the round to record into: the stored one of that name, else a
// new one (the self-evaluation without a name).
func (s *evalSession) round(ctx context.Context, name, cutOff string) (jixiao.Round, error) {
	rs, err := s.ev.Rounds(ctx, s.doc.ID)
	if err != nil {
		return jixiao.Round{}, err
	}
	want := strings.TrimSpace(name)
	if want == "" {
		want = jixiao.SelfEvalRoundName
	}
	for _, r := range rs {
		if r.Name == want {
			if cutOff != "" && r.CutOff.Format("2006-01-02") != cutOff {
				return r, fmt.Errorf("轮次“%s”已存在，截止日期为 %s，不能改为 %s", r.Name, r.CutOff.Format("2006-01-02"), cutOff)
			}
			return r, nil
		}
	}
	return eval.MonitoringRound(s.doc, want, cutOff)
}

func runEvalScore(e *env, args []string) int {
	f := newEvalFlags(e, "score")
	var format string
	f.fs.StringVar(&format, "format", "text", "text|csv|json")
	pos, err := parseInterspersed(f.fs, args)
	if err != nil {
		return exitBadInput
	}
	if len(pos) > 0 {
		return evalFail(e, f.name, fmt.Errorf("多余的参数 %q", strings.Join(pos, " ")))
	}
	if format != "text" && format != "csv" && format != "json" {
		return evalFail(e, f.name, fmt.Errorf("--format %q 无效，可选 text、csv、json", format))
	}
	s, a, err := f.openRound(context.Background(), true)
	if err != nil {
		return evalFail(e, f.name, err)
	}
	defer s.st.Close()
	r, scoreErr := eval.Score(s.cfg, s.doc, a)
	if r == nil {
		return evalFail(e, f.name, scoreErr)
	}
	switch format {
	case "csv":
		err = eval.WriteScoreCSV(e.stdout, r)
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	default:
		err = eval.WriteScoreText(e.stdout, r)
	}
	if err != nil {
		return evalFail(e, f.name, err)
	}
	if scoreErr != nil { // entries that the configuration in force cannot score
		fmt.Fprintln(e.stderr, "jixiao eval score: 以下填报内容未能计分：")
		var probs eval.Problems
		if errors.As(scoreErr, &probs) {
			for _, p := range probs {
				fmt.Fprintln(e.stderr, "  "+p.Error())
			}
		}
		return exitFindings
	}
	return exitOK
}

func runEvalLights(e *env, args []string) int {
	f := newEvalFlags(e, "lights")
	var format string
	f.fs.StringVar(&format, "format", "text", "text|json")
	pos, err := parseInterspersed(f.fs, args)
	if err != nil {
		return exitBadInput
	}
	if len(pos) > 0 || (format != "text" && format != "json") {
		return evalFail(e, f.name, errors.New("用法: jixiao eval lights [--document ID] --round 名称 [--format text|json]"))
	}
	s, a, err := f.openRound(context.Background(), true)
	if err != nil {
		return evalFail(e, f.name, err)
	}
	defer s.st.Close()
	pls := eval.Lights(s.cfg, s.doc, a)
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(map[string]any{"round": a.Round, "projects": pls})
	} else {
		err = eval.WriteLightsText(e.stdout, a.Round.Name, pls)
	}
	if err != nil {
		return evalFail(e, f.name, err)
	}
	return exitOK
}

func runEvalRounds(e *env, args []string) int {
	f := newEvalFlags(e, "rounds")
	if pos, err := parseInterspersed(f.fs, args); err != nil || len(pos) > 0 {
		return exitBadInput
	}
	ctx := context.Background()
	s, err := f.open(ctx)
	if err != nil {
		return evalFail(e, f.name, err)
	}
	defer s.st.Close()
	rs, err := s.ev.Rounds(ctx, s.doc.ID)
	if err != nil {
		return evalFail(e, f.name, err)
	}
	if len(rs) == 0 {
		fmt.Fprintf(e.stdout, "文档 %d 还没有任何轮次\n", s.doc.ID)
	}
	for _, r := range rs {
		kind := "监控"
		if r.Kind == jixiao.RoundSelfEval {
			kind = "自评"
		}
		cut := "—"
		if !r.CutOff.IsZero() {
			cut = r.CutOff.Format("2006-01-02")
		}
		fmt.Fprintf(e.stdout, "%s\t%s\t截至 %s\t更新于 %s\n", r.Name, kind, cut, r.UpdatedAt.Local().Format("2006-01-02 15:04"))
	}
	return exitOK
}
