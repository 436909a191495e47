// Command sitegen writes a synthetic built site for benchmarks:
//
//	go run ./internal/sitegen/cmd/sitegen -pages 10000 -seed 1 DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/preloadgen/preloadgen/internal/sitegen"
)

func main() {
	pages := flag.Int("pages", 1000, "number of pages")
	seed := flag.Int64("seed", 1, "variation seed")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: sitegen [-pages N] [-seed S] DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "sitegen:", err)
		os.Exit(1)
	}
	if _, err := sitegen.Generate(dir, sitegen.Options{Pages: *pages, Seed: *seed}); err != nil {
		fmt.Fprintln(os.Stderr, "sitegen:", err)
		os.Exit(1)
	}
}
