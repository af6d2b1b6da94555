//go:build !linux

package site

import "os"

// open opens name through os.Root.
func (s *Source) open(name string) (*os.File, error) { return s.openRoot(name) }
