package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Output is a built site in memory: file contents by slash path under the
// output directory, e.g. "486/index.html", "assets/site.3f2a9c1b.css".
type Output map[string][]byte

// WriteDir writes out to dir so that dir changes all at once: the files go
// to a fresh directory beside it, which then takes dir's place. dir holds
// nothing but out afterwards, and if anything fails dir is left as it was.
func (o Output) WriteDir(dir string) error {
	w, err := newDirWriter(dir)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(o)) {
		if err = w.write(name, o[name]); err != nil {
			break
		}
	}
	if ferr := w.finish(err == nil); err == nil {
		err = ferr
	}
	return err
}

// A dirWriter writes files into a directory beside dir, on several
// goroutines, and then puts it in dir's place (see spare.go for which
// directory: a fresh one, or the tree dir held two builds ago, updated).
type dirWriter struct {
	dir, tmp string
	update   bool // tmp is a spare tree, updated in place: see spare.go
	files    chan outputFile
	wg       sync.WaitGroup
	dirs     sync.Map // slash path under tmp → *madeDir

	mu      sync.Mutex
	errs    []error
	written map[string]bool     // every file queued, by slash path
	listed  map[string][]string // in a spare tree: what each directory kept held (see prune)

	finished bool
}

type outputFile struct {
	name string
	data []byte
}

// madeDir is a directory under tmp that one writer makes (or checks) while
// the others that need it wait.
type madeDir struct {
	once sync.Once
	err  error
}

// writers is how many files a dirWriter creates at once: creating files is
// most of the time on a slow disk, and it overlaps well.
const writers = 8

func newDirWriter(dir string) (*dirWriter, error) {
	dir = filepath.Clean(dir)
	if err := checkOwned(dir); err != nil {
		return nil, err
	}
	removeLeftovers(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	w := &dirWriter{dir: dir, files: make(chan outputFile, 4*writers), written: map[string]bool{}}
	// A mount point (a Docker volume, a tmpfs) cannot be renamed: write
	// the new site inside it, and swap the contents instead.
	where, prefix := parent, "."+filepath.Base(dir)+".new-"
	if isMountPoint(dir) {
		where, prefix = dir, newInside
	} else if tmp, names, ok := claimSpare(dir, where, prefix); ok {
		w.tmp, w.update, w.listed = tmp, true, map[string][]string{".": names}
	}
	if w.tmp == "" {
		tmp, err := makeTemp(where, prefix)
		if err != nil {
			return nil, err
		}
		w.tmp = tmp
	}
	for range writers {
		w.wg.Go(func() {
			for f := range w.files {
				if err := w.writeFile(f); err != nil {
					w.mu.Lock()
					w.errs = append(w.errs, err)
					w.mu.Unlock()
				}
			}
		})
	}
	return w, nil
}

// write queues a file, named by its slash path under dir. It may be called
// from several goroutines at once.
func (w *dirWriter) write(name string, data []byte) error {
	if !fs.ValidPath(name) || name == "." {
		return fmt.Errorf("output file %q: not a valid path", name)
	}
	w.mu.Lock()
	w.written[name] = true
	w.mu.Unlock()
	w.files <- outputFile{name, data}
	return nil
}

func (w *dirWriter) writeFile(f outputFile) error {
	if err := w.mkdir(path.Dir(f.name)); err != nil {
		return err
	}
	file := filepath.Join(w.tmp, filepath.FromSlash(f.name))
	if w.update {
		return updateFile(w.tmp, file, f.data)
	}
	return writeTemp(w.tmp, file, f.data)
}

// mkdir makes the directory named by the slash path d under tmp, and its
// parents, once. In a spare tree, a directory already there is kept, and
// anything else in its place (a file, a symbolic link) is removed, never
// followed.
func (w *dirWriter) mkdir(d string) error {
	if d == "." {
		return nil
	}
	v, _ := w.dirs.LoadOrStore(d, new(madeDir))
	m := v.(*madeDir)
	m.once.Do(func() {
		if m.err = w.mkdir(path.Dir(d)); m.err != nil {
			return
		}
		full := filepath.Join(w.tmp, filepath.FromSlash(d))
		if w.update {
			// Listed before any file is written in it: a writer of a file
			// or directory in d waits for this.
			var names []string
			names, m.err = keepDir(w.tmp, full)
			if names != nil {
				w.mu.Lock()
				w.listed[d] = names
				w.mu.Unlock()
			}
			return
		}
		if err := os.Mkdir(full, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			m.err = err
		}
	})
	return m.err
}

// finish waits for the files queued. With ok, and every file written, the
// new directory takes dir's place; otherwise it is removed (or, a spare,
// kept as the spare) and dir stays as it was.
func (w *dirWriter) finish(ok bool) error {
	if w.finished {
		return errors.New("dirWriter: finished twice")
	}
	w.finished = true
	close(w.files)
	w.wg.Wait()
	// The writers fail in whatever order they run; report in a fixed one.
	slices.SortFunc(w.errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	err := errors.Join(w.errs...)
	if err == nil {
		err = fileUnderFile(w.written)
	}
	if ok && err == nil && w.update {
		err = prune(w.tmp, w.written, w.listed)
	}
	temps.Lock()
	defer temps.Unlock()
	if ok && err == nil {
		// The directory was checked when the build began; check again
		// just before it is replaced, in case something else wrote there.
		if err = checkOwned(w.dir); err == nil {
			err = swapDir(w.tmp, w.dir)
		}
	}
	switch {
	case ok && err == nil:
	case !ok && err == nil && w.update && keepSpare(w.tmp, w.dir):
		// The build failed, not the disk: the tree stays a spare.
	default:
		os.RemoveAll(w.tmp)
	}
	delete(temps.dirs, w.tmp)
	return err
}

// fileUnderFile reports a file of names that another one needs as its
// directory ("x" and "x/index.html"): in a fresh directory the second
// write fails, but a spare tree could hold either, so it is checked here.
func fileUnderFile(names map[string]bool) error {
	var errs []error
	for name := range names {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if names[d] {
				errs = append(errs, fmt.Errorf("output file %q: %s is a file too", name, d))
			}
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errors.Join(errs...)
}

// swapDir puts the directory tmp in place of dir and removes the old dir.
// Where the kernel allows, the two are exchanged in one step, so a server
// reading dir never sees it missing.
func swapDir(tmp, dir string) error {
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.Rename(tmp, dir)
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("%s: exists and is not a directory", dir)
	}
	if filepath.Dir(tmp) == dir {
		return swapContents(tmp, dir)
	}
	if err := exchange(tmp, dir); err == nil {
		// tmp now holds the old site: the next build updates it.
		if !keepSpare(tmp, dir) {
			return os.RemoveAll(tmp)
		}
		return nil
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	if !keepSpare(old, dir) {
		return os.RemoveAll(old)
	}
	return nil
}

// swapContents puts the entries of tmp, a directory inside dir, in place of
// dir's own, for a dir that cannot be renamed (a mount point). It is not
// one step, as swapDir is, but it never leaves a mix: should a move fail,
// the old entries are put back.
func swapContents(tmp, dir string) error {
	old, err := makeMarked(dir, oldInside) // finish holds temps' lock
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var moved []string
	undo := func(err error) error {
		for _, name := range moved {
			os.Rename(filepath.Join(old, name), filepath.Join(dir, name))
		}
		os.RemoveAll(old)
		return err
	}
	for _, e := range entries {
		if p := filepath.Join(dir, e.Name()); p == tmp || p == old {
			continue
		}
		if err := os.Rename(filepath.Join(dir, e.Name()), filepath.Join(old, e.Name())); err != nil {
			return undo(err)
		}
		moved = append(moved, e.Name())
	}
	news, err := os.ReadDir(tmp)
	if err != nil {
		return undo(err)
	}
	for i, e := range news {
		if err := os.Rename(filepath.Join(tmp, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			for _, back := range news[:i] {
				os.Rename(filepath.Join(dir, back.Name()), filepath.Join(tmp, back.Name()))
			}
			return undo(err)
		}
	}
	os.Remove(tmp)
	return os.RemoveAll(old)
}

// A Stamp tells whether an output directory is still the one a build
// wrote: the directory and its marker file, as they were then. Another
// build into it, or its removal, changes them.
type Stamp struct {
	dir, marker os.FileInfo
}

// StampOf returns the stamp of dir now; ok is false when dir or its
// marker is missing.
func StampOf(dir string) (st Stamp, ok bool) {
	d, err := os.Stat(dir)
	if err != nil {
		return Stamp{}, false
	}
	m, err := os.Lstat(filepath.Join(dir, MarkerFile))
	if err != nil {
		return Stamp{}, false
	}
	return Stamp{d, m}, true
}

// Same reports whether two stamps are of the same directory, untouched.
func (s Stamp) Same(t Stamp) bool {
	return s.dir != nil && t.dir != nil && os.SameFile(s.dir, t.dir) &&
		os.SameFile(s.marker, t.marker) && s.marker.ModTime().Equal(t.marker.ModTime())
}

// WriteChanged brings dir from prev, the output last written there, to o:
// it removes the files that are gone, with the directories they leave
// empty, then writes only the files whose content changed, each
// atomically (a temporary file renamed into place). Removing first lets a
// file become a directory of the same name, or the other way round. With
// no prev, it is WriteDir.
func (o Output) WriteChanged(dir string, prev Output) error {
	if prev == nil {
		return o.WriteDir(dir)
	}
	// The names are sorted once found: sorting all 10,000 was a tenth of
	// a save's way to disk in watch mode. When every file of prev is in o
	// (they have as many files, all of prev's), none is gone.
	var changed []string
	kept := 0
	for name, data := range o {
		old, ok := prev[name]
		if ok {
			kept++
		}
		if !ok || !bytes.Equal(old, data) {
			changed = append(changed, name)
		}
	}
	if kept < len(prev) {
		if err := o.removeGone(dir, prev); err != nil {
			return err
		}
	}
	slices.Sort(changed)
	for _, name := range changed {
		if !fs.ValidPath(name) {
			return fmt.Errorf("output file %q: not a valid path", name)
		}
		if err := writeFileAtomic(filepath.Join(dir, filepath.FromSlash(name)), o[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// removeGone removes from dir the files of prev that o does not have.
func (o Output) removeGone(dir string, prev Output) error {
	var gone []string
	for name := range prev {
		if _, ok := o[name]; !ok && fs.ValidPath(name) {
			gone = append(gone, name)
		}
	}
	slices.Sort(gone)
	for _, name := range gone {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for d := filepath.Dir(file); d != dir && strings.HasPrefix(d, dir); d = filepath.Dir(d) {
			if os.Remove(d) != nil { // not empty: stop
				break
			}
		}
	}
	return nil
}

// writeFileAtomic writes data to file, with permissions perm, through a
// temporary file beside it (named after tmpPrefix), so that a reader sees
// the old content or the new, never a mix.
func writeFileAtomic(file string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(file), tmpPrefix+filepath.Base(file)+"-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), perm)
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
