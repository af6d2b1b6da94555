package site

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// Scripts under assets/ may be ES modules that import one another by a
// relative name ("./explain-parse.js"), so that each concern is a file
// that Node's test runner can import as it is. Fingerprinting renames every
// asset, so the generator rewrites those names to the published ones
// ("./explain-parse.1a2b3c4d5e.js"). A module's own name depends on the
// names it imports, so modules are fingerprinted after their imports.

// jsSpecRE matches a quoted relative name of a script in the same folder:
// the specifier of an import or export, of import(), or of
// new URL('./x.js', import.meta.url) for a worker. Only names of files
// under assets/ are rewritten; any other such string is an error, since the
// browser would ask for a file that is not published.
var jsSpecRE = regexp.MustCompile(`(['"])\./([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.js)(['"])`)

// jsImports returns the assets a script names, in order of appearance,
// once each, and an error for each name that is not an asset.
func jsImports(name string, data []byte, files map[string][]byte) ([]string, []error) {
	var deps []string
	var errs []error
	for _, m := range jsSpecRE.FindAllSubmatchIndex(data, -1) {
		if data[m[2]] != data[m[6]] {
			continue // 'x.js" is not one string
		}
		dep := path.Join(path.Dir(name), string(data[m[4]:m[5]]))
		if _, ok := files[dep]; !ok {
			line := 1 + bytes.Count(data[:m[0]], []byte("\n"))
			errs = append(errs, problem.Errorf("assets/"+name, line, "imports %s, which is not in assets/", data[m[2]+1:m[6]]))
			continue
		}
		if !slices.Contains(deps, dep) {
			deps = append(deps, dep)
		}
	}
	return deps, errs
}

// assetOrder returns the names of files sorted, except that every script
// comes after the scripts it imports. An import cycle is an error.
func assetOrder(files map[string][]byte) ([]string, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	deps := map[string][]string{}
	var errs []error
	for _, n := range names {
		if strings.HasSuffix(n, ".js") {
			d, e := jsImports(n, files[n], files)
			deps[n] = d
			errs = append(errs, e...)
		}
	}
	var order []string
	state := map[string]int{} // 1: being visited, 2: done
	var visit func(n string, chain []string)
	visit = func(n string, chain []string) {
		switch state[n] {
		case 2:
			return
		case 1:
			i := slices.Index(chain, n)
			errs = append(errs, problem.Errorf("assets/"+n, 0, "import cycle: %s", strings.Join(append(chain[i:], n), " → ")))
			return
		}
		state[n] = 1
		for _, d := range deps[n] {
			visit(d, append(chain, n))
		}
		state[n] = 2
		order = append(order, n)
	}
	for _, n := range names {
		visit(n, nil)
	}
	return order, problem.Join(errs)
}

// rewriteImports replaces each relative script name in data with the
// published name of that asset, from urls ("explain-parse.js" →
// "/assets/explain-parse.1a2b3c4d5e.js"), kept relative so that a base path
// needs nothing more.
func rewriteImports(name string, data []byte, urls map[string]string) []byte {
	return jsSpecRE.ReplaceAllFunc(data, func(m []byte) []byte {
		q := m[0]
		if m[len(m)-1] != q {
			return m
		}
		dep := path.Join(path.Dir(name), string(m[3:len(m)-1]))
		u, ok := urls[dep]
		if !ok {
			return m // reported by assetOrder
		}
		return fmt.Appendf(nil, "%c./%s%c", q, path.Base(u), q)
	})
}
