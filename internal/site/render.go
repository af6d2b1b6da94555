package site

import (
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// PageData is what every layout receives.
type PageData struct {
	Site        *Settings
	BaseURL     string
	BasePath    string // the path of BaseURL, "/sip", that every site link starts with; "" at a host's root
	Kind        string // the page's kind: home, page, 404, or one of the schema's
	Title       string // the page's h1
	Description string
	URL         string // site-relative, "/486/"
	Canonical   string // absolute
	Content     template.HTML
	EditURL     string // "" when the site has no repo_url, or the page no source
	ReportURL   string

	Pages []PageLink // top-level pages of kind page (content/about.md), for navigation
	Data  any        // what the schema gives this page (Hooks.Data)
}

// NavURL is the page's URL when the navigation (Pages) links it, and ""
// otherwise: with the kind, all that a site header marking the current
// page depends on, as a key of cached.
func (d *PageData) NavURL() string {
	for _, p := range d.Pages {
		if p.URL == d.URL {
			return d.URL
		}
	}
	return ""
}

// PageLink is a page in navigation.
type PageLink struct {
	Title, URL string
}

// pageData returns the data the layout of p receives; nav is the
// navigation every page shares.
func (s *Site) pageData(p *Page, nav []PageLink) *PageData {
	d := &PageData{
		Site: s.Settings, BaseURL: s.BaseURL, BasePath: s.BasePath, Kind: p.Kind,
		Title: p.Title, Description: p.Summary, URL: p.URL, Canonical: s.BaseURL + escapePath(p.URL),
		Pages: nav,
	}
	if p.Doc != nil {
		d.Content = template.HTML(p.Doc.HTML)
		if d.EditURL = s.Settings.editURL(p.Source); d.EditURL != "" {
			d.ReportURL = fmt.Sprintf("%s/issues/new?title=%s", strings.TrimRight(s.Settings.RepoURL, "/"), url.QueryEscape("Problem on "+d.URL+": "+d.Title))
		}
	}
	if s.hooks.Data != nil {
		d.Data = s.hooks.Data(p)
	}
	return d
}

// nav lists the top-level pages of kind page, for every page's navigation.
func (s *Site) nav() []PageLink {
	var links []PageLink
	for _, p := range s.PagesOf("page") {
		if strings.Count(p.URL, "/") == 2 {
			links = append(links, PageLink{Title: p.Title, URL: p.URL})
		}
	}
	return links
}

// A funcEnv is what the layout functions of a build read: the URLs of the
// assets by name and the base URL. Watch mode keeps parsed layouts from one
// build to the next and gives them each build's environment.
type funcEnv struct {
	assets map[string]string
	base   string
}

// funcs are the functions layouts may call, reading e when they are
// called.
func (e *funcEnv) funcs() template.FuncMap {
	return template.FuncMap{
		// asset returns the fingerprinted URL of a file under assets/.
		"asset": func(name string) (string, error) {
			if u, ok := e.assets[name]; ok {
				return u, nil
			}
			return "", fmt.Errorf("asset %q: no such file in assets/", name)
		},
		// abs makes a site-relative URL absolute with the base URL.
		"abs": func(u string) string { return e.base + u },
		// fit cuts text at a word to at most n characters, with an
		// ellipsis: for a <title>, which validators and search results
		// want short.
		"fit": fit,
	}
}

// fit cuts text at a word so that, escaped as html/template escapes it, it
// is at most n characters with an ellipsis, or returns it whole when it
// fits. The escaped length counts because validators measure a <title> in
// the source: a quote there is five characters, &#34;.
func fit(n int, text string) string {
	width := 0
	for i, r := range text {
		width += escapedWidth(r)
		if width > n {
			cut := text[:i]
			for width = 1; ; { // the ellipsis
				w := 0
				for _, r := range cut {
					w += escapedWidth(r)
				}
				if w+width <= n {
					break
				}
				_, size := utf8.DecodeLastRuneInString(cut)
				cut = cut[:len(cut)-size]
			}
			if j := strings.LastIndexByte(cut, ' '); j > 0 {
				cut = cut[:j]
			}
			return strings.TrimRight(cut, " ,:;") + "…"
		}
	}
	return text
}

// escapedWidth is how many characters html/template writes for r.
func escapedWidth(r rune) int {
	switch r {
	case '"', '\'', '&', '+':
		return 5 // &#34; &#39; &amp; &#43;
	case '<', '>':
		return 4
	}
	return 1
}

// layoutNames lists the layout file of every kind, once each.
func (s *Site) layoutNames() []string {
	var names []string
	for _, k := range s.kinds {
		if l := k.layout(); !slices.Contains(names, l) {
			names = append(names, l)
		}
	}
	return names
}
