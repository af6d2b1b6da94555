package site

import (
	"errors"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"
)

// The spare tree: building into an existing output directory without
// removing 10,000 directories.
//
// A build writes a whole new site beside dir and exchanges the two in one
// step (see swapDir), so that a failed build leaves dir as it was and a
// server reading dir never sees a mix. The old site, swapped out, used to
// be removed inside the build: a quarter of a second at 10,000 pages,
// more on a real disk (performance review §2). Instead it is kept beside
// dir, as ".NAME.spare" (".public.spare" for public/), and the next build
// writes its site into it rather than into a fresh directory: a file
// whose bytes are already there is left alone, any other is replaced by a
// new file, and what the new site does not have is removed before the
// exchange. A build that writes the same site again writes nothing and
// removes nothing. dir itself is never written into, so every guarantee
// of the fresh directory holds:
//
//   - A failed build leaves dir exactly as it was: only the spare was
//     touched, and it stays a spare (or is removed when the disk failed).
//   - Nothing the new site does not hold survives in it: every directory
//     of it the build keeps is listed before anything is written in it,
//     and after the writes every listed entry no output file needs is
//     removed (prune).
//   - Nothing outside the spare is written or removed through it: a file
//     is replaced by removing its name and creating a new file (O_EXCL),
//     so a symbolic link or a hard link in the old output is removed as a
//     name, never followed or written through; a directory that is not
//     really one (a symbolic link to one) is removed, not entered; files
//     are compared, and directories listed, only when opened without
//     following a link.
//   - A spare is used only when it is a directory holding MarkerFile;
//     anything else of that name is the user's and is left alone (the old
//     site is then removed, as before).
//
// The cost is the disk space of a second copy of the site, beside it. A
// mount point (swapContents) has no spare: the old entries are removed
// as before.
const spareSuffix = ".spare"

// sparePath is where the spare of the output directory dir is kept.
func sparePath(dir string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+spareSuffix)
}

// claimSpare makes the spare of dir, when there is one, a temporary
// directory of this build, named as makeTemp names them (so that a killed
// build's is removed by the next one), and returns its path and the names
// in it.
func claimSpare(dir, where, prefix string) (string, []string, bool) {
	if !spareSupported {
		return "", nil, false
	}
	spare := sparePath(dir)
	info, err := os.Lstat(spare)
	if err != nil || !info.IsDir() {
		return "", nil, false
	}
	if m, err := os.Lstat(filepath.Join(spare, MarkerFile)); err != nil || !m.Mode().IsRegular() {
		return "", nil, false
	}
	var tmp string
	for range 10 { // a fresh name, as os.MkdirTemp makes them
		tmp = filepath.Join(where, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		if err = renameNoReplace(spare, tmp); !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return "", nil, false
	}
	temps.Lock()
	temps.dirs[tmp] = new(atomic.Bool)
	temps.Unlock()
	var names []string
	err = os.Chmod(tmp, 0o755)
	if err == nil {
		err = updateFile(tmp, filepath.Join(tmp, MarkerFile), []byte(markerText))
	}
	if err == nil {
		names, err = readNames(tmp)
	}
	if err != nil {
		temps.Lock()
		delete(temps.dirs, tmp)
		temps.Unlock()
		os.RemoveAll(tmp)
		return "", nil, false
	}
	return tmp, names, true
}

// keepSpare keeps old, the site dir held until now, as dir's spare. It
// reports false when it could not (then the caller removes old).
func keepSpare(old, dir string) bool {
	return spareSupported && os.Rename(old, sparePath(dir)) == nil
}

// updateFile makes file, in the spare tree tmp, hold data: it is left
// alone when it already does, and is otherwise replaced by a new file.
func updateFile(tmp, file string, data []byte) error {
	temps.RLock()
	defer temps.RUnlock()
	if gone := temps.dirs[tmp]; gone != nil && gone.Load() {
		return ErrInterrupted
	}
	if holds(file, data) {
		return nil
	}
	if err := os.RemoveAll(file); err != nil { // a file, a link, or a directory that is a file now
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// prune removes from the spare tree tmp every entry that no file of
// written needs: files it does not name, and directories none of them is
// in. listed holds, for the root (".") and for every directory of the
// tree that the build kept, the names it held before the build wrote in it
// (see dirWriter.mkdir); a directory the build made held nothing of the
// old site, and one it did not keep is removed whole as an entry of its
// parent. So the old site is not walked again at the end: at 10,000 pages
// that walk was 90 ms of a warm build on one core. An entry is removed as
// a name (os.RemoveAll does not follow a link), never entered.
func prune(tmp string, written map[string]bool, listed map[string][]string) error {
	dirs := map[string]bool{}
	for name := range written {
		for d := path.Dir(name); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var errs []error
	for _, dir := range slices.Sorted(maps.Keys(listed)) {
		for _, name := range listed[dir] {
			rel := path.Join(dir, name)
			if written[rel] || dirs[rel] || rel == MarkerFile {
				continue
			}
			if err := os.RemoveAll(filepath.Join(tmp, filepath.FromSlash(rel))); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
