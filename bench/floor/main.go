// Command floor is the least work a generator of this site can do, the
// floor its benchmarks are measured against: read every page under
// DIR/content, convert its Markdown body with goldmark (GitHub Flavored
// Markdown and heading ids, as sitegen configures it) on every core, and
// write each result to OUT/<page>/index.html in a fresh directory (OUT
// must not exist, or be empty: writing over a previous run's files would
// cost less than a build into a fresh folder, and the floor would not be
// one). Nothing else: no front matter decoding, highlighting, templates,
// link checks or data files.
//
//	go run ./bench/floor DIR OUT
package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: floor DIR OUT")
		os.Exit(2)
	}
	start := time.Now()
	content := filepath.Join(os.Args[1], "content")
	var pages []string
	err := filepath.WalkDir(content, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			pages = append(pages, path)
		}
		return err
	})
	check(err)
	if entries, err := os.ReadDir(os.Args[2]); err == nil && len(entries) > 0 {
		check(fmt.Errorf("%s is not empty; the floor writes into a fresh folder", os.Args[2]))
	}
	check(os.MkdirAll(os.Args[2], 0o755))
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithAutoHeadingID()))
	var next atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var out bytes.Buffer
			for i := int(next.Add(1)) - 1; i < len(pages); i = int(next.Add(1)) - 1 {
				if err := convert(md, pages[i], content, os.Args[2], &out); err != nil {
					failed.CompareAndSwap(nil, &err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		check(*err)
	}
	fmt.Printf("converted and wrote %d pages in %v\n", len(pages), time.Since(start).Round(time.Millisecond))
}

// convert reads one page, converts its body and writes it under outDir.
func convert(md goldmark.Markdown, page, content, outDir string, out *bytes.Buffer) error {
	data, err := os.ReadFile(page)
	if err != nil {
		return err
	}
	if parts := bytes.SplitN(data, []byte("---\n"), 3); len(parts) == 3 {
		data = parts[2]
	}
	out.Reset()
	if err := md.Convert(data, out); err != nil {
		return err
	}
	rel, _ := filepath.Rel(content, strings.TrimSuffix(page, ".md"))
	dir := filepath.Join(outDir, rel)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), out.Bytes(), 0o644)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}
