package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// ignoreTemp hides what editors leave behind, as the command's filter does.
func ignoreTemp(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || name == "4913"
}

// start watches dir and returns a channel of the change lists reported.
func start(t *testing.T, dir string) (*Watcher, chan []string) {
	t.Helper()
	return startWith(t, []string{dir}, "", 20*time.Millisecond)
}

// startWith watches roots, hiding out, with the quiet period delay.
func startWith(t *testing.T, roots []string, out string, delay time.Duration) (*Watcher, chan []string) {
	t.Helper()
	w, err := New(roots, out, ignoreTemp)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := make(chan []string, 100)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := w.Run(ctx, delay, func(c []string) { calls <- c }); err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		w.Close()
	})
	return w, calls
}

// next waits for the next change list.
func next(t *testing.T, calls chan []string) []string {
	t.Helper()
	select {
	case c := <-calls:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported within 5s")
		return nil
	}
}

// none checks that nothing is reported for a while.
func none(t *testing.T, calls chan []string) {
	t.Helper()
	select {
	case c := <-calls:
		t.Fatalf("unexpected change %v", c)
	case <-time.After(200 * time.Millisecond):
	}
}

func write(t *testing.T, file, text string) {
	t.Helper()
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEditsAndSaves(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "a.md")
	write(t, page, "one")
	_, calls := start(t, dir)

	write(t, page, "two") // in place
	if c := next(t, calls); !slices.Contains(c, page) {
		t.Errorf("in-place edit: got %v", c)
	}

	tmp := filepath.Join(dir, ".a.md.swp") // vim-style: temp file renamed over the page
	write(t, tmp, "three")
	if err := os.Rename(tmp, page); err != nil {
		t.Fatal(err)
	}
	if c := next(t, calls); !slices.Contains(c, page) {
		t.Errorf("atomic save: got %v", c)
	}

	write(t, filepath.Join(dir, "4913"), "") // vim's probe
	write(t, filepath.Join(dir, "a.md~"), "backup")
	none(t, calls)
}

func TestNewAndRemovedDirectories(t *testing.T) {
	dir := t.TempDir()
	w, calls := start(t, dir)

	sub := filepath.Join(dir, "guides", "deep")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(sub, "nat.md")
	write(t, page, "x")
	c := next(t, calls)
	for len(c) > 0 && !slices.Contains(c, page) { // the mkdir may be reported first
		c = next(t, calls)
	}
	if !slices.Contains(w.Dirs(), sub) {
		t.Fatalf("new directory not watched: %v", w.Dirs())
	}
	write(t, page, "y") // edits inside the new directory are seen
	if c := next(t, calls); !slices.Contains(c, page) {
		t.Errorf("edit in new directory: got %v", c)
	}

	if err := os.RemoveAll(filepath.Join(dir, "guides")); err != nil {
		t.Fatal(err)
	}
	next(t, calls)
	if slices.Contains(w.Dirs(), sub) {
		t.Errorf("removed directory still listed: %v", w.Dirs())
	}
}

// A burst of writes, as from a git checkout, gives one call, or one more
// for each pause in the burst that was nearly as long as the quiet period
// (a loaded machine can stall the writer that long), and every file
// written is reported.
func TestBurst(t *testing.T) {
	const delay = 300 * time.Millisecond
	dir := t.TempDir()
	_, calls := startWith(t, []string{dir}, "", delay)
	pauses := 0
	last := time.Now()
	for i := range 500 {
		write(t, filepath.Join(dir, "p"+strings.Repeat("x", i%7)+".md"), strings.Repeat("y", i))
		now := time.Now()
		if now.Sub(last) > delay/2 {
			pauses++
		}
		last = now
	}
	count, seen := 0, map[string]bool{}
	for {
		select {
		case c := <-calls:
			count++
			for _, name := range c {
				seen[filepath.Base(name)] = true
			}
			continue
		case <-time.After(3 * delay):
		}
		break
	}
	if count == 0 || count > 1+pauses {
		t.Errorf("500 writes with %d long pauses gave %d calls, want 1 to %d", pauses, count, 1+pauses)
	}
	for i := range 7 {
		if name := "p" + strings.Repeat("x", i) + ".md"; !seen[name] {
			t.Errorf("%s was written but never reported; reported: %v", name, seen)
		}
	}
}

// The kernel's limits get a message that says how to raise them.
func TestLimitError(t *testing.T) {
	err := limitError("watching content/codes", fmt.Errorf("add: %w", syscall.ENOSPC))
	if !strings.Contains(err.Error(), "sudo sysctl fs.inotify.max_user_watches=524288") {
		t.Errorf("ENOSPC: %v", err)
	}
	err = limitError("starting the watcher", syscall.EMFILE)
	if !strings.Contains(err.Error(), "fs.inotify.max_user_instances") {
		t.Errorf("EMFILE: %v", err)
	}
	if err := limitError("watching x", os.ErrPermission); err.Error() != "watching x: permission denied" {
		t.Errorf("other errors pass through: %v", err)
	}
}
