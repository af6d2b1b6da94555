//go:build !linux

package site

import (
	"errors"
	"io/fs"
)

// exchange is not available here; swapDir falls back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }

// isMountPoint is not known here; a mount point fails to be replaced.
func isMountPoint(dir string) bool { return false }

// spareSupported is false here: the old site is removed after each build.
const spareSupported = false

const openNoFollow = 0

func singleLink(fs.FileInfo) bool { return false }

func renameNoReplace(a, b string) error { return errors.ErrUnsupported }
