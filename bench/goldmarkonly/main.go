// Command goldmarkonly is the benchmark baseline: it converts the Markdown
// bodies of every page under DIR/content with goldmark and GitHub Flavored
// Markdown alone (no front matter decoding, highlighting, templates or
// writing), on one goroutine, and prints how long that took.
//
//	go run ./bench/goldmarkonly DIR
package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goldmarkonly DIR")
		os.Exit(2)
	}
	var bodies [][]byte
	err := filepath.WalkDir(filepath.Join(os.Args[1], "content"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if parts := bytes.SplitN(data, []byte("---\n"), 3); len(parts) == 3 {
			data = parts[2]
		}
		bodies = append(bodies, data)
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	start := time.Now()
	for _, b := range bodies {
		if err := md.Convert(b, io.Discard); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	fmt.Printf("converted %d bodies in %v\n", len(bodies), time.Since(start).Round(time.Millisecond))
}
