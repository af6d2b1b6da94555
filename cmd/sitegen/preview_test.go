package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// client talks to the preview server without keeping idle connections, so
// that goroutine counts in this process come back to their baseline.
var client = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

// startPreview builds the skeleton site in a temporary directory and runs
// `sitegen --watch` on it in this process. It returns the site directory
// and the server's URL; the server stops when the test ends.
func startPreview(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	writeSkeleton(t, dir)
	ready := filepath.Join(t.TempDir(), "ready")
	t.Setenv(readyFileEnv, ready)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--watch", "--addr", "127.0.0.1:0", "--src", dir, "--quiet"}, io.Discard, io.Discard)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watch mode ended with %v", err)
		}
	})
	var url string
	waitUntil(t, "the server to be ready", func() bool {
		data, _ := os.ReadFile(ready)
		url = strings.TrimSuffix(string(data), "/")
		return url != ""
	})
	return dir, url
}

func writeSkeleton(t *testing.T, dir string) {
	files, err := skeletonFiles(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), string(data))
	}
}

func writeFile(t *testing.T, file, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	if !pollUntil(ok) {
		t.Fatalf("timed out after %v waiting for %s", pollTimeout, what)
	}
}

type status struct {
	Builds, Failed, Clients int
	Errors                  []string
}

func getStatus(t *testing.T, url string) status {
	t.Helper()
	resp, err := client.Get(url + "/__sitegen/status")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st status
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// sse is a browser's view of the event stream: the names of the events
// received, in order.
type sse struct {
	events chan string
	close  func()
}

func connect(t *testing.T, url string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/__sitegen/events", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	s := &sse{events: make(chan string, 100)}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				s.events <- name
			}
		}
	}()
	s.close = func() { cancel(); <-finished }
	t.Cleanup(s.close)
	return s
}

// drain returns the events received so far.
func (s *sse) drain() []string {
	var got []string
	for {
		select {
		case ev := <-s.events:
			got = append(got, ev)
		default:
			return got
		}
	}
}

// TestReloadEvents wants one reload event per successful rebuild and none
// for a failed one, which sends its errors instead.
func TestReloadEvents(t *testing.T) {
	dir, url := startPreview(t)
	browser := connect(t, url)
	waitUntil(t, "the browser to connect", func() bool { return getStatus(t, url).Clients == 1 })
	page := filepath.Join(dir, "content", "codes", "486.md")
	src, _ := os.ReadFile(page)

	step := func(text string, wantBuilds, wantFailed int, want []string) {
		t.Helper()
		writeFile(t, page, text)
		waitUntil(t, "the rebuild", func() bool {
			st := getStatus(t, url)
			return st.Builds == wantBuilds && st.Failed == wantFailed
		})
		var got []string
		waitUntil(t, "the events", func() bool {
			got = append(got, browser.drain()...)
			return len(got) >= len(want)
		})
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("events %v, want %v", got, want)
		}
	}
	good := string(src)
	step(strings.Replace(good, "The line is busy.", "Edit one.", 1), 2, 0, []string{"reload"})
	step(strings.Replace(good, "reason: Busy Here", "reason: [", 1), 2, 1, []string{"build-error"})
	step(strings.Replace(good, "reason: Busy Here", "reason: [[", 1), 2, 2, []string{"build-error"})
	step(strings.Replace(good, "The line is busy.", "Edit two.", 1), 3, 2, []string{"reload"})

	// A browser that connects while the site is broken is shown the errors.
	writeFile(t, page, strings.Replace(good, "code: 486", "code: x", 1))
	waitUntil(t, "the failed build", func() bool { return getStatus(t, url).Failed == 3 })
	late := connect(t, url)
	waitUntil(t, "the late browser's event", func() bool {
		select {
		case ev := <-late.events:
			if ev != "build-error" {
				t.Errorf("late browser got %q first, want build-error", ev)
			}
			return true
		default:
			return false
		}
	})
	if extra := browser.drain(); len(extra) != 1 || extra[0] != "build-error" {
		t.Errorf("events %v, want [build-error]", extra)
	}
}

// TestSoak edits a page 1,000 times, with browsers coming and going, and
// wants the goroutines and open files of the process back at their baseline.
//
// It takes most of this package's test time under -race, so it runs in CI
// (CI is set) or when asked for, with SITEGEN_SOAK=1, not in the local loop.
func TestSoak(t *testing.T) {
	if testing.Short() || os.Getenv("CI") == "" && os.Getenv("SITEGEN_SOAK") == "" {
		t.Skip("soak test: runs in CI, or with SITEGEN_SOAK=1")
	}
	old := quietPeriod
	quietPeriod = 2 * time.Millisecond
	t.Cleanup(func() { quietPeriod = old })
	dir, url := startPreview(t)
	page := filepath.Join(dir, "content", "codes", "486.md")
	src, _ := os.ReadFile(page)
	getStatus(t, url)

	settle := func() (int, int) {
		client.CloseIdleConnections()
		runtime.GC()
		return runtime.NumGoroutine(), openFiles(t)
	}
	goroutines, files := settle()
	for i := 1; i <= 1000; i++ {
		var b *sse
		if i%100 == 0 {
			b = connect(t, url)
		}
		writeFile(t, page, strings.Replace(string(src), "The line is busy.", "Edit "+strings.Repeat("x", i%17)+".", 1))
		waitUntil(t, "a rebuild", func() bool {
			resp, err := client.Get(url + "/486/")
			if err != nil {
				return false
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return strings.Contains(string(body), "Edit "+strings.Repeat("x", i%17)+".")
		})
		if b != nil {
			b.close()
		}
	}
	var g, f int
	waitUntil(t, "goroutines and files to return to their baseline", func() bool {
		g, f = settle()
		return g <= goroutines && f <= files
	})
	t.Logf("after 1000 edits: %d goroutines (baseline %d), %d open files (baseline %d)", g, goroutines, f, files)
}

// openFiles counts this process's open file descriptors.
func openFiles(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count open files here: %v", err)
	}
	return len(entries)
}
