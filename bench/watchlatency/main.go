// Command watchlatency measures how long a watching site generator takes
// from saving a page to the new output on disk: it starts the generator,
// then N times appends a marker to one page and polls the output file until
// the marker shows, and prints the median and the slowest of the delays.
//
//	go run ./bench/watchlatency -dir SITE -page content/x.md -out public/x/index.html -- sitegen --watch ...
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

func main() {
	dir := flag.String("dir", ".", "site directory the generator watches")
	page := flag.String("page", "", "page to edit, relative to -dir")
	out := flag.String("out", "", "output file of that page, relative to -dir")
	n := flag.Int("n", 20, "number of edits")
	flag.Parse()
	if *page == "" || *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: watchlatency -dir SITE -page FILE -out FILE [-n N] -- COMMAND...")
		os.Exit(2)
	}
	pageFile, outFile := filepath.Join(*dir, *page), filepath.Join(*dir, *out)
	orig, err := os.ReadFile(pageFile)
	check(err)
	defer os.WriteFile(pageFile, orig, 0o644)

	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Dir = *dir
	check(cmd.Start())
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	waitFor(outFile, nil, 60*time.Second)
	time.Sleep(2 * time.Second) // let the first build settle before timing

	var delays []time.Duration
	for i := range *n {
		marker := fmt.Appendf(nil, "latencymarker%dx", i)
		edited := append(append(slices.Clip(orig), "\n\n"...), marker...)
		start := time.Now()
		check(os.WriteFile(pageFile, edited, 0o644))
		waitFor(outFile, marker, 30*time.Second)
		delays = append(delays, time.Since(start))
		time.Sleep(300 * time.Millisecond)
	}
	slices.Sort(delays)
	fmt.Printf("%d edits: median %v, fastest %v, slowest %v\n", len(delays),
		delays[len(delays)/2].Round(time.Millisecond), delays[0].Round(time.Millisecond), delays[len(delays)-1].Round(time.Millisecond))
}

// waitFor polls file every millisecond until it exists and holds marker.
func waitFor(file string, marker []byte, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for {
		data, err := os.ReadFile(file)
		if err == nil && (marker == nil || bytes.Contains(data, marker)) {
			return
		}
		if time.Now().After(deadline) {
			fmt.Fprintf(os.Stderr, "watchlatency: %s did not show the edit within %v\n", file, limit)
			os.Exit(1)
		}
		time.Sleep(time.Millisecond)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "watchlatency:", err)
		os.Exit(1)
	}
}
