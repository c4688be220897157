package web

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"jixiao"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// baseTemplate holds the layout and the partials every page may use; each
// other file in templates/ is one page, parsed into its own clone of the base
// so that the pages' {{define "content"}} blocks do not overwrite each other.
const baseTemplate = "templates/base.tmpl"

// pageSet maps a page name (its file name without .tmpl) to its template.
type pageSet struct {
	pages map[string]*template.Template
}

func parsePages(funcs template.FuncMap) (*pageSet, error) {
	base, err := template.New("base.tmpl").Funcs(funcs).ParseFS(templateFS, baseTemplate)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", baseTemplate, err)
	}
	files, err := fs.Glob(templateFS, "templates/*.tmpl")
	if err != nil {
		return nil, err
	}
	set := &pageSet{pages: map[string]*template.Template{}}
	for _, f := range files {
		if f == baseTemplate {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("%s defines no \"content\" block", f)
		}
		set.pages[strings.TrimSuffix(path.Base(f), ".tmpl")] = t
	}
	for _, name := range []string{"home", "document", "project", "search", "compare", "import", "error"} {
		if set.pages[name] == nil {
			return nil, fmt.Errorf("template %s.tmpl missing", name)
		}
	}
	return set, nil
}

// Layout is what the base layout needs from every page: the title, the
// breadcrumb and which navigation entry is current. Each page's data struct
// embeds it.
type Layout struct {
	Title  string  // what the page shows, without the site name
	Crumbs []Crumb // from the home page to the parent of this page
	Nav    string  // key of the navigation entry to mark as current
	Charts bool    // load ECharts and the chart script
}

// Crumb is one step of the breadcrumb.
type Crumb struct {
	Label string
	URL   string
}

// navItem is one entry of the main navigation.
type navItem struct {
	Key, Label, URL string
}

// navigation lists the main navigation, in the order the menu shows it.
var navigation = []navItem{
	{"home", "总览", "/"},
	{"search", "指标检索", "/search"},
	{"compare", "项目对比", "/compare"},
	{"library", "指标库", "/library"},
	{"import", "导入", "/import"},
	{"workflow", "填报审核", "/workflow"},
	{"account", "账号", "/account"},
	{"eval", "绩效评价", "/eval"},
	{"rectify", "整改台账", "/rectify"},
}

// render executes the named template of page into a buffer, so that a
// template error gives an error page instead of half a page, then writes it.
// When block is not empty only that block is written (an htmx partial).
func (s *site) render(w http.ResponseWriter, r *http.Request, status int, page, block string, data any) error {
	t := s.pages.pages[page]
	if t == nil {
		return fmt.Errorf("render: no page %q", page)
	}
	if block == "" {
		block = "layout"
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	buf.Reset()
	if err := t.ExecuteTemplate(buf, block, data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Vary", "HX-Request, HX-Target, Accept-Encoding")
	body := buf.Bytes()
	if len(body) > 8<<10 && acceptsGzip(r) {
		// A document page is mostly repeated markup: gzip cuts it to a
		// fifth, which matters on a slow government intranet.
		h.Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		zw := gzipWriters.Get().(*gzip.Writer)
		defer gzipWriters.Put(zw)
		zw.Reset(w)
		if _, err := zw.Write(body); err != nil {
			return err
		}
		return zw.Close()
	}
	w.WriteHeader(status)
	_, err := w.Write(body)
	return err
}

// Pages are executed into pooled buffers and gzipped by pooled writers
// (issue 18 item 3): a document page is hundreds of KB, and a fresh
// buffer grown to that size for each request, and a fresh compressor,
// were most of a page's garbage. A buffer grown past maxPooledBuffer
// (a whole big table) is left to the collector rather than kept.
var (
	pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	gzipWriters = sync.Pool{New: func() any {
		zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
		return zw
	}}
)

const maxPooledBuffer = 4 << 20

func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		pageBuffers.Put(b)
	}
}

// isHTMX reports whether the request comes from htmx and wants a fragment.
func isHTMX(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-History-Restore-Request") != "true"
}

// errorPage is the data of the error template.
type errorPage struct {
	Layout
	Status  int
	Message string
}

// fail writes the error page for err: 404 for a missing record, 422 for
// input that cannot be used, 500 (logged, with a generic message) otherwise.
func (s *site) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, jixiao.ErrUnauthenticated) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(cmp.Or(r.Referer(), r.URL.RequestURI())), http.StatusSeeOther)
		return
	}
	if r.Method == http.MethodPost && s.submitRefused(w, r, err) {
		return
	}
	status, msg := failure(err)
	switch {
	case status == http.StatusServiceUnavailable && jixiao.IsUnavailable(err):
		s.log.ErrorContext(r.Context(), "page failed: store unavailable", "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "5")
	case status == http.StatusServiceUnavailable:
		var busy *jixiao.BusyError
		if errors.As(err, &busy) {
			w.Header().Set("Retry-After", strconv.Itoa(busy.RetrySeconds()))
		}
	case status == http.StatusInternalServerError:
		s.log.ErrorContext(r.Context(), "page failed", "path", r.URL.Path, "err", err)
	}
	p := errorPage{Layout: Layout{Crumbs: []Crumb{{"总览", "/"}}}, Status: status, Message: msg}
	p.Title = map[int]string{404: "未找到", 422: "请求有误", 400: "请求有误", 403: "无权访问", 409: "无法执行",
		503: "服务暂时不可用"}[status]
	if p.Title == "" {
		p.Title = "出错了"
	}
	if rerr := s.render(w, r, status, "error", "", p); rerr != nil {
		http.Error(w, msg, status)
	}
}

// failure is the one table from errors to error pages: the status of the
// error's kind and the message to show, the error's own message for users
// (jixiao.ErrorMessage) when it has one, else the kind's.
func failure(err error) (int, string) {
	var fe *jixiao.FieldError
	for _, k := range []struct {
		is       bool
		status   int
		fallback string
	}{
		{errors.As(err, &fe), http.StatusBadRequest, ""},
		{errors.Is(err, jixiao.ErrBusy), http.StatusServiceUnavailable, "服务器正忙，请稍后重试。"},
		{jixiao.IsUnavailable(err), http.StatusServiceUnavailable, unavailable},
		{errors.Is(err, jixiao.ErrNotFound), http.StatusNotFound, "没有找到这个页面或记录，它可能已被删除。"},
		{errors.Is(err, jixiao.ErrDuplicate), http.StatusConflict, "该文件已经导入过。"},
		{errors.Is(err, jixiao.ErrConflict), http.StatusConflict, "与当前数据冲突，请刷新后重试。"},
		{errors.Is(err, jixiao.ErrInvalid), http.StatusUnprocessableEntity, "请求的参数不正确。"},
		{errors.Is(err, jixiao.ErrForbidden), http.StatusForbidden, "您没有权限查看此页面。"},
	} {
		if !k.is {
			continue
		}
		if k.status == http.StatusNotFound || k.fallback == unavailable {
			// A hidden draft's page is that of a missing id; the store's
			// own text about an outage is for the log.
			return k.status, k.fallback
		}
		return k.status, cmp.Or(jixiao.ErrorMessage(err), k.fallback)
	}
	return http.StatusInternalServerError, "服务器内部错误，请稍后重试或联系管理员。"
}

const unavailable = "服务暂时不可用（数据库无法连接或磁盘已满）。您的请求没有保存，请稍后重试；如果持续出现，请联系管理员。"

// invalid is an ErrInvalid about a bad request parameter, its message
// in Chinese for the page.
func invalid(format string, args ...any) error {
	return jixiao.Errorf(jixiao.ErrInvalid, format, args...)
}

// funcs are the template functions; they must be registered before parsing.
func (s *site) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":       func(name string) string { return s.static.url(name) },
		"nav":         func() []navItem { return navigation },
		"money":       func(m jixiao.Money, u jixiao.MoneyUnit) string { return m.FormatGrouped(u) },
		"moneyUnit":   moneyUnitLabel,
		"sevClass":    func(sev jixiao.Severity) string { return "sev-" + string(sev) },
		"sevLabel":    func(sev jixiao.Severity) string { return sev.Label() },
		"opLabel":     jixiao.Comparator.Symbol,
		"highlight":   highlight,
		"add":         func(a, b int) int { return a + b },
		"percent":     percent,
		"severities":  func() []jixiao.Severity { return severities },
		"amountsOf":   func(a jixiao.Amounts, u jixiao.MoneyUnit) amountCells { return amountCells{a, u} },
		"sevCount":    func(m map[jixiao.Severity]int, sev string) int { return m[jixiao.Severity(sev)] },
		"demo":        func() bool { return len(s.opts.Demo) > 0 },
		"beijing":     beijingTime,
		"beijingDate": jixiao.BeijingDate,
		// the audit trail's times, to the second
		"beijingSeconds": func(t time.Time) string { return t.In(jixiao.Beijing).Format("2006-01-02 15:04:05") },
		// a change that deletes or adds a whole indicator ("indicators[2]"),
		// which the history writes as one line without an arrow
		"wholeIndicator": func(c jixiao.Change) bool {
			return strings.HasPrefix(c.Field, "indicators[") && !strings.Contains(c.Field, ".")
		},
		"groupURL": groupURL,
		"minPeers": func() int { return s.svc.Peers.MinCount },
	}
}

// beijingTime formats t to the minute in Beijing time.
func beijingTime(t time.Time) string { return t.In(jixiao.Beijing).Format("2006-01-02 15:04") }

// amountCells is the argument of the "amounts" template: a row's four
// amounts and the unit they are printed in. Its methods print each cell as
// the table does: grouped, or empty where the source left it blank.
type amountCells struct {
	A jixiao.Amounts
	U jixiao.MoneyUnit
}

func (c amountCells) Total() string          { return c.A.Cell(jixiao.ColTotal, c.U) }
func (c amountCells) Fiscal() string         { return c.A.Cell(jixiao.ColFiscal, c.U) }
func (c amountCells) SpecialAccount() string { return c.A.Cell(jixiao.ColSpecialAccount, c.U) }
func (c amountCells) Other() string          { return c.A.Cell(jixiao.ColOther, c.U) }

var severities = []jixiao.Severity{jixiao.SeverityError, jixiao.SeverityWarning, jixiao.SeverityInfo}

// moneyUnitLabel names the unit a document's amounts are in; an unknown unit
// is 万元 as jixiao.MoneyUnit.Fen says.
func moneyUnitLabel(u jixiao.MoneyUnit) string { return u.Label() }

// percent formats n/total as a whole percentage, "—" when total is 0.
func percent(n, total int) string {
	if total == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", float64(n)*100/float64(total))
}

// segment is a piece of text, marked when it matches the search.
type segment struct {
	Text  string
	Match bool
}

// highlight splits text around every occurrence of q so that templates can
// wrap the matches in <mark> while html/template still escapes each piece.
func highlight(text, q string) []segment {
	q = strings.TrimSpace(q)
	if q == "" {
		return []segment{{Text: text}}
	}
	var out []segment
	for {
		i := strings.Index(text, q)
		if i < 0 {
			break
		}
		if i > 0 {
			out = append(out, segment{Text: text[:i]})
		}
		out = append(out, segment{Text: q, Match: true})
		text = text[i+len(q):]
	}
	if text != "" {
		out = append(out, segment{Text: text})
	}
	return out
}
