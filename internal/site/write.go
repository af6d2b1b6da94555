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
)

// WriteDir writes out to dir so that dir changes all at once: the files go
// to a fresh directory beside it, which then takes dir's place. dir holds
// nothing but out afterwards, and if anything fails dir is left as it was.
func (o Output) WriteDir(dir string) (err error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	names := slices.Sorted(maps.Keys(o))
	dirs := map[string]bool{}
	for _, name := range names {
		if !fs.ValidPath(name) {
			return fmt.Errorf("output file %q: not a valid path", name)
		}
		dirs[path.Dir(name)] = true
	}
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		if err := os.MkdirAll(filepath.Join(tmp, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
	}
	// Creating files is most of the time on a slow disk, and it overlaps well.
	errs := make([]error, len(names))
	parallelN(writers, len(names), func(i int) {
		errs[i] = os.WriteFile(filepath.Join(tmp, filepath.FromSlash(names[i])), o[names[i]], 0o644)
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return swapDir(tmp, dir)
}

// writers is how many files WriteDir creates at once.
const writers = 8

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
	if err := exchange(tmp, dir); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the old site
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	return os.RemoveAll(old)
}

// WriteChanged brings dir from prev, the output last written there, to o:
// it writes only the files whose content changed, each atomically (a
// temporary file renamed into place), and removes the files that are gone,
// with the directories they leave empty. With no prev, it is WriteDir.
func (o Output) WriteChanged(dir string, prev Output) error {
	if prev == nil {
		return o.WriteDir(dir)
	}
	for _, name := range slices.Sorted(maps.Keys(o)) {
		if old, ok := prev[name]; ok && bytes.Equal(old, o[name]) {
			continue
		}
		if !fs.ValidPath(name) {
			return fmt.Errorf("output file %q: not a valid path", name)
		}
		if err := writeFileAtomic(filepath.Join(dir, filepath.FromSlash(name)), o[name]); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(prev)) {
		if _, ok := o[name]; ok || !fs.ValidPath(name) {
			continue
		}
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

// writeFileAtomic writes data to file through a temporary file beside it,
// so that a reader sees the old content or the new, never a mix.
func writeFileAtomic(file string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(file), ".tmp-"+filepath.Base(file)+"-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
