//go:build !linux

package site

import "errors"

// exchange is not available here; swapDir falls back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }

// isMountPoint is not known here; a mount point fails to be replaced.
func isMountPoint(dir string) bool { return false }
