package site

import (
	"cmp"
	"net/url"
	"path"
	"strings"
)

// orphans warns of every page that no other HTML file of the build links
// to: a reader can reach it only by knowing its URL or through a search
// engine. Links made by layouts count (navigation, a kind's list page),
// so a page is an orphan only when nothing at all leads to it. The home
// page and the 404 page are exempt, and so are pages without a source
// file, whose author cannot add a link anyway. scans holds the links of
// every HTML file, as checkLinks reads them; built, every output path.
func orphans(pages []*Page, scans map[string]pageLinks, built map[string]bool, base string) []Warning {
	exists := func(file string) bool { return built[file] }
	linked := map[string]bool{} // output files some other file links to
	absolute := map[string]string{}
	for file, scan := range scans { // a set is made: the order does not matter
		for _, link := range scan.links {
			target, known := absolute[link]
			if !known {
				target = linkTarget(exists, file, link, base)
				if strings.HasPrefix(link, "/") {
					absolute[link] = target
				}
			}
			if target != "" && target != file {
				linked[target] = true
			}
		}
	}
	var ws []Warning
	for _, p := range pages {
		if p.URL == "/" || p.Kind == "404" || p.Doc == nil || linked[p.Output] {
			continue
		}
		ws = append(ws, Warning{File: p.Source, Line: 1, Msg: "no other page links to " + p.URL + "; link it from a page on its subject, or from a list page"})
	}
	return ws
}

// linkTarget returns the output file that link, found in file, leads to,
// or "" for a link to another site or to nothing built. It reads a link as
// resolveLink does.
func linkTarget(exists func(string) bool, file, link, base string) string {
	if rest, ok := strings.CutPrefix(link, base); ok && (rest == "" || strings.HasPrefix(rest, "/")) {
		link = cmp.Or(rest, "/")
	}
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "" // not a URL, another site, or a fragment of file itself
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join("/", path.Dir(file), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	return findTarget(exists, p)
}
