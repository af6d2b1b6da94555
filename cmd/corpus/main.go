// Command corpus writes a synthetic benchmark site: N pages of a shape
// (codes: like the code pages; prose: articles in nested folders; see
// package corpus) and a home page, under DIR/content, for the same seed
// always the same bytes.
//
//	go run ./cmd/corpus -n 1000 -seed 1 [-shape prose] DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sipcodes/sipcodes/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of pages")
	seed := flag.Uint64("seed", 1, "random seed")
	shape := flag.String("shape", "codes", "corpus shape: codes or prose")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: corpus [-n N] [-seed S] [-shape codes|prose] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	files, err := corpus.SiteOf(*shape, *n, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if err := write(flag.Arg(0), files); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}

func write(dir string, files map[string][]byte) error {
	for name, data := range files {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
