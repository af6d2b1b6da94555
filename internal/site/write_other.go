//go:build !linux

package site

import "errors"

// exchange is not available here; swapDir falls back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }

// isMountPoint is not known here; a mount point fails to be replaced.
func isMountPoint(dir string) bool { return false }

// spareSupported is false here: the old site is removed after each build.
const spareSupported = false

// The spare tree's reads, never called here.
func holds(string, []byte) bool                { return false }
func keepDir(string, string) ([]string, error) { return nil, errors.ErrUnsupported }
func readNames(string) ([]string, error)       { return nil, errors.ErrUnsupported }

func renameNoReplace(a, b string) error { return errors.ErrUnsupported }
