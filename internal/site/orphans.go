package site

import (
	"cmp"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
)

// orphans warns of every page that a reader cannot reach by following
// links from the home page (or from the 404 page, where lost readers
// land): it is found only by knowing its URL or through a search engine.
// Links made by layouts count (navigation, a kind's list page). A page
// that no other file links to at all is told so; one that only other
// unreached pages link to (a folder of guides that link each other) is
// told which. Pages without a source file are left out: their author
// cannot add a link anyway. scans holds the links of every HTML file, as
// checkLinks reads them; built, every output path.
// gen is the pages' memo.pagesGeneration (0 for none): orphans reads only
// their outputs, URLs, sources and kinds, which are the same while it is.
func orphans(pages []*Page, gen int, scans map[string]pageLinks, built map[string]bool, base string, g *linkGraph) []Warning {
	links, same := g.resolve(scans, built, base)
	if g == nil {
		return reach(pages, links)
	}
	// The same links among the same pages: the same warnings.
	if !same || gen == 0 || gen != g.gen {
		g.gen, g.warnings = gen, reach(pages, links)
	}
	return slices.Clone(g.warnings) // the caller sorts its copy in place
}

// reach is orphans on the links resolved.
func reach(pages []*Page, links map[string][]string) []Warning {
	reached := map[string]bool{}
	var next []string
	for _, p := range pages {
		if p.URL == "/" || p.Kind == "404" {
			reached[p.Output] = true
			next = append(next, p.Output)
		}
	}
	for len(next) > 0 {
		file := next[len(next)-1]
		next = next[:len(next)-1]
		for _, target := range links[file] {
			if !reached[target] {
				reached[target] = true
				next = append(next, target)
			}
		}
	}
	var ws []Warning
	var urls map[string]string         // output file → page URL
	var linkedFrom map[string][]string // file → the HTML files that link to it
	for _, p := range pages {
		if reached[p.Output] || p.Doc == nil {
			continue
		}
		if urls == nil { // only for the warnings, which are rare
			urls, linkedFrom = map[string]string{}, map[string][]string{}
			for _, p := range pages {
				urls[p.Output] = p.URL
			}
			for file, targets := range links {
				for _, target := range targets {
					linkedFrom[target] = append(linkedFrom[target], file)
				}
			}
		}
		msg := "no other page links to " + p.URL + "; link it from a page on its subject, or from a list page"
		if from := linkedFrom[p.Output]; len(from) > 0 {
			first := slices.MinFunc(from, func(a, b string) int { return cmp.Compare(urls[a], urls[b]) })
			msg = "no chain of links from the home page leads to " + p.URL + "; only pages that none leads to either link to it (" + cmp.Or(urls[first], "/"+first) + "); link one of them from a page on its subject, or from a list page"
		}
		ws = append(ws, Warning{File: p.Source, Line: 1, Msg: msg})
	}
	return ws
}

// linkTarget returns the output file that link, found in file, leads to,
// or "" for a link to another site or to nothing built. It reads a link as
// resolveLink does.
func linkTarget(exists func(string) bool, file, link, base string) string {
	link = underBase(link, base)
	switch {
	case plainPath(link):
		return findTarget(exists, link)
	case len(link) > 0 && link[0] == '#':
		return "" // a fragment of file itself
	}
	return targetURL(exists, file, link)
}

// targetURL is linkTarget for a link that is not plain, read as a URL.
func targetURL(exists func(string) bool, file, link string) string {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "" // not a URL, another site, or a fragment of file itself
	}
	return findTarget(exists, sitePath(file, u.Path))
}

// A linkGraph is the files each HTML file links to, kept between the
// builds of watch mode: while a rebuild makes the same set of files with
// the same base URL, a link leads where it led, so only the files whose
// links changed are resolved again (every page's navigation resolved anew
// cost a 10,000-page rebuild over 100 ms). A nil graph keeps nothing.
type linkGraph struct {
	built   map[string]bool
	base    string
	scans   map[string]pageLinks
	targets map[string][]string

	// What orphans found in the graph, and the pages it read.
	gen      int // pagesGeneration
	warnings []Warning
}

// resolve returns, for every HTML file of scans, the output files its
// links lead to (not itself, not other sites, not what was not built),
// and whether they are the same as when g was last resolved.
func (g *linkGraph) resolve(scans map[string]pageLinks, built map[string]bool, base string) (map[string][]string, bool) {
	reuse := g != nil && g.built != nil && base == g.base && sameFiles(built, g.built)
	exists := func(file string) bool { return built[file] }
	files := slices.Collect(maps.Keys(scans))
	resolved := make([][]string, len(files))
	again := make([]bool, len(files)) // resolved[i] was resolved anew
	var changed atomic.Bool
	chunked(len(files), func(lo, hi int) {
		absolute := map[string]string{} // as in checkLinks
		for i := lo; i < hi; i++ {
			file, scan := files[i], scans[files[i]]
			if last, ok := g.last(file); reuse && ok && sameStrings(last.links, scan.links) {
				continue
			}
			again[i] = true
			var to []string
			for _, link := range scan.links {
				target, known := absolute[link]
				if !known {
					target = linkTarget(exists, file, link, base)
					if strings.HasPrefix(link, "/") {
						absolute[link] = target
					}
				}
				if target != "" && target != file {
					to = append(to, target)
				}
			}
			resolved[i] = to
			if last, ok := g.lastTargets(file); !reuse || !ok || !sameStrings(last, to) {
				changed.Store(true)
			}
		}
	})
	// The same files were built: the last graph has the same files, and
	// takes the few resolved anew in place of a map of 10,000 made again.
	targets := g.lastGraph()
	if reuse && len(targets) == len(scans) {
		for i, file := range files {
			if again[i] {
				targets[file] = resolved[i]
			}
		}
	} else {
		targets = make(map[string][]string, len(scans))
		for i, file := range files {
			if !again[i] { // kept: reuse is true
				resolved[i] = g.targets[file]
			}
			targets[file] = resolved[i]
		}
	}
	same := g != nil && reuse && !changed.Load() && len(targets) == len(g.targets)
	if g != nil {
		g.built, g.base, g.scans, g.targets = built, base, scans, targets
	}
	return targets, same
}

// lastGraph is the graph when g was last resolved, or nil.
func (g *linkGraph) lastGraph() map[string][]string {
	if g == nil {
		return nil
	}
	return g.targets
}

// lastTargets are the targets of file when g was last resolved.
func (g *linkGraph) lastTargets(file string) ([]string, bool) {
	if g == nil {
		return nil, false
	}
	t, ok := g.targets[file]
	return t, ok
}

// last is the scan of file when g was last resolved.
func (g *linkGraph) last(file string) (pageLinks, bool) {
	if g == nil {
		return pageLinks{}, false
	}
	p, ok := g.scans[file]
	return p, ok
}

// sameStrings is slices.Equal, at once for one slice: a page watch mode
// kept has the very links it had.
func sameStrings(a, b []string) bool {
	if len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) {
		return true
	}
	return slices.Equal(a, b)
}
