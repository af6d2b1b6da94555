package site

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/sys/unix"
)

// exchange swaps two paths atomically (renameat2 with RENAME_EXCHANGE).
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// isMountPoint reports whether dir is the root of a mount (a Docker volume,
// a tmpfs), which cannot be renamed or replaced.
func isMountPoint(dir string) bool {
	var st unix.Statx_t
	if err := unix.Statx(unix.AT_FDCWD, dir, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_BASIC_STATS, &st); err != nil {
		return false
	}
	if st.Attributes_mask&unix.STATX_ATTR_MOUNT_ROOT != 0 {
		return st.Attributes&unix.STATX_ATTR_MOUNT_ROOT != 0
	}
	var parent unix.Statx_t
	if err := unix.Statx(unix.AT_FDCWD, filepath.Dir(dir), 0, unix.STATX_BASIC_STATS, &parent); err != nil {
		return false
	}
	return st.Dev_major != parent.Dev_major || st.Dev_minor != parent.Dev_minor
}

// spareSupported: a spare tree is updated only where a file can be opened
// without following a symbolic link (see spare.go).
const spareSupported = true

// The spare tree's three reads (see spare.go) use the bare system calls:
// a warm build of 10,000 pages makes 30,000 of them, and through an
// *os.File each took two or three more (a probe of the poller, a read to
// see the end, a stat of a directory before opening it).

// openSpare opens a file or directory of a spare tree without following a
// link, and without waiting should it be a FIFO.
func openSpare(name string, flags int) (int, error) {
	return unix.Open(name, flags|unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
}

// holds reports whether file is a regular file of one link, not a
// symbolic link, holding exactly data.
func holds(file string, data []byte) bool {
	fd, err := openSpare(file, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Size != int64(len(data)) || st.Nlink != 1 {
		return false
	}
	bp := compareBuffers.Get().(*[]byte)
	defer compareBuffers.Put(bp)
	buf := *bp
	// The size is right: the file holds data once that many bytes match.
	for rest := data; len(rest) > 0; {
		n, err := unix.Read(fd, buf[:min(len(buf), len(rest))])
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case err != nil || n == 0 || !bytes.Equal(buf[:n], rest[:n]):
			return false
		}
		rest = rest[n:]
	}
	return true
}

// compareBuffers hold what holds reads of a file, so that comparing
// 10,000 files allocates nothing.
var compareBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// keepDir makes full, a directory of the spare tree root whose parents
// are already checked, a directory: one already there is kept, and its
// entries are returned (for prune); anything else there (a file, a
// symbolic link) is removed first, and the directory made is empty.
func keepDir(root, full string) ([]string, error) {
	fd, err := openSpare(full, unix.O_DIRECTORY)
	switch {
	case err == nil:
		defer unix.Close(fd)
		return readNamesFd(full, fd)
	case errors.Is(err, unix.ENOTDIR) || errors.Is(err, unix.ELOOP): // a file, a link
		if err := os.Remove(full); err != nil {
			return nil, err
		}
	case !errors.Is(err, unix.ENOENT):
		return nil, &fs.PathError{Op: "open", Path: full, Err: err}
	}
	return nil, os.Mkdir(full, 0o755)
}

// readNames lists the names in the directory dir, which is not a link.
func readNames(dir string) ([]string, error) {
	fd, err := openSpare(dir, unix.O_DIRECTORY)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(fd)
	return readNamesFd(dir, fd)
}

func readNamesFd(dir string, fd int) ([]string, error) {
	bp := compareBuffers.Get().(*[]byte)
	defer compareBuffers.Put(bp)
	var names []string
	for {
		n, err := unix.Getdents(fd, *bp)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case err != nil:
			return nil, &fs.PathError{Op: "readdir", Path: dir, Err: err}
		case n <= 0:
			return names, nil
		}
		_, _, names = unix.ParseDirent((*bp)[:n], -1, names)
	}
}

// renameNoReplace renames a to b, failing with fs.ErrExist when b exists.
func renameNoReplace(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_NOREPLACE)
}
