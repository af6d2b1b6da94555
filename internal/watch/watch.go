// Package watch reports changes to directory trees. It watches directories,
// not files (editors save by writing a temporary file and renaming it over
// the old one), follows new directories as they appear and drops removed
// ones, and calls back once the trees have been quiet for a short delay, so
// that a burst of events (a git checkout) gives one rebuild, not hundreds.
// It knows nothing of pages.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Everything is the change reported when events were lost (the kernel's
// queue overflowed): the receiver should assume that anything changed.
const Everything = "*"

// Watcher watches directory trees.
type Watcher struct {
	fsw    *fsnotify.Watcher
	ignore func(name string) bool
	dirs   map[string]bool // every directory watched
}

// New watches the trees under roots; ignore is asked about every file and
// directory name (not path) and hides it and, for a directory, its tree.
// A root that does not exist is skipped.
func New(roots []string, ignore func(name string) bool) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, limitError("starting the watcher", err)
	}
	w := &Watcher{fsw: fsw, ignore: ignore, dirs: map[string]bool{}}
	for _, root := range roots {
		if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if _, err := w.addTree(root); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

// Close stops watching.
func (w *Watcher) Close() error { return w.fsw.Close() }

// Dirs returns the directories watched, sorted.
func (w *Watcher) Dirs() []string { return slices.Sorted(maps.Keys(w.dirs)) }

// Run calls changed with the sorted paths that changed, once no event has
// arrived for delay; each event restarts the wait. changed runs on Run's
// goroutine, so events that arrive meanwhile wait in the queue and lead to
// another call: no change is lost. Run returns nil when ctx is done.
func (w *Watcher) Run(ctx context.Context, delay time.Duration, changed func([]string)) error {
	quiet := time.NewTimer(delay)
	quiet.Stop()
	pending := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				return err
			}
			pending[Everything] = true
			quiet.Reset(delay)
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			if w.handle(ev, pending) {
				quiet.Reset(delay)
			}
		case <-quiet.C:
			if len(pending) > 0 {
				changed(slices.Sorted(maps.Keys(pending)))
				clear(pending)
			}
		}
	}
}

// handle records one event in pending and reports whether it counts.
func (w *Watcher) handle(ev fsnotify.Event, pending map[string]bool) bool {
	if w.ignored(ev.Name) || ev.Op == fsnotify.Chmod {
		return false // attribute changes alone do not change content
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.dropTree(ev.Name)
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			// Files may have been written into the new directory before
			// it was watched; the walk reports them.
			files, err := w.addTree(ev.Name)
			for _, f := range files {
				pending[f] = true
			}
			if err != nil {
				pending[Everything] = true
			}
		}
	}
	pending[ev.Name] = true
	return true
}

// addTree watches dir and every directory under it, and returns the files
// found there.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone already
			}
			return err
		}
		if path != dir && w.ignore(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, path)
			return nil
		}
		if w.dirs[path] {
			return nil
		}
		if err := w.fsw.Add(path); err != nil {
			return limitError("watching "+path, err)
		}
		w.dirs[path] = true
		return nil
	})
	return files, err
}

// dropTree forgets dir and the directories under it (after a remove or a
// rename, the kernel has dropped or moved their watches).
func (w *Watcher) dropTree(dir string) {
	prefix := dir + string(filepath.Separator)
	for d := range w.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			_ = w.fsw.Remove(d) // may already be gone
			delete(w.dirs, d)
		}
	}
}

// ignored reports whether any element of path below the watched trees is
// ignored.
func (w *Watcher) ignored(path string) bool {
	return w.ignore(filepath.Base(path))
}

// limitError explains the errors that mean a kernel limit was reached.
func limitError(what string, err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%s: the system's limit on inotify watches is reached; raise it with\n"+
			"  sudo sysctl fs.inotify.max_user_watches=524288\n"+
			"(add fs.inotify.max_user_watches=524288 to /etc/sysctl.conf to keep it)", what)
	case errors.Is(err, syscall.EMFILE):
		return fmt.Errorf("%s: the system's limit on inotify instances is reached; raise it with\n"+
			"  sudo sysctl fs.inotify.max_user_instances=1024", what)
	}
	return fmt.Errorf("%s: %v", what, err)
}
