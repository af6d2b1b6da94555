//go:build unix

package site

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on file (flock, released when the
// process ends however it ends), or fails at once when another build
// holds it.
func lockFile(file string) (unlock func(), err error) {
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errors.New("another build is using it")
		}
		return nil, err
	}
	return func() { f.Close() }, nil
}
