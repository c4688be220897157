package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
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
	url := ""
	sc := bufio.NewScanner(pr)
	for sc.Scan() && url == "" {
		url = regexp.MustCompile(`http://\S+/`).FindString(sc.Text())
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
	cancel()
	if err := <-done; err != nil {
		t.Errorf("demo: %v", err)
	}
}
