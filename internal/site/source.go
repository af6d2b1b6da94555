package site

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxSourceSize bounds any file a build reads. Pages are smaller still
// (content.MaxFileSize); this bound is for static files, so that a link to
// a device or a huge file cannot take all the memory.
const MaxSourceSize = 64 << 20

// Source is a site's source directory, opened so that nothing outside it
// is ever read: a symbolic link that leads out of it is an error, never
// followed (os.Root), and only regular files are read, so a FIFO or a
// device can neither hang a build nor fill its memory.
type Source struct {
	root    *os.Root
	rootDir *os.File // the directory itself, for openat2 on Linux
	fs.FS
}

// OpenSource opens the source directory dir.
func OpenSource(dir string) (*Source, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	rootDir, err := root.Open(".")
	if err != nil {
		root.Close()
		return nil, err
	}
	return &Source{root: root, rootDir: rootDir, FS: root.FS()}, nil
}

// Close releases the directory.
func (s *Source) Close() error {
	s.rootDir.Close()
	return s.root.Close()
}

var (
	errOutside    = errors.New("symbolic link to a file outside the site; copy the file into the site instead")
	errNotRegular = errors.New("not a regular file (a FIFO, socket, device or directory link); only files are part of a site")
)

// ReadFile reads the regular file name, through symbolic links that stay
// inside the site, and at most MaxSourceSize bytes of it.
func (s *Source) ReadFile(name string) ([]byte, error) {
	if data, err, ok := s.readFileFast(name); ok {
		return data, err
	}
	f, err := s.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkRead(name, info.Mode().IsRegular(), info.Size()); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSourceSize+1))
	if err == nil && len(data) > MaxSourceSize {
		err = errGrew(name)
	}
	return data, err
}

// openRoot opens name through os.Root, which resolves it one component at
// a time and refuses to leave the directory. O_NONBLOCK: opening a FIFO
// must not wait for a writer.
func (s *Source) openRoot(name string) (*os.File, error) {
	f, err := s.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, sourceError(name, err)
	}
	return f, nil
}

// sourceError says in the site's words why name could not be opened.
func sourceError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err.Error() == "path escapes from parent" {
		return &fs.PathError{Op: "open", Path: name, Err: errOutside}
	}
	return err
}

// ReadDir lists the directory name; a directory reached through a link
// that leads out of the site is an error.
func (s *Source) ReadDir(name string) ([]fs.DirEntry, error) {
	if entries, err, ok := s.readDirFast(name); ok {
		return entries, err
	}
	entries, err := fs.ReadDir(s.FS, name)
	return entries, sourceError(name, err)
}

// checkRead says why a file, regular or not and of size bytes, cannot be
// read whole.
func checkRead(name string, regular bool, size int64) error {
	if !regular {
		return &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	if size > MaxSourceSize {
		return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%d bytes; a site file may have at most %d MiB", size, MaxSourceSize>>20)}
	}
	return nil
}

// errGrew is the error of a file that grew past MaxSourceSize as it was read.
func errGrew(name string) error {
	return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("grew past %d MiB while being read", MaxSourceSize>>20)}
}

// Stat describes name, through symbolic links that stay inside the site.
func (s *Source) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(s.FS, name)
	return info, sourceError(name, err)
}
