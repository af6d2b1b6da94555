package site

import (
	"io/fs"
	"path/filepath"
	"syscall"

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

// openNoFollow opens a file of a spare tree without following a link, and
// without waiting should it be a FIFO.
const openNoFollow = unix.O_NOFOLLOW | unix.O_NONBLOCK

// singleLink reports whether the file of info has no other name.
func singleLink(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && st.Nlink == 1
}

// renameNoReplace renames a to b, failing with fs.ErrExist when b exists.
func renameNoReplace(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_NOREPLACE)
}
