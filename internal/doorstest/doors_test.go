package doorstest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create the PostgreSQL test database

	"jixiao"
	"jixiao/internal/api"
	"jixiao/internal/auth"
	"jixiao/internal/eval"
	"jixiao/internal/importer"
	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/server"
	"jixiao/internal/service"
	"jixiao/internal/sqlite"
	"jixiao/internal/web"
)

// store is what the tests need of a store: the services' (data, workflow,
// evaluations and the data generation; both engines are all of it).
type store = service.Store

// doors is the running site: the server of cmd/jixiao's serve over st.
type doors struct {
	srv  *httptest.Server
	base string
}

// newDoors builds the server as cmd/jixiao/wire.go does (the services over
// the store with the default scoring, one session manager, the pages, then
// server.New with the API's default cache) and serves it over real HTTP. It
// is the one place that knows the wiring.
func newDoors(st service.Store) (*doors, error) {
	log := slog.New(slog.DiscardHandler)
	if _, err := api.Document(); err != nil {
		return nil, fmt.Errorf("OpenAPI document: %w", err)
	}
	svc := service.New(st, eval.Default())
	m := auth.NewManager(st.Workflow())
	m.Logger = log
	pages, err := web.New(svc, m, web.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	// APICacheBytes 0 is api.DefaultCacheBytes, what serve's --api-cache defaults to.
	srv := server.New(server.Config{Store: st, Services: svc, Auth: m, Pages: pages, Logger: log, APICacheBytes: 0})
	ts := httptest.NewServer(srv.Handler())
	return &doors{srv: ts, base: ts.URL}, nil
}

// world is one engine's shared fixture: the store, the running server, the
// published Liwan table every case copies its own draft from, one account
// per role and scope, each logged in through the API (a bearer token) and
// through the login page (a cookie jar and the CSRF token of its forms).
type world struct {
	engine string
	dsn    string // for the CLI
	st     store
	wf     jixiao.WorkflowStore
	ev     jixiao.EvalStore
	d      *doors
	source *jixiao.Document
	unitA  string // the unit of source.Projects[0]
	unitB  string // another unit of the same document
	users  map[string]*jixiao.User
	tokens map[string]string
	pages  map[string]*browser
}

// The accounts. "filer" writes unit A, "filer-b" unit B of the same
// document and department; the -out accounts belong to another department.
func accounts(doc *jixiao.Document, unitA, unitB string) map[string]*jixiao.User {
	return map[string]*jixiao.User{
		"filer":     {Username: "甲单位填报人", Role: jixiao.RoleFiler, Unit: unitA},
		"filer-b":   {Username: "乙单位填报人", Role: jixiao.RoleFiler, Unit: unitB},
		"filer-out": {Username: "外部门填报人", Role: jixiao.RoleFiler, Unit: "广州市越秀区教育局"},
		"dept":      {Username: "主管部门审核人", Role: jixiao.RoleDeptReviewer, Department: doc.Agency},
		"dept-out":  {Username: "外部门审核人", Role: jixiao.RoleDeptReviewer, Department: "广州市越秀区教育局"},
		"finance":   {Username: "财政审核人", Role: jixiao.RoleFinanceReviewer},
		"admin":     {Username: "管理员", Role: jixiao.RoleAdmin},
	}
}

const (
	password   = "门与门之间一致的测试密码"
	sourceFile = "liwan-hrss-bureau-2024.md"
	otherFile  = "huadu-employment-center-2024.txt"
)

// The package's shared state, set up by TestMain.
var (
	worlds  []*world
	cliPath string // the built jixiao binary, "" when it could not be built
	cliErr  error
)

func TestMain(m *testing.M) {
	code, cleanup := setup()
	if code == 0 {
		code = m.Run()
	}
	cleanup()
	os.Exit(code)
}

func setup() (int, func()) {
	var cleanups []func()
	cleanup := func() {
		for _, c := range slices.Backward(cleanups) {
			c()
		}
	}
	dir, err := os.MkdirTemp("", "doorstest")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1, cleanup
	}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	var wg sync.WaitGroup
	wg.Go(func() { cliPath, cliErr = buildCLI(dir) })
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(dir, "doors.db")
	sq, err := sqlite.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sqlite:", err)
		return 1, cleanup
	}
	cleanups = append(cleanups, func() { sq.Close() })
	engines := []struct {
		name, dsn string
		st        store
	}{{"sqlite", dsn, sq}}
	if server := strings.TrimSpace(os.Getenv(pgtest.EnvVar)); server != "" {
		pgdsn, drop, err := createPostgres(ctx, server)
		if err != nil {
			fmt.Fprintln(os.Stderr, "postgres:", err)
			return 1, cleanup
		}
		cleanups = append(cleanups, drop)
		pg, err := postgres.Open(ctx, pgdsn)
		if err != nil {
			fmt.Fprintln(os.Stderr, "postgres:", err)
			return 1, cleanup
		}
		cleanups = append(cleanups, func() { pg.Close() })
		engines = append(engines, struct {
			name, dsn string
			st        store
		}{"postgres", pgdsn, pg})
	}
	for _, e := range engines {
		w, err := newWorld(ctx, e.name, e.dsn, e.st)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", e.name, err)
			return 1, cleanup
		}
		cleanups = append(cleanups, w.d.srv.Close)
		worlds = append(worlds, w)
	}
	wg.Wait()
	return 0, cleanup
}

// buildCLI builds cmd/jixiao into dir, as a user installs it.
func buildCLI(dir string) (string, error) {
	bin := filepath.Join(dir, "jixiao")
	out, err := exec.Command("go", "build", "-o", bin, "jixiao/cmd/jixiao").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build jixiao/cmd/jixiao: %v\n%s", err, out)
	}
	return bin, nil
}

// createPostgres makes a database of its own on the server of
// JIXIAO_TEST_POSTGRES, as pgtest.DSN does for a single test, and returns
// its DSN and the function that drops it.
func createPostgres(ctx context.Context, server string) (string, func(), error) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", nil, err
	}
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("%s is set but PostgreSQL does not answer: %w", pgtest.EnvVar, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "jixiao_doors_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+
		` ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`); err != nil {
		admin.Close()
		return "", nil, err
	}
	drop := func() {
		admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		admin.Close()
	}
	u, err := url.Parse(server)
	if err != nil {
		drop()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

func newWorld(ctx context.Context, engine, dsn string, st store) (*world, error) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", sourceFile))
	if err != nil {
		return nil, err
	}
	src, err := importer.Import(ctx, st, sourceFile, data, importer.Options{})
	if err != nil {
		return nil, err
	}
	w := &world{engine: engine, dsn: dsn, st: st, wf: st.Workflow(), ev: st.Eval(),
		unitA: src.Projects[0].Unit, tokens: map[string]string{}, pages: map[string]*browser{}}
	// The cases copy their drafts from a published table of two projects,
	// the first of unit A and the first of another unit B of the sample, so
	// that taking a draft through the review costs a few transactions.
	small := *src
	small.ID, small.SHA256, small.SourceName = 0, "doorstest-two-projects", "doorstest（"+sourceFile+" 的前两个单位）"
	small.HasStated, small.Findings, small.Units, small.Projects = false, nil, nil, nil
	for _, p := range src.Projects {
		if len(small.Projects) == 0 && p.Unit == w.unitA || len(small.Projects) == 1 && p.Unit != w.unitA {
			p.ID, p.DocumentID, p.Seq = 0, 0, len(small.Projects)+1
			small.Projects = append(small.Projects, p)
		}
	}
	if len(small.Projects) != 2 {
		return nil, fmt.Errorf("%s has one unit only", sourceFile)
	}
	w.unitB = small.Projects[1].Unit
	for _, u := range src.Units {
		if u.Name == w.unitA || u.Name == w.unitB {
			small.Units = append(small.Units, u)
		}
	}
	if err := st.SaveDocument(ctx, &small, jixiao.Actor(nil)); err != nil {
		return nil, err
	}
	w.source = &small
	d, err := newDoors(st)
	if err != nil {
		return nil, err
	}
	w.d = d
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	w.users = accounts(src, w.unitA, w.unitB)
	for key, u := range w.users {
		if err := w.wf.CreateUser(ctx, u, hash, jixiao.Actor(nil)); err != nil {
			return nil, err
		}
		if w.tokens[key], err = w.apiLogin(u.Username); err != nil {
			return nil, err
		}
		if w.pages[key], err = w.pageLogin(u.Username); err != nil {
			return nil, err
		}
	}
	w.pages[""] = newBrowser(w.d.base) // the visitor
	return w, nil
}

// apiLogin logs in through POST /api/v1/session and returns the token.
func (w *world) apiLogin(name string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": name, "password": password})
	resp, err := http.Post(w.d.base+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var s struct{ Token string }
	json.NewDecoder(resp.Body).Decode(&s)
	if resp.StatusCode != 200 || s.Token == "" {
		return "", fmt.Errorf("API login %s: %d", name, resp.StatusCode)
	}
	return s.Token, nil
}

// pageLogin logs in through the login form, as a browser does, and reads
// the CSRF token of the page it lands on.
func (w *world) pageLogin(name string) (*browser, error) {
	b := newBrowser(w.d.base)
	if _, err := b.get("/login"); err != nil {
		return nil, err
	}
	r, err := b.post("/login", url.Values{"username": {name}, "password": {password}, "next": {"/workflow"}})
	if err != nil {
		return nil, err
	}
	if r.status != http.StatusSeeOther {
		return nil, fmt.Errorf("page login %s: %d", name, r.status)
	}
	if _, err := b.get("/account"); err != nil {
		return nil, err
	}
	if b.csrf == "" {
		return nil, fmt.Errorf("page login %s: no CSRF token on /account", name)
	}
	return b, nil
}

// browser is a browser-like client: a cookie jar, redirects not followed
// (the tests look at them), the headers a browser sends on a same-origin
// form post, and the CSRF token of the last page it read.
type browser struct {
	base string
	c    *http.Client
	mu   sync.Mutex
	csrf string
}

func newBrowser(base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{base: base, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// answer is a response with its body read.
type answer struct {
	status   int
	location string
	body     string
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (b *browser) do(req *http.Request) (answer, error) {
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if req.Method != http.MethodGet {
		req.Header.Set("Origin", b.base)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := csrfInput.FindSubmatch(body); m != nil {
		b.mu.Lock()
		b.csrf = string(m[1])
		b.mu.Unlock()
	}
	return answer{resp.StatusCode, resp.Header.Get("Location"), string(body)}, nil
}

func (b *browser) token() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.csrf
}

func (b *browser) get(path string) (answer, error) {
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	return b.do(req)
}

// post sends a form with the CSRF token the session's pages carry (none
// for a visitor, whose pages have none).
func (b *browser) post(path string, form url.Values) (answer, error) {
	if form.Get(auth.CSRFField) == "" && b.token() != "" {
		form.Set(auth.CSRFField, b.token())
	}
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// upload posts a multipart form: the CSRF token first, as the import form
// puts it, then the file in field "file".
func (b *browser) upload(path, name string, data []byte) (answer, error) {
	return b.do(uploadRequest(b.base+path, b.token(), name, data))
}

// uploadRequest is a POST of a multipart form to u: the CSRF token first
// (when there is one), then the file in field "file".
func uploadRequest(u, csrf, name string, data []byte) *http.Request {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if csrf != "" {
		mw.WriteField(auth.CSRFField, csrf)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, u, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

// formValues reads the inputs, selects and textareas of the form whose
// opening tag holds marker (`action="/workflow/projects/7"`) in a page, as
// a browser would submit them (checkboxes left out: the tests tick none).
func formValues(page, marker string) url.Values {
	v := url.Values{}
	start := strings.Index(page, marker)
	if start < 0 {
		return v
	}
	form := page[start:]
	if end := strings.Index(form, "</form>"); end >= 0 {
		form = form[:end]
	}
	attr := func(tag, name string) (string, bool) {
		m := regexp.MustCompile(`\s` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return "", false
		}
		return htmlUnescape(m[1]), true
	}
	for _, tag := range regexp.MustCompile(`<input[^>]*>`).FindAllString(form, -1) {
		name, ok := attr(tag, "name")
		typ, _ := attr(tag, "type")
		if !ok || typ == "checkbox" || typ == "radio" || typ == "submit" || typ == "file" {
			continue
		}
		val, _ := attr(tag, "value")
		v.Add(name, val)
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(form, -1) {
		opts := regexp.MustCompile(`<option value="([^"]*)"([^>]*)>`).FindAllStringSubmatch(m[2], -1)
		if len(opts) == 0 {
			continue
		}
		val := opts[0][1]
		for _, o := range opts {
			if strings.Contains(o[2], "selected") {
				val = o[1]
			}
		}
		v.Set(m[1], htmlUnescape(val))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form, -1) {
		v.Set(m[1], htmlUnescape(strings.TrimPrefix(m[2], "\n")))
	}
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`,
		"&#43;", "+", "&amp;", "&").Replace(s)
}

// apiCall sends a JSON request to the API as account key ("" a visitor)
// and returns the answer.
func (w *world) apiCall(t *testing.T, key, method, path string, body any) answer {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, w.d.base+"/api/v1"+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return w.apiDo(t, key, req)
}

func (w *world) apiDo(t *testing.T, key string, req *http.Request) answer {
	t.Helper()
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+w.tokens[key])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header.Get("Location"), string(b)}
}

// apiUpload posts a file to POST /api/v1/documents (multipart, field
// "file") as account key.
func (w *world) apiUpload(t *testing.T, key, name string, data []byte) answer {
	t.Helper()
	return w.apiDo(t, key, uploadRequest(w.d.base+"/api/v1/documents", "", name, data))
}

// page returns account key's browser ("" the visitor's).
func (w *world) page(key string) *browser { return w.pages[key] }

// pageGet and pagePost are the browser's get and post, failing t on a
// transport error.
func (w *world) pageGet(t *testing.T, key, path string) answer {
	t.Helper()
	a, err := w.page(key).get(path)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (w *world) pagePost(t *testing.T, key, path string, form url.Values) answer {
	t.Helper()
	a, err := w.page(key).post(path, form)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// cli runs the built jixiao binary with args and returns its exit status
// and output.
func (w *world) cli(t *testing.T, args ...string) (int, string) {
	t.Helper()
	if cliPath == "" {
		t.Fatalf("the CLI was not built: %v", cliErr)
	}
	cmd := exec.Command(cliPath, args...)
	cmd.Env = append(os.Environ(), "JIXIAO_DB=")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

// eachWorld runs f once per engine, in parallel subtests.
func eachWorld(t *testing.T, f func(t *testing.T, w *world)) {
	for _, w := range worlds {
		t.Run(w.engine, func(t *testing.T) {
			t.Parallel()
			f(t, w)
		})
	}
	if len(worlds) == 1 {
		t.Run("postgres", func(t *testing.T) {
			t.Skipf("PostgreSQL skipped: set %s, e.g. %s='postgres://postgres@127.0.0.1:5432/test?sslmode=disable'", pgtest.EnvVar, pgtest.EnvVar)
		})
	}
}
