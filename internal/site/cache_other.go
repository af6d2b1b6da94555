//go:build !unix

package site

import "errors"

// lockFile has no lock to take on this system, so the cache is not used:
// two builds must never write it at once.
func lockFile(file string) (unlock func(), err error) {
	return nil, errors.New("no file locks on this system")
}
