// Command watchlatency measures how long a watching site generator takes
// from saving a page to the new output on disk: it starts the generator,
// then N times appends a marker to one page and polls the output file until
// the marker shows, and prints the median and the slowest of the delays.
//
//	go run ./bench/watchlatency -dir SITE -page content/x.md -out public/x/index.html -- sitegen --watch ...
//
// The output file is removed before the generator starts, so that the
// first edit waits for the generator's own first build, not a file left by
// an earlier one; the generator is stopped however the run ends.
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

	if err := os.Remove(outFile); err != nil && !os.IsNotExist(err) {
		check(err)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Dir = *dir
	check(cmd.Start())
	delays, err := measure(pageFile, outFile, orig, *n)
	cmd.Process.Kill()
	cmd.Wait()
	check(err)
	slices.Sort(delays)
	fmt.Printf("%d edits: median %v, fastest %v, slowest %v\n", len(delays),
		delays[len(delays)/2].Round(time.Millisecond), delays[0].Round(time.Millisecond), delays[len(delays)-1].Round(time.Millisecond))
}

// measure waits for the first build, then edits pageFile n times and
// times each edit until outFile shows it.
func measure(pageFile, outFile string, orig []byte, n int) ([]time.Duration, error) {
	if err := waitFor(outFile, nil, 120*time.Second); err != nil {
		return nil, err
	}
	time.Sleep(2 * time.Second) // let the first build settle before timing
	var delays []time.Duration
	for i := range n {
		marker := fmt.Appendf(nil, "latencymarker%dx", i)
		edited := append(append(slices.Clip(orig), "\n\n"...), marker...)
		start := time.Now()
		if err := os.WriteFile(pageFile, edited, 0o644); err != nil {
			return nil, err
		}
		if err := waitFor(outFile, marker, 30*time.Second); err != nil {
			return nil, err
		}
		delays = append(delays, time.Since(start))
		time.Sleep(300 * time.Millisecond)
	}
	return delays, nil
}

// waitFor polls file every millisecond until it exists and holds marker.
func waitFor(file string, marker []byte, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		data, err := os.ReadFile(file)
		if err == nil && (marker == nil || bytes.Contains(data, marker)) {
			return nil
		}
		if time.Now().After(deadline) {
			what := "the edit"
			if marker == nil {
				what = "the first build's output"
			}
			return fmt.Errorf("%s did not show %s within %v", file, what, limit)
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
