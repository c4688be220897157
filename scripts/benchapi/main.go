// Command benchapi is the helper of scripts/bench-api.sh: it loads a
// generated corpus into a running jixiao through POST /api/v1/documents,
// and serves the ceiling — a bare net/http handler answering the same bytes
// jixiao answers — so that wrk measures both on the same machine in the
// same run. It listens and connects on loopback only.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"jixiao/internal/gen"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		log.Fatal("usage: benchapi load|ceiling [flags]")
	}
	switch os.Args[1] {
	case "load":
		load(os.Args[2:])
	case "ceiling":
		ceiling(os.Args[2:])
	default:
		log.Fatalf("benchapi: unknown command %q", os.Args[1])
	}
}

// load generates docs tables of projects projects each (seeds 1…docs, so
// every file differs) and uploads them one by one.
func load(args []string) {
	fs := flag.NewFlagSet("load", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "jixiao's base URL")
	docs := fs.Int("docs", 1000, "documents to upload")
	projects := fs.Int("projects", 50, "projects per document")
	user := fs.String("user", "", "account allowed to import (password in $BENCH_PASSWORD); empty for a store without accounts")
	fs.Parse(args)
	mustLoopback(*base)
	token := ""
	if *user != "" {
		token = login(*base, *user, os.Getenv("BENCH_PASSWORD"))
	}
	start := time.Now()
	for i := 1; i <= *docs; i++ {
		layout := gen.Markdown
		if i%2 == 0 {
			layout = gen.PDFText
		}
		data := gen.Bytes(*projects, layout, int64(i))
		name := fmt.Sprintf("gen-%04d.%s", i, map[string]string{gen.Markdown: "md", gen.PDFText: "txt"}[layout])
		if err := upload(*base, token, name, data); err != nil {
			log.Fatalf("upload %s: %v", name, err)
		}
	}
	fmt.Printf("loaded %d documents of %d projects in %s\n", *docs, *projects, time.Since(start).Round(time.Millisecond))
}

// login opens a session and returns its bearer token.
func login(base, user, password string) string {
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	resp, err := http.Post(base+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || s.Token == "" {
		log.Fatalf("login %s: %s %v", user, resp.Status, err)
	}
	return s.Token
}

func upload(base, token, name string, data []byte) error {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/documents", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusConflict {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s: %s", resp.Status, b)
	}
	return nil
}

// ceiling fetches each path from jixiao once and then answers it with the
// same bytes from a bare handler: no store, no middleware, no encoding.
func ceiling(args []string) {
	fs := flag.NewFlagSet("ceiling", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:8099", "address to serve the ceiling on (loopback)")
	from := fs.String("from", "http://127.0.0.1:8080", "jixiao's base URL to copy answers from")
	paths := fs.String("paths", "", "comma-separated request paths (with query) to copy")
	fs.Parse(args)
	mustLoopback("http://" + *addr)
	mustLoopback(*from)
	bodies := map[string][]byte{}
	for _, p := range strings.Split(*paths, ",") {
		resp, err := http.Get(*from + p)
		if err != nil {
			log.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			log.Fatalf("GET %s: %s", p, resp.Status)
		}
		bodies[p] = b
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := bodies[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b)
	})
	log.Printf("ceiling serving %d answers on %s", len(bodies), *addr)
	log.Fatal(http.ListenAndServe(*addr, h))
}

func mustLoopback(u string) {
	host := strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://")
	host, _, _ = strings.Cut(host, "/")
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	if ip := net.ParseIP(h); h != "localhost" && (ip == nil || !ip.IsLoopback()) {
		log.Fatalf("benchapi: %s is not a loopback address", u)
	}
}
