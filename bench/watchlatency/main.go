// Command watchlatency measures how long a watching site generator takes
// from saving a page to the new output on disk: it starts the generator,
// waits until it serves (its first build is done), makes one untimed edit
// and waits for it to show (so the watcher is known to be live), then N
// times appends a marker to one page and polls the output file until the
// marker shows, and prints the median and the slowest of the delays.
//
//	go run ./bench/watchlatency -dir SITE -page content/x.md -out public/x/index.html \
//		-url http://127.0.0.1:13998/ -- sitegen --watch --addr 127.0.0.1:13998
//
// The output file is removed before the generator starts, so that nothing
// left by an earlier build passes for the generator's own. The generator
// runs in a process group of its own, which is killed however the run ends
// (an edit that never shows, Ctrl-C), and the page is put back as it was.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

func main() {
	dir := flag.String("dir", ".", "site directory the generator watches")
	page := flag.String("page", "", "page to edit, relative to -dir")
	out := flag.String("out", "", "output file of that page, relative to -dir")
	url := flag.String("url", "", "address the generator serves at once its first build is done")
	n := flag.Int("n", 20, "number of timed edits")
	limit := flag.Duration("timeout", 30*time.Second, "longest wait for one edit to show")
	flag.Parse()
	if *page == "" || *out == "" || *url == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: watchlatency -dir SITE -page FILE -out FILE -url URL [-n N] -- COMMAND...")
		os.Exit(2)
	}
	pageFile, outFile := filepath.Join(*dir, *page), filepath.Join(*dir, *out)
	orig, err := os.ReadFile(pageFile)
	check(err, nil)
	restore := func() { os.WriteFile(pageFile, orig, 0o644) }

	if err := os.Remove(outFile); err != nil && !os.IsNotExist(err) {
		check(err, restore)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Dir = *dir
	cmd.Stderr = os.Stderr // problems show; what a server says on stdout does not
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	check(cmd.Start(), restore)
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stop := func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the group: the generator and anything it started
		<-exited
		restore()
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		stop()
		os.Exit(1)
	}()

	delays, err := measure(pageFile, outFile, *url, orig, *n, *limit, exited)
	stop()
	check(err, nil)
	slices.Sort(delays)
	fmt.Printf("%d edits: median %v, fastest %v, slowest %v\n", len(delays),
		delays[len(delays)/2].Round(time.Millisecond), delays[0].Round(time.Millisecond), delays[len(delays)-1].Round(time.Millisecond))
}

// measure waits for the first build, makes one untimed edit, then edits
// pageFile n times and times each edit until outFile shows it.
func measure(pageFile, outFile, url string, orig []byte, n int, limit time.Duration, exited <-chan struct{}) ([]time.Duration, error) {
	if err := waitServing(url, 300*time.Second, exited); err != nil {
		return nil, err
	}
	var delays []time.Duration
	for i := -1; i < n; i++ {
		marker := fmt.Appendf(nil, "latencymarker%dx", i+1)
		edited := append(append(slices.Clip(orig), "\n\nEdited: "...), marker...)
		start := time.Now()
		if err := os.WriteFile(pageFile, edited, 0o644); err != nil {
			return nil, err
		}
		wait := limit
		if i < 0 {
			wait = 300 * time.Second // the warm-up edit; a server may still be settling
		}
		if err := waitFor(outFile, marker, wait, exited); err != nil {
			return nil, err
		}
		if i >= 0 {
			delays = append(delays, time.Since(start))
		}
		time.Sleep(300 * time.Millisecond)
	}
	return delays, nil
}

// waitServing polls url until it answers 200, which a generator does once
// its first build is done.
func waitServing(url string, limit time.Duration, exited <-chan struct{}) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: limit}
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return errors.New("the generator exited before it served")
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer 200 within %v", url, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitFor polls file every millisecond until it holds marker.
func waitFor(file string, marker []byte, limit time.Duration, exited <-chan struct{}) error {
	deadline := time.Now().Add(limit)
	for {
		data, err := os.ReadFile(file)
		if err == nil && bytes.Contains(data, marker) {
			return nil
		}
		select {
		case <-exited:
			return errors.New("the generator exited")
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not show the edit within %v", file, limit)
		}
		time.Sleep(time.Millisecond)
	}
}

// check ends the program on err, after cleanup (when not nil).
func check(err error, cleanup func()) {
	if err != nil {
		if cleanup != nil {
			cleanup()
		}
		fmt.Fprintln(os.Stderr, "watchlatency:", err)
		os.Exit(1)
	}
}
