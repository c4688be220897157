//go:build stress

package stress

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/gen"
	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/sqlite"
)

// killProjects is the size of the table killed mid-import
// (STRESS_KILL_PROJECTS, default 6000): large enough that an import takes
// seconds, so that the kills land while it reads, while it writes and
// around the commit.
var killProjects = envInt("STRESS_KILL_PROJECTS", 6000)

// killAt are the moments of the kill, as fractions of how long a whole
// import takes on the same machine and engine.
var killAt = []float64{0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 1.05}

// TestKillMidImport (issue 14, item 6): kill -9 of the CLI and of the
// server in the middle of an import leaves a consistent store on each
// engine — either the whole document with its import entry in the audit
// log, or nothing of it — and the same file then imports (or is refused as
// a duplicate of the whole stored document) as if nothing had happened.
func TestKillMidImport(t *testing.T) {
	bin := buildJixiao(t)
	doc := gen.Generate(killProjects, 14)
	file := filepath.Join(t.TempDir(), "广州市荔湾区人力资源和社会保障局2024年项目支出绩效目标表.md")
	if err := os.WriteFile(file, gen.Render(doc, gen.Markdown), 0o644); err != nil {
		t.Fatal(err)
	}
	engines := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "kill.db") },
	}
	if os.Getenv("JIXIAO_TEST_POSTGRES") != "" {
		engines["postgres"] = func(t *testing.T) string { return pgtest.DSN(t, "jixiao_kill") }
	}
	for name, newDSN := range engines {
		t.Run(name+"/cli", func(t *testing.T) {
			k := &killRun{t: t, bin: bin, file: file, want: doc}
			k.run(newDSN(t), k.cliImport)
		})
		t.Run(name+"/server", func(t *testing.T) {
			k := &killRun{t: t, bin: bin, file: file, want: doc}
			k.run(newDSN(t), k.serverImport)
		})
	}
}

// killRun kills imports of one file into one store.
type killRun struct {
	t    *testing.T
	bin  string
	file string
	want *jixiao.Document
}

// importStarter starts an import into dsn and returns the running process and
// a wait for the import's end (nil when it succeeded).
type importStarter func(dsn string) (proc *os.Process, wait func() error)

// run times a whole import into a scratch store, then kills an import at
// each killAt fraction of that time, checking the store after every kill,
// and finally lets one run to its end.
func (k *killRun) run(dsn string, start importStarter) {
	k.t.Helper()
	k.addAdmin(dsn)
	full := k.timeWholeImport(start)
	k.t.Logf("a whole import takes %v", full)
	for _, f := range killAt {
		proc, wait := start(dsn)
		time.Sleep(time.Duration(f * float64(full)))
		_ = proc.Kill() // SIGKILL: no deferred cleanup, no rollback by the process
		_ = wait()
		k.checkStore(dsn, fmt.Sprintf("kill at %.0f%%", f*100))
	}
	_, wait := start(dsn)
	err := wait()
	n := k.checkStore(dsn, "after the kills, a last import to its end")
	if n != 1 {
		k.t.Errorf("after a last import to its end the store holds %d copies of the table (want 1); import: %v", n, err)
	}
}

// timeWholeImport imports the file into a store of its own and returns
// how long that took.
func (k *killRun) timeWholeImport(start importStarter) time.Duration {
	dsn := "sqlite:" + filepath.Join(k.t.TempDir(), "timing.db")
	if strings.HasPrefix(k.t.Name(), "TestKillMidImport/postgres") {
		dsn = pgtest.DSN(k.t, "jixiao_kill_timing")
	}
	k.addAdmin(dsn)
	t0 := time.Now()
	_, wait := start(dsn)
	if err := wait(); err != nil {
		k.t.Fatalf("a whole import without kill failed: %v", err)
	}
	return time.Since(t0)
}

// addAdmin creates the account the server imports as (the CLI needs none).
func (k *killRun) addAdmin(dsn string) {
	cmd := exec.Command(k.bin, "user", "add", "--db", dsn, "--role", "admin", "--username", "ops")
	cmd.Stdin = strings.NewReader(killPassword + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		k.t.Fatalf("user add: %v\n%s", err, out)
	}
}

const killPassword = "kill-nine-mid-import"

// cliImport runs `jixiao import`.
func (k *killRun) cliImport(dsn string) (*os.Process, func() error) {
	cmd := exec.Command(k.bin, "import", "--db", dsn, k.file)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		k.t.Fatal(err)
	}
	return cmd.Process, func() error {
		err := cmd.Wait()
		if err != nil && !killed(err) && !strings.Contains(out.String(), "已经导入") {
			return fmt.Errorf("%v: %s", err, out.String())
		}
		return nil
	}
}

// serverImport starts `jixiao serve` and uploads the file through the API
// as the admin; the process killed is the server.
func (k *killRun) serverImport(dsn string) (*os.Process, func() error) {
	addr := freeAddr(k.t)
	cmd := exec.Command(k.bin, "serve", "--db", dsn, "--addr", addr)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		k.t.Fatal(err)
	}
	base := "http://" + addr
	waitHealthy(k.t, base, &out)
	token := login(k.t, base)
	done := make(chan error, 1)
	go func() { done <- upload(base, token, k.file) }()
	return cmd.Process, func() error {
		err := <-done
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return err
	}
}

// checkStore opens the store after a kill and checks that the table is
// there whole or not at all, with its import entry, and that the engine
// sees no damage. It returns how many copies of the table are stored.
func (k *killRun) checkStore(dsn, when string) int {
	k.t.Helper()
	ctx := context.Background()
	st, err := openStore(ctx, dsn)
	if err != nil {
		k.t.Fatalf("%s: the store does not open: %v", when, err)
	}
	defer st.Close()
	docs, err := st.Documents(ctx)
	if err != nil {
		k.t.Fatalf("%s: list documents: %v", when, err)
	}
	for _, d := range docs {
		k.checkWhole(ctx, st, d, when)
	}
	if len(docs) > 1 {
		k.t.Errorf("%s: %d copies of one file are stored", when, len(docs))
	}
	k.checkEngine(ctx, dsn, when, len(docs))
	return len(docs)
}

// checkWhole compares a stored copy with the generated table: every unit
// and project, the amounts adding up to the 合计, and the import in the
// audit log.
func (k *killRun) checkWhole(ctx context.Context, st store, d jixiao.DocumentSummary, when string) {
	got, err := st.Document(ctx, d.ID)
	if err != nil {
		k.t.Fatalf("%s: read document %d: %v", when, d.ID, err)
	}
	if len(got.Projects) != len(k.want.Projects) || len(got.Units) != len(k.want.Units) {
		k.t.Errorf("%s: document %d holds %d units and %d projects, the file %d and %d: a half-written import",
			when, d.ID, len(got.Units), len(got.Projects), len(k.want.Units), len(k.want.Projects))
	}
	if got.Total() != k.want.Total() {
		k.t.Errorf("%s: document %d totals %v, the file %v", when, d.ID, got.Total(), k.want.Total())
	}
	h, err := st.Workflow().History(ctx, d.ID)
	if err != nil || len(h) == 0 || h[0].Action != jixiao.ActionImport {
		k.t.Errorf("%s: document %d is stored without its import entry in the audit log (%v, %+v)", when, d.ID, err, h)
	}
}

// checkEngine asks the engine itself: no row outside a stored document,
// and for SQLite the integrity and foreign-key checks.
func (k *killRun) checkEngine(ctx context.Context, dsn, when string, docs int) {
	driver, name := "pgx", dsn
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		driver, name = "sqlite", path
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		k.t.Fatal(err)
	}
	defer db.Close()
	var orphans, projects int
	if err := db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM projects WHERE document_id NOT IN (SELECT id FROM documents)),
		(SELECT COUNT(*) FROM projects)`).Scan(&orphans, &projects); err != nil {
		k.t.Fatalf("%s: count rows: %v", when, err)
	}
	if orphans != 0 || projects != docs*len(k.want.Projects) {
		k.t.Errorf("%s: %d projects stored (%d outside any document) for %d whole copies", when, projects, orphans, docs)
	}
	if !strings.HasPrefix(k.t.Name(), "TestKillMidImport/sqlite") {
		return
	}
	var integrity string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		k.t.Errorf("%s: PRAGMA integrity_check: %q %v", when, integrity, err)
	}
	rows, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		k.t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		k.t.Errorf("%s: PRAGMA foreign_key_check reports broken references", when)
	}
}

// openStore opens either engine by its DSN.
func openStore(ctx context.Context, dsn string) (store, error) {
	if strings.HasPrefix(dsn, "postgres") {
		return postgres.Open(ctx, dsn)
	}
	return sqlite.Open(ctx, dsn)
}

// buildJixiao builds the command once for the test, as a user installs it.
func buildJixiao(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "jixiao")
	cmd := exec.Command("go", "build", "-o", bin, "jixiao/cmd/jixiao")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func killed(err error) bool {
	ee, ok := err.(*exec.ExitError)
	return ok && !ee.Exited()
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitHealthy(t *testing.T, base string, log *bytes.Buffer) {
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
	}
	t.Fatalf("the server did not come up:\n%s", log.String())
}

func login(t *testing.T, base string) string {
	body := fmt.Sprintf(`{"username":"ops","password":%q}`, killPassword)
	resp, err := http.Post(base+"/api/v1/session", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || s.Token == "" {
		t.Fatalf("login: %d %v", resp.StatusCode, err)
	}
	return s.Token
}

// upload posts the file to POST /api/v1/documents; an answer cut by the
// kill is not an error, a duplicate (409) is not either.
func upload(base, token, file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", filepath.Base(file))
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/documents", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil // the server was killed mid-request
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusConflict {
		return fmt.Errorf("upload: %d %s", resp.StatusCode, msg)
	}
	return nil
}
