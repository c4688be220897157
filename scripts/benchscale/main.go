// Command benchscale writes the generated table that scripts/bench-scale.sh
// imports: one department's 项目支出绩效目标表 of -projects projects
// (internal/gen, the same bytes for the same size and seed).
//
//	go run ./scripts/benchscale -projects 20000 -out /tmp/scale.md
package main

import (
	"flag"
	"log"
	"os"

	"jixiao/internal/gen"
)

func main() {
	log.SetFlags(0)
	projects := flag.Int("projects", 20000, "projects in the table")
	seed := flag.Int64("seed", 18, "generator seed")
	out := flag.String("out", "scale.md", "file to write (markdown)")
	flag.Parse()
	if *projects < 1 {
		log.Fatal("benchscale: -projects must be at least 1")
	}
	if err := os.WriteFile(*out, gen.Bytes(*projects, gen.Markdown, *seed), 0o644); err != nil {
		log.Fatal(err)
	}
}
