package site

import (
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// checkOutputs checks every output path the build will write, before any
// is rendered: no URL that a file name cannot make, no two pages at one
// URL, and nothing (page or static file) in the place of a generated file,
// of the fingerprinted assets, or of each other as file and directory.
func (s *Site) checkOutputs() []error {
	var errs []error
	owner := map[string]string{} // output path → the source that makes it, "" for a generated file
	generated := map[string]bool{MarkerFile: true}
	for _, f := range s.files {
		generated[f.Name] = true
	}
	// clash names the generated file that out would replace, as itself or
	// as a directory on the way to it, or returns "".
	clash := func(out string) string {
		if generated[out] || strings.HasPrefix(out, "assets/") {
			return out
		}
		for dir := out; ; {
			i := strings.LastIndexByte(dir, '/')
			if i < 0 {
				return ""
			}
			if dir = dir[:i]; generated[dir] {
				return dir
			}
		}
	}
	for _, p := range s.Pages {
		if strings.ContainsAny(p.URL, "%?#\\") || strings.IndexFunc(p.URL, unicode.IsControl) >= 0 {
			errs = append(errs, problem.Errorf(p.Source, 0, "the file name cannot be part of a URL (it holds %%, ?, #, \\ or a control character); rename the file"))
			continue
		}
		if gen := clash(p.Output); gen != "" {
			errs = append(errs, problem.Errorf(p.Source, 0, "its URL %s would replace the file the site generates at /%s", p.URL, gen))
			continue
		}
		if first, dup := owner[p.Output]; dup {
			errs = append(errs, problem.Errorf(p.Source, 0, "URL %s is already taken by %s", p.URL, first))
			continue
		}
		owner[p.Output] = p.Source
	}
	for _, file := range slices.Sorted(maps.Keys(s.Static)) {
		if _, page := owner[file]; page || clash(file) != "" {
			errs = append(errs, problem.Errorf("content/"+file, 0, "would replace the file the site generates at /%s", file))
			continue
		}
		owner[file] = "content/" + file
	}
	// A file where another output needs a directory: content/486 (a
	// static file) against /486/.
	for out, src := range owner {
		for dir := out; strings.Contains(dir, "/"); {
			dir = dir[:strings.LastIndexByte(dir, '/')]
			if other, ok := owner[dir]; ok {
				errs = append(errs, problem.Errorf(other, 0, "is a file where %s needs a directory", src))
			}
		}
	}
	return errs
}
