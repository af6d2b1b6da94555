package site

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// CheckCacheDir refuses a cache directory that a build must not write
// into: a file, the source directory itself, anything under the source
// trees (content/, layouts/, assets/, data/) or the output directory, a
// directory that holds the output directory, and a directory that holds
// files but is not sitegen's cache (no CACHEDIR.TAG of sitegen's), since
// a build removes the files of its cache that it no longer needs.
func CheckCacheDir(src, out, cache string) error {
	bad := func(msg string) error { return fmt.Errorf("--cache-dir %s: %s", cache, msg) }
	c, err := realPath(cache)
	if err != nil {
		return bad(err.Error())
	}
	s, err := realPath(src)
	if err != nil {
		return bad(err.Error())
	}
	o, err := realPath(out)
	if err != nil {
		return bad(err.Error())
	}
	switch {
	case c == s:
		return bad("is the source directory; name a directory of its own, such as " + filepath.Join(src, CacheDirName))
	case within(c, o):
		return bad("is inside the output directory, which every build replaces; name a directory outside it")
	case within(o, c):
		return bad("holds the output directory; name a directory of its own")
	}
	for _, tree := range []string{"content", "layouts", "assets", "data"} {
		if within(c, filepath.Join(s, tree)) {
			return bad("is inside the site's " + tree + "/; name a directory outside the source trees")
		}
	}
	info, err := os.Stat(cache)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return bad(err.Error())
	case !info.IsDir():
		return bad("is a file; name a directory")
	}
	if tag, err := os.ReadFile(filepath.Join(cache, "CACHEDIR.TAG")); err == nil && strings.Contains(string(tag), "sitegen") {
		return nil
	}
	if empty, err := isEmptyDir(cache); err != nil || !empty {
		return bad("holds files that are not sitegen's cache; name an empty or new directory")
	}
	return nil
}

func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, err
}
