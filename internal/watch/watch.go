// Package watch reports changes to directory trees. It watches directories,
// not files (editors save by writing a temporary file and renaming it over
// the old one), follows new directories as they appear and drops removed
// ones, follows the roots themselves as they go and come back, and calls
// back once the trees have been quiet for a short delay, so that a burst of
// events (a git checkout) gives one rebuild, not hundreds. It knows nothing
// of pages.
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
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Everything is the change reported when events were lost (the kernel's
// queue overflowed): the receiver should assume that anything changed.
const Everything = "*"

// Watcher watches directory trees.
type Watcher struct {
	fsw     *fsnotify.Watcher
	ignore  func(name string) bool
	out     string            // the output directory, absolute; "" for none
	outReal string            // out with its symbolic links resolved
	roots   map[string]string // root → its real path while watched ("" when not)
	aliases map[string]string // a root link's target, when an entry of a parent → root
	parents map[string]bool   // the roots' parent directories, watched for the roots only

	mu   sync.Mutex      // guards dirs, which Dirs reads from another goroutine
	dirs map[string]bool // every directory of the trees watched
}

// New watches the trees under roots and the roots' parent directory (the
// site's source directory), the latter only for the roots' own names, so
// that a root that is removed, renamed away and back, re-created or missing
// at start is followed when it (re)appears. A root that is a symbolic link
// to a directory inside its parent is watched through the link; one that
// leads elsewhere is reported when it changes but not watched.
//
// out, unless "", is the output directory: it and its tree are hidden
// where they lie inside a root. ignore is asked about every file and
// directory name below the roots and hides it and, for a directory, its
// tree. Every path New reports is absolute.
func New(roots []string, out string, ignore func(name string) bool) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, limitError("starting the watcher", err)
	}
	w := &Watcher{fsw: fsw, ignore: ignore, roots: map[string]string{}, aliases: map[string]string{},
		parents: map[string]bool{}, dirs: map[string]bool{}}
	if out != "" {
		if w.out, err = filepath.Abs(out); err != nil {
			fsw.Close()
			return nil, err
		}
		w.outReal = realPath(w.out)
	}
	for _, root := range roots {
		root, err := filepath.Abs(root)
		if err != nil {
			fsw.Close()
			return nil, err
		}
		w.roots[root] = ""
		parent := filepath.Dir(root)
		if w.parents[parent] {
			continue
		}
		if err := fsw.Add(parent); err != nil {
			fsw.Close()
			return nil, limitError("watching "+parent, err)
		}
		w.parents[parent] = true
	}
	for root := range w.roots {
		if _, err := w.addRoot(root); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

// Close stops watching.
func (w *Watcher) Close() error { return w.fsw.Close() }

// Dirs returns the directories of the trees watched, sorted; the roots'
// parents are not among them.
func (w *Watcher) Dirs() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Sorted(maps.Keys(w.dirs))
}

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
			w.overflowed(pending)
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
	if ev.Op == fsnotify.Chmod {
		return false // attribute changes alone do not change content
	}
	root, ok := w.rootOf(ev.Name)
	if !ok {
		if root, ok := w.aliases[ev.Name]; ok {
			// The directory a root links to came or went.
			w.resync(root, pending)
			return true
		}
		return false // another entry of a root's parent: public/, .git, README.md
	}
	if ev.Name == root {
		// The root itself came, went or was replaced: whatever happened,
		// watch what is there now.
		w.resync(root, pending)
		return true
	}
	if w.ignored(root, ev.Name) {
		return false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.dropTree(ev.Name)
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			// Files may have been written into the new directory before
			// it was watched; the walk reports them.
			w.addFiles(root, ev.Name, pending)
		}
	}
	pending[ev.Name] = true
	return true
}

// overflowed records that events were lost: anything may have changed,
// and a root may have come or gone unseen, so each is looked at again.
func (w *Watcher) overflowed(pending map[string]bool) {
	for root := range w.roots {
		w.resync(root, pending)
	}
	pending[Everything] = true
}

// resync forgets what was watched of root and watches what is there now,
// reporting the root and every file in it as changed: the build must look
// again at a root that came or went.
func (w *Watcher) resync(root string, pending map[string]bool) {
	w.dropTree(root)
	for alias, r := range w.aliases {
		if r == root {
			delete(w.aliases, alias)
		}
	}
	w.roots[root] = ""
	pending[root] = true
	files, err := w.addRoot(root)
	for _, f := range files {
		pending[f] = true
	}
	if err != nil {
		pending[Everything] = true
	}
}

// addRoot watches root's tree, if root is a directory or a link to one
// inside its parent, and returns the files found there. A root that is
// missing, is not a directory or leads out of its parent is left to the
// build to report.
func (w *Watcher) addRoot(root string) ([]string, error) {
	info, err := os.Lstat(root)
	if err != nil {
		return nil, nil // missing: its parent's watch sees it come
	}
	real := root
	if info.Mode()&fs.ModeSymlink != 0 {
		parent := filepath.Dir(root)
		if target, err := os.Readlink(root); err == nil {
			if !filepath.IsAbs(target) {
				target = filepath.Join(parent, target)
			}
			if filepath.Dir(target) == parent {
				// A link to a sibling (content -> content.v2): watch
				// for the sibling to come and go, even while it is missing.
				w.aliases[target] = root
			}
		}
		if real, err = filepath.EvalSymlinks(root); err != nil {
			return nil, nil // dangling
		}
		realParent := realPath(parent)
		if !within(real, realParent) || real == realParent {
			return nil, nil // leads out of the site: never watch there
		}
		if info, err = os.Stat(root); err != nil {
			return nil, nil
		}
	} else if real, err = filepath.EvalSymlinks(root); err != nil {
		return nil, nil // gone already
	}
	if !info.IsDir() {
		return nil, nil
	}
	w.roots[root] = real
	return w.addTree(root, root)
}

// addFiles watches the new directory dir under root and records its files
// in pending.
func (w *Watcher) addFiles(root, dir string, pending map[string]bool) {
	files, err := w.addTree(root, dir)
	for _, f := range files {
		pending[f] = true
	}
	if err != nil {
		pending[Everything] = true
	}
}

// addTree watches dir, under root, and every directory under it, and
// returns the files found there. dir itself may be a link (a root).
func (w *Watcher) addTree(root, dir string) ([]string, error) {
	var files []string
	err := fs.WalkDir(os.DirFS(dir), ".", func(rel string, d fs.DirEntry, err error) error {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone already
			}
			return err
		}
		if rel != "." && (w.ignore(d.Name()) || w.isOut(root, path)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, path)
			return nil
		}
		w.mu.Lock()
		defer w.mu.Unlock()
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
	w.mu.Lock()
	defer w.mu.Unlock()
	for d := range w.dirs {
		if within(d, dir) {
			_ = w.fsw.Remove(d) // may already be gone
			delete(w.dirs, d)
		}
	}
}

// rootOf returns the root whose tree holds path, the root itself included.
func (w *Watcher) rootOf(path string) (string, bool) {
	for root := range w.roots {
		if within(path, root) {
			return root, true
		}
	}
	return "", false
}

// ignored reports whether path, below root, is hidden: by its name (the
// directories above it were hidden by theirs, or would not be watched) or
// because it is the output directory or inside it.
func (w *Watcher) ignored(root, path string) bool {
	return w.ignore(filepath.Base(path)) || w.isOut(root, path)
}

// isOut reports whether path, below root, is the output directory or in
// it. The output directory counts only where it lies inside root, whether
// seen through the path given or through the links resolved.
func (w *Watcher) isOut(root, path string) bool {
	if w.out == "" {
		return false
	}
	if w.out != root && within(w.out, root) && within(path, w.out) {
		return true
	}
	real := w.roots[root]
	if real == "" || w.outReal == real || !within(w.outReal, real) {
		return false
	}
	rel, err := filepath.Rel(root, path)
	return err == nil && within(filepath.Join(real, rel), w.outReal)
}

// within reports whether path is dir or lies under it; both are clean.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator)) ||
		dir == string(filepath.Separator) && strings.HasPrefix(path, dir)
}

// realPath resolves the links in path as far as it exists; the missing
// rest is kept as it is.
func realPath(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	parent := filepath.Dir(path)
	if parent == path {
		return path
	}
	return filepath.Join(realPath(parent), filepath.Base(path))
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
