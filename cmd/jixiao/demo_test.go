package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"jixiao/internal/demo"
)

// TestDemo runs the demo on a free port, reads the URL it prints and loads
// the home page, which must list both samples.
func TestDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serveDemo(ctx, pw, slog.New(slog.DiscardHandler), "127.0.0.1:0")
		pw.Close()
	}()
	url, printed := "", ""
	sc := bufio.NewScanner(pr)
	for sc.Scan() && url == "" {
		printed += sc.Text() + "\n"
		url = regexp.MustCompile(`http://\S+?/`).FindString(sc.Text())
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		cancel()
		t.Fatalf("demo printed no URL: %v", <-done)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	res, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"广州市荔湾区人力资源和社会保障局", "广州市花都区劳动就业服务管理中心"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("home page lacks %s", want)
		}
	}
	demoAccountsLogIn(t, client, url, printed)
	cancel()
	if err := <-done; err != nil {
		t.Errorf("demo: %v", err)
	}
}

// demoAccountsLogIn: each demo account is printed at start with its
// password and logs in with it; every page says 演示 and 演示指引 lists the
// accounts.
func demoAccountsLogIn(t *testing.T, client *http.Client, url, printed string) {
	t.Helper()
	guide := get(t, client, url+"demo")
	for _, a := range demo.Accounts() {
		if !strings.Contains(guide, a.Username) || !strings.Contains(guide, a.Password) {
			t.Errorf("演示指引 lacks %s", a.Username)
		}
	}
	printedAccountsLogIn(t, client, url, printed)
	for _, page := range []string{"", "login", "workflow", "eval", "import"} {
		if body := get(t, client, url+page); !strings.Contains(body, `class="demo-banner"`) || !strings.Contains(body, "<title>【演示】") {
			t.Errorf("/%s is not marked 演示", page)
		}
	}
}

// printedAccountsLogIn: each demo account was printed with its password
// and logs in with it through the API.
func printedAccountsLogIn(t *testing.T, client *http.Client, url, printed string) {
	t.Helper()
	for _, a := range demo.Accounts() {
		if !strings.Contains(printed, a.Username) || !strings.Contains(printed, "密码 "+a.Password) {
			t.Errorf("the demo did not print %s with its password:\n%s", a.Username, printed)
		}
		body, _ := json.Marshal(map[string]string{"username": a.Username, "password": a.Password})
		res, err := client.Post(url+"api/v1/session", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: login answered %d", a.Username, res.StatusCode)
		}
	}
}

func get(t *testing.T, client *http.Client, url string) string {
	t.Helper()
	res, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}
