package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// MarkerFile is written into every output directory that sitegen builds.
// A build replaces an output directory whole, so it replaces only one that
// holds this file (a directory sitegen wrote) or an empty one: never a
// directory of the user's that --out happened to name.
const MarkerFile = ".sitegen-output"

const markerText = "This directory is built by sitegen, which replaces all of it on every build.\nKeep nothing of your own here.\n"

// OutDirError is an output directory that sitegen refuses to write: it is
// or holds the sources, or holds files that sitegen did not write. It is a
// mistake on the command line, not in the site.
type OutDirError struct {
	Dir string
	Msg string
}

func (e *OutDirError) Error() string { return fmt.Sprintf("--out %s: %s", e.Dir, e.Msg) }

// CheckOutDir reports whether out may be built into for the site in src:
// out must not be src, hold it, or lie inside content/, layouts/, assets/, data/
// or a dot-directory of src (such as .git/), nor be the home directory;
// and if it exists, it must be a directory that is empty or holds
// MarkerFile. It writes nothing.
func CheckOutDir(src, out string) error {
	srcAbs, err := realPath(src)
	if err != nil {
		return &OutDirError{out, fmt.Sprintf("cannot resolve the source directory %s: %v", src, err)}
	}
	outAbs, err := realPath(out)
	if err != nil {
		return &OutDirError{out, fmt.Sprintf("cannot resolve it: %v", err)}
	}
	refuse := func(format string, args ...any) error {
		return &OutDirError{out, fmt.Sprintf(format, args...) + "; choose another --out (the default is public/ inside the source directory)"}
	}
	if outAbs == srcAbs {
		return refuse("is the source directory, and a build replaces its output directory whole")
	}
	if within(srcAbs, outAbs) {
		return refuse("holds the source directory %s, and a build replaces its output directory whole", src)
	}
	if home, err := os.UserHomeDir(); err == nil {
		if h, err := realPath(home); err == nil && h == outAbs {
			return refuse("is the home directory")
		}
	}
	if rel, err := filepath.Rel(srcAbs, outAbs); err == nil && within(outAbs, srcAbs) {
		first := strings.Split(filepath.ToSlash(rel), "/")[0]
		switch {
		case first == "content" || first == "layouts" || first == "assets" || first == "data":
			return refuse("is inside %s/, the sources", first)
		case strings.HasPrefix(first, "."):
			return refuse("is inside %s/, which is not the site's to write", first)
		}
	}
	return checkOwned(out)
}

// checkOwned reports whether dir is missing, empty, or holds MarkerFile.
func checkOwned(dir string) error {
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return &OutDirError{dir, err.Error()}
	case info.Mode()&fs.ModeSymlink != 0:
		return &OutDirError{dir, "is a symbolic link; name the directory itself"}
	case !info.IsDir():
		return &OutDirError{dir, "exists and is not a directory; remove it or choose another --out"}
	}
	if _, err := os.Lstat(filepath.Join(dir, MarkerFile)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return &OutDirError{dir, err.Error()}
	}
	for _, e := range entries {
		if !isLeftover(e.Name()) {
			return &OutDirError{dir, fmt.Sprintf("holds files that sitegen did not write (there is no %s in it), and a build replaces it whole; remove it, or choose another --out", MarkerFile)}
		}
	}
	return nil
}

// realPath returns p as an absolute path with every symbolic link of the
// part that exists resolved, so that two names of one directory compare
// equal.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for {
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return filepath.Join(append([]string{abs}, rest...)...), nil
		}
		rest = append([]string{filepath.Base(abs)}, rest...)
		abs = parent
	}
}

// within reports whether path is dir or lies below it; both are clean and
// absolute.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Temporary directories a build makes: beside the output directory, named
// after it ("." + base + ".new-" + random), or inside it when it is a
// mount point and cannot be renamed.
const (
	newInside = ".sitegen-new-"
	oldInside = ".sitegen-old-"
)

func isLeftover(name string) bool {
	return strings.HasPrefix(name, newInside) || strings.HasPrefix(name, oldInside)
}

// removeLeftovers removes what a killed build left of its temporary
// directories for dir: those beside it and, for a mount point, inside it.
// Only directories that hold MarkerFile are removed, so a directory of the
// user's that merely has a similar name is left alone.
func removeLeftovers(dir string) {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if entries, err := os.ReadDir(parent); err == nil {
		for _, e := range entries {
			if e.IsDir() && strings.HasPrefix(e.Name(), "."+base+".new-") {
				removeIfMarked(filepath.Join(parent, e.Name()))
			}
		}
	}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if e.IsDir() && isLeftover(e.Name()) {
				removeIfMarked(filepath.Join(dir, e.Name()))
			}
		}
	}
}

func removeIfMarked(dir string) {
	if _, err := os.Lstat(filepath.Join(dir, MarkerFile)); err == nil {
		os.RemoveAll(dir)
	}
}

// makeTemp makes a fresh directory in where, named prefix and a random
// suffix, readable by all (it becomes the site), and marks it as sitegen's
// at once, so that what a killed build leaves is known to be sitegen's.
func makeTemp(where, prefix string) (string, error) {
	tmp, err := makeMarked(where, prefix)
	if err != nil {
		return "", err
	}
	temps.Lock()
	temps.dirs[tmp] = new(atomic.Bool)
	temps.Unlock()
	return tmp, nil
}

// makeMarked is makeTemp for a directory that its maker removes itself.
func makeMarked(where, prefix string) (string, error) {
	tmp, err := os.MkdirTemp(where, prefix)
	if err != nil {
		return "", err
	}
	err = os.Chmod(tmp, 0o755)
	if err == nil {
		err = os.WriteFile(filepath.Join(tmp, MarkerFile), []byte(markerText), 0o644)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return tmp, nil
}

// temps are the temporary directories of the builds under way, each with
// a flag set once it is removed. Writers hold the read lock while they
// write a file into one, so that RemoveTemporaries sees no file appear
// after it.
var temps = struct {
	sync.RWMutex
	dirs map[string]*atomic.Bool
}{dirs: map[string]*atomic.Bool{}}

// writeTemp writes a file into the temporary directory tmp, unless it was
// removed.
func writeTemp(tmp, file string, data []byte) error {
	temps.RLock()
	defer temps.RUnlock()
	if gone := temps.dirs[tmp]; gone != nil && gone.Load() {
		return ErrInterrupted
	}
	return os.WriteFile(file, data, 0o644)
}

// RemoveTemporaries removes the temporary directories of every build under
// way. The command calls it when it is stopped and a build does not end in
// time, so that nothing is left beside the output directory. A directory
// being swapped into place is finished first.
func RemoveTemporaries() {
	temps.Lock()
	defer temps.Unlock()
	for dir, gone := range temps.dirs {
		gone.Store(true)
		os.RemoveAll(dir)
	}
}
