//go:build !linux

package site

import (
	"io/fs"
	"os"
)

// open opens name through os.Root.
func (s *Source) open(name string) (*os.File, error) { return s.openRoot(name) }

func (s *Source) readFileFast(string) ([]byte, error, bool) { return nil, nil, false }

func (s *Source) readDirFast(string) ([]fs.DirEntry, error, bool) { return nil, nil, false }
