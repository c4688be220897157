// Command importmem is the helper of scripts/import-memory.sh: it writes
// the generated tables whose imports the script measures (internal/gen,
// seed 1), as the exports write them:
//
//	go run ./scripts/importmem xlsx 890 > t890.xlsx    # official-layout workbook, about 616 KB
//	go run ./scripts/importmem csv 11000 > t11000.csv  # flat indicator CSV, about 10 MB
//
// and imports one file the way `jixiao import` does (read, rules, one
// transaction) but without the 20 MiB cap of every door, for the tables
// of 100,000 and more projects that BENCHMARKS.md measures ("Imports in
// bounded memory"), printing the time taken and the peak RSS (VmHWM):
//
//	go run ./scripts/importmem import sqlite:/tmp/m.db /tmp/scale-260000.md
//	go run ./scripts/importmem import 'postgres://…/db?sslmode=disable' /tmp/scale-260000.md
package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/gen"
	"jixiao/internal/importer"
	"jixiao/internal/postgres"
	"jixiao/internal/sqlite"
)

func main() {
	if len(os.Args) == 4 && os.Args[1] == "import" {
		if err := importFile(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "importmem:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: importmem xlsx|csv PROJECTS > FILE, or importmem import DSN FILE")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "importmem: PROJECTS must be a positive number")
		os.Exit(2)
	}
	doc := gen.Generate(n, 1)
	w := bufio.NewWriter(os.Stdout)
	switch os.Args[1] {
	case "xlsx":
		err = export.WriteXLSX(w, doc)
	case "csv":
		err = export.WriteCSV(w, doc, "indicators")
	default:
		err = fmt.Errorf("unknown format %q (xlsx or csv)", os.Args[1])
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "importmem:", err)
		os.Exit(1)
	}
}

// importFile imports path into the store dsn names (postgres://… or
// sqlite:PATH) as the operator, with the year 2024, and reports it.
func importFile(dsn, path string) error {
	ctx := context.Background()
	start := time.Now()
	var st jixiao.Store
	var err error
	if strings.HasPrefix(dsn, "postgres://") {
		st, err = postgres.Open(ctx, dsn)
	} else {
		st, err = sqlite.Open(ctx, dsn)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc, err := importer.Import(ctx, st, path, data, importer.Options{Year: 2024, MaxBytes: math.MaxInt})
	if err != nil {
		return err
	}
	fmt.Printf("document %d: %d projects, %d indicators, %d findings in %.1f s; peak RSS %s\n", doc.ID,
		len(doc.Projects), doc.IndicatorCount(), len(doc.Findings), time.Since(start).Seconds(), peakRSS())
	return nil
}

// peakRSS is this process's VmHWM from /proc/self/status.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
