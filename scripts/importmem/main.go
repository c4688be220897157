// Command importmem is the helper of scripts/import-memory.sh: it writes
// the generated tables whose imports the script measures (internal/gen,
// seed 1), as the exports write them:
//
//	go run ./scripts/importmem xlsx 890 > t890.xlsx    # official-layout workbook, about 616 KB
//	go run ./scripts/importmem csv 11000 > t11000.csv  # flat indicator CSV, about 10 MB
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"

	"jixiao/internal/export"
	"jixiao/internal/gen"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: importmem xlsx|csv PROJECTS > FILE")
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
