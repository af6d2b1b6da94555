package site

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"sync"
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
//   - Nothing the new site does not hold survives in it: the spare is
//     walked, after the writes, and every entry no output file needs is
//     removed.
//   - Nothing outside the spare is written or removed through it: a file
//     is replaced by removing its name and creating a new file (O_EXCL),
//     so a symbolic link or a hard link in the old output is removed as a
//     name, never followed or written through; a directory that is not
//     really one (a symbolic link to one) is removed, not entered; files
//     are compared only when opened without following a link. The walk
//     does not follow links either.
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
// build's is removed by the next one), and returns its path.
func claimSpare(dir, where, prefix string) (string, bool) {
	if !spareSupported {
		return "", false
	}
	spare := sparePath(dir)
	info, err := os.Lstat(spare)
	if err != nil || !info.IsDir() {
		return "", false
	}
	if m, err := os.Lstat(filepath.Join(spare, MarkerFile)); err != nil || !m.Mode().IsRegular() {
		return "", false
	}
	var tmp string
	for range 10 { // a fresh name, as os.MkdirTemp makes them
		tmp = filepath.Join(where, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		if err = renameNoReplace(spare, tmp); !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return "", false
	}
	temps.Lock()
	temps.dirs[tmp] = new(atomic.Bool)
	temps.Unlock()
	if os.Chmod(tmp, 0o755) != nil || updateFile(tmp, filepath.Join(tmp, MarkerFile), []byte(markerText)) != nil {
		temps.Lock()
		delete(temps.dirs, tmp)
		temps.Unlock()
		os.RemoveAll(tmp)
		return "", false
	}
	return tmp, true
}

// keepSpare keeps old, the site dir held until now, as dir's spare. It
// reports false when it could not (then the caller removes old).
func keepSpare(old, dir string) bool {
	return spareSupported && os.Rename(old, sparePath(dir)) == nil
}

// keepDir makes full, a directory of the spare tree root whose parents
// are already checked, a directory: one already there is kept, anything
// else there (a file, a symbolic link) is removed first.
func keepDir(root, full string) error {
	info, err := os.Lstat(full)
	switch {
	case err == nil && info.IsDir():
		return nil
	case err == nil:
		if err := os.Remove(full); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	return os.Mkdir(full, 0o755)
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

// holds reports whether file is a regular file of one link, not a
// symbolic link, holding exactly data.
func holds(file string, data []byte) bool {
	f, err := os.OpenFile(file, os.O_RDONLY|openNoFollow, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) || !singleLink(info) {
		return false
	}
	bp := compareBuffers.Get().(*[]byte)
	defer compareBuffers.Put(bp)
	buf := *bp
	for rest := data; ; {
		n, err := f.Read(buf)
		if n > len(rest) || !bytes.Equal(buf[:n], rest[:n]) {
			return false
		}
		rest = rest[n:]
		if err == io.EOF {
			return len(rest) == 0
		}
		if err != nil {
			return false
		}
	}
}

// compareBuffers hold what holds reads of a file, so that comparing
// 10,000 files allocates nothing.
var compareBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// prune removes from the spare tree tmp every entry that no file of
// written needs: files it does not name, and directories none of them is
// in. It follows no symbolic link: a link is an entry like a file.
func prune(tmp string, written map[string]bool) error {
	dirs := map[string]bool{}
	for name := range written {
		for d := path.Dir(name); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	return filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(tmp, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir() && dirs[rel]:
			return nil
		case d.IsDir():
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			return fs.SkipDir
		case written[rel] || rel == MarkerFile:
			return nil
		}
		return os.Remove(p)
	})
}
