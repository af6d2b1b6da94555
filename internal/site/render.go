package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sipcodes/sipcodes/internal/content"
	"github.com/sipcodes/sipcodes/internal/problem"
	"github.com/sipcodes/sipcodes/internal/registry"
)

// Output is the built site: file contents by slash path under the output
// directory, e.g. "486/index.html", "assets/site.3f2a9c1b.css".
type Output map[string][]byte

// PageData is what every layout receives.
type PageData struct {
	Site        *content.Settings
	BaseURL     string
	BasePath    string // the path of BaseURL, "/sip", that every site link starts with; "" at a host's root
	Kind        string // home, class, code, page or 404
	Title       string // the page's h1
	Description string
	URL         string // site-relative, "/486/"
	Canonical   string // absolute
	Content     template.HTML
	EditURL     string // "" when the site has no repo_url
	ReportURL   string

	Classes []*ClassView // every class, in order, with its codes
	Class   *ClassView   // the class page's class, or the code's
	Code    *CodeView
	Prev    *CodeView // neighbours in code order, on code pages
	Next    *CodeView
	Pages   []PageLink // top-level plain pages, for navigation
}

// ClassView is a class and the codes in it.
type ClassView struct {
	Name    string // "4xx"
	Title   string
	Summary string
	URL     string
	Codes   []*CodeView
}

// CodeView is a code page's facts, as the layouts see them.
type CodeView struct {
	Code        int
	Reason      string
	Summary     string
	Status      string
	AlsoKnownAs []string
	References  []content.Reference
	Q850        *int
	Q850From    []int
	Methods     []string
	Fault       string
	Reviewed    string

	URL     string
	Class   string      // "4xx"
	Related []*CodeView // in the order the page lists them

	EscalationGuide string // the site's page of what to collect before escalating, or ""
}

func newCodeView(p *content.Page) *CodeView {
	c := p.Code
	return &CodeView{
		Code: c.Code, Reason: c.Reason, Summary: c.Summary, Status: c.Status,
		AlsoKnownAs: c.AlsoKnownAs, References: c.References, Q850: c.Q850, Q850From: c.Q850From,
		Methods: c.Methods, Fault: c.Fault, Reviewed: c.Reviewed,
		URL: PageURL(p), Class: content.ClassOf(c.Code),
	}
}

// Defining is the reference that defines the code.
func (c *CodeView) Defining() content.Reference { return c.References[0] }

// Q850Rule says what RFC 3398 §8.2.6.1 has a gateway send for a failure
// code whose page gives no q850: "none" for 487 (the table maps it to
// nothing), "warning" for 488 and 606 (the Warning header decides),
// "default" for a code the table does not list (its rule for those gives
// cause 31), and "" where the page gives the cause or the code is no
// failure.
func (c *CodeView) Q850Rule() string {
	switch {
	case c.Q850 != nil || c.Code < 400:
		return ""
	case c.Code == 487:
		return "none"
	case c.Code == 488 || c.Code == 606:
		return "warning"
	}
	return "default"
}

// Q850Name names a Q.850 cause, for the facts box.
func (c *CodeView) Q850Name(n int) string { return registry.Q850Cause(n) }

// PageLink is a plain page in navigation.
type PageLink struct {
	Title, URL string
}

var templateErrRE = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+)(?::\d+)?: (.*)$`)

// templateError turns an html/template error into an *problem.Error naming
// the layout file and line.
func templateError(err error) error {
	msg := err.Error()
	m := templateErrRE.FindStringSubmatch(msg)
	if m == nil {
		return problem.Errorf("layouts", 0, "%s", msg)
	}
	line, _ := strconv.Atoi(m[2])
	return problem.Errorf(m[1], line, "%s", m[3])
}

// parseLayouts builds one template set per page kind from the layout
// sources src: base.html and the partials, cloned, plus that kind's layout.
func parseLayouts(src map[string][]byte, funcs template.FuncMap) (map[string]*template.Template, []error) {
	var errs []error
	base := template.New("layouts/base.html").Funcs(funcs)
	if _, err := base.Parse(string(src["layouts/base.html"])); err != nil {
		return nil, []error{templateError(err)}
	}
	var partials []string
	for name := range src {
		if strings.HasPrefix(name, "layouts/partials/") {
			partials = append(partials, name)
		}
	}
	slices.Sort(partials)
	for _, name := range partials {
		if _, err := base.New(name).Parse(string(src[name])); err != nil {
			errs = append(errs, templateError(err))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sets := map[string]*template.Template{}
	for _, kind := range requiredLayouts[1:] {
		name := "layouts/" + kind + ".html"
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(name).Parse(string(src[name]))
		}
		if err != nil {
			errs = append(errs, templateError(err))
			continue
		}
		if rerrs := checkRanges(t); len(rerrs) > 0 {
			errs = append(errs, rerrs...)
			continue
		}
		sets[kind] = t
	}
	return sets, errs
}

// layoutSets are a build's parsed layouts by page kind: run renders pages,
// and written, the layouts as written, names the line of an error. They
// are the same sets unless the build minifies, when run's layouts are
// minified once, so pages come out minified without minifying each one.
type layoutSets struct {
	run, written map[string]*template.Template
}

// parseLayoutSets parses the site's layouts, and, when the build minifies,
// their minified versions.
func (s *Site) parseLayoutSets(funcs template.FuncMap) (layoutSets, []error) {
	written, errs := parseLayouts(s.layouts, funcs)
	if len(errs) > 0 || !s.opts.Minify {
		return layoutSets{written, written}, errs
	}
	run, errs := parseLayouts(minifyLayouts(s.layouts), funcs)
	if len(errs) > 0 { // a minifier bug, not the author's problem: go without
		return layoutSets{written, written}, nil
	}
	return layoutSets{run, written}, nil
}

// minifyLayouts minifies each layout as a template: the HTML around the
// actions loses its insignificant whitespace, the actions stay as they
// are. A layout the minifier cannot handle is kept as written.
func minifyLayouts(src map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(src))
	for name, data := range src {
		out[name] = data
		if min, err := layoutMinifier.Bytes("text/html", data); err == nil {
			out[name] = min
		}
	}
	return out
}

// funcs are the functions layouts may call.
func (s *Site) funcs(assets map[string]string) template.FuncMap {
	return template.FuncMap{
		// asset returns the fingerprinted URL of a file under assets/.
		"asset": func(name string) (string, error) {
			if u, ok := assets[name]; ok {
				return u, nil
			}
			return "", fmt.Errorf("asset %q: no such file in assets/", name)
		},
		// abs makes a site-relative URL absolute with the base URL.
		"abs": func(u string) string { return s.BaseURL + u },
	}
}

// Render builds every output file in memory. It reports every problem at
// once: template errors at their layout line, broken links at the page.
func (s *Site) Render() (Output, error) {
	out := Output{}
	var mu sync.Mutex
	if _, err := s.render(func(file string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		out[file] = data
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// RenderDir builds the site into dir, which changes all at once: the files
// go to a fresh directory beside it, which then takes dir's place. Pages
// are written as they are rendered, so that a large site is never held in
// memory whole. If anything fails, dir is left as it was. It returns how
// many files it wrote.
func (s *Site) RenderDir(dir string) (int, error) {
	w, err := newDirWriter(dir)
	if err != nil {
		return 0, err
	}
	defer func() {
		if r := recover(); r != nil {
			w.finish(false) // leave nothing beside dir
			panic(r)
		}
	}()
	n, err := s.render(w.write)
	if err := w.finish(err == nil); err != nil {
		return 0, err
	}
	return n, err
}

// render builds every output file and hands each to emit as soon as it is
// made, pages from several goroutines at once, and returns how many there
// are. Links are checked once everything is built, so when render fails,
// emit may have had some files already: callers throw them away.
func (s *Site) render(emit func(file string, data []byte) error) (int, error) {
	rest := Output{} // everything but the pages: assets, data, static files
	assetURLs, err := s.renderAssets(rest)
	if err != nil {
		return 0, err
	}
	sets, errs := s.parseLayoutSets(s.funcs(assetURLs))
	if len(errs) > 0 {
		return 0, problem.Join(errs)
	}
	built := map[string]bool{}      // every output path
	sources := map[string]string{}  // output path → source file, for link errors
	scans := map[string]pageLinks{} // HTML output path → its ids and links
	var global [32]byte
	if s.opts.Cache != nil {
		global = s.globalKey()
	}
	pages := s.pageData()
	type result struct {
		file  string
		links pageLinks
		err   error
	}
	results := make([]result, len(pages))
	parallel(len(pages), func(i int) {
		if s.opts.stopped() {
			results[i].err = ErrInterrupted
			return
		}
		pd := pages[i]
		file := outputPath(pd.data.URL)
		if pd.data.Kind == "404" {
			file = "404.html"
		}
		var key [32]byte
		if s.opts.Cache != nil {
			key = newHasher().add(global[:]).str(pd.data.Kind, file).add(pd.sum[:]).sum()
		}
		data, links, err := s.opts.Cache.render(file, key, func() ([]byte, error) {
			return renderPage(sets.run[pd.data.Kind], sets.written[pd.data.Kind], pd.data)
		})
		if err == nil {
			err = emit(file, prefixRoots(data, links.roots, s.BasePath))
		}
		results[i] = result{file, links, err}
	})
	if s.opts.stopped() {
		return 0, ErrInterrupted
	}
	for i, r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		built[r.file] = true
		sources[r.file] = pages[i].source
		scans[r.file] = r.links
	}
	if len(errs) > 0 {
		return 0, problem.Join(errs)
	}
	data := Output{}
	if err := s.renderData(data); err != nil {
		return 0, err
	}
	if s.opts.Minify {
		if err := minifyData(data); err != nil {
			return 0, err
		}
	}
	for _, file := range slices.Sorted(maps.Keys(s.Static)) {
		_, generated := data[file]
		if built[file] || generated || strings.HasPrefix(file, "assets/") {
			errs = append(errs, problem.Errorf("content/"+file, 0, "would replace the file the site generates at /%s", file))
		}
	}
	if len(errs) > 0 {
		return 0, problem.Join(errs)
	}
	maps.Copy(rest, data)
	maps.Copy(rest, s.Static)
	for _, file := range slices.Sorted(maps.Keys(rest)) {
		data := rest[file]
		if strings.HasSuffix(file, ".html") {
			scans[file] = scanHTML(data)
			data = prefixRoots(data, scans[file].roots, s.BasePath)
		}
		if err := emit(file, data); err != nil {
			return 0, err
		}
		built[file] = true
	}
	if err := checkLinks(built, scans, sources, s.BaseURL, newLocator(s).locate); err != nil {
		return 0, err
	}
	if s.opts.stopped() {
		return 0, ErrInterrupted
	}
	s.opts.Cache.end(s.sourceFiles)
	return len(built), nil
}

// renderPage executes the layouts t for one page. When that fails and t
// are minified layouts, whose lines are not the file's, it runs the
// layouts as written, to report the error at its line in the file.
func renderPage(t, written *template.Template, d *PageData) ([]byte, error) {
	buf := pageBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	err := runBounded(t, buf, d)
	if errors.Is(err, errPageTimeout) || errors.Is(err, errPageSize) {
		// The run may go on writing into buf: never reuse it.
		return nil, boundsError(d, err)
	}
	defer pageBuffers.Put(buf)
	if err != nil && written != t {
		if werr := written.ExecuteTemplate(io.Discard, "layouts/base.html", d); werr != nil {
			err = werr
		}
	}
	if err != nil {
		return nil, templateError(err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// pageBuffers hold pages while they are executed; each page keeps an
// exact-size copy, not a buffer grown by doubling with up to half of it
// unused.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// outputPath maps a page URL to its file: "/486/" → "486/index.html".
func outputPath(u string) string {
	return strings.TrimPrefix(path.Join(u, "index.html"), "/")
}

type sourcedPage struct {
	source string   // the file it comes from, for errors
	sum    [32]byte // the hash of that file, for the render cache
	data   *PageData
}

// pageData prepares the data of every page, in a fixed order.
func (s *Site) pageData() []sourcedPage {
	classes, views := s.views()
	var links []PageLink // top-level plain pages (content/about.md), for the navigation
	for _, p := range s.Plain {
		if strings.Count(PageURL(p), "/") == 2 {
			links = append(links, PageLink{Title: p.Title(), URL: PageURL(p)})
		}
	}
	mk := func(p *content.Page, kind string) *PageData {
		d := &PageData{
			Site: s.Settings, BaseURL: s.BaseURL, BasePath: s.BasePath, Kind: kind,
			Title: p.Title(), Description: p.Summary(),
			URL: PageURL(p), Content: template.HTML(p.HTML),
			Classes: classes, Pages: links,
		}
		d.Canonical = s.BaseURL + escapePath(d.URL)
		if repo := s.Settings.RepoURL; repo != "" {
			d.EditURL = fmt.Sprintf("%s/edit/%s/%s", strings.TrimRight(repo, "/"), s.Settings.EditBranch, p.File)
			d.ReportURL = fmt.Sprintf("%s/issues/new?title=%s", strings.TrimRight(repo, "/"), url.QueryEscape("Problem on "+d.URL+": "+d.Title))
		}
		return d
	}
	var all []sourcedPage
	all = append(all, sourcedPage{s.Home.File, s.Home.Sum, mk(s.Home, "home")})
	notFound := mk(s.Home, "404")
	notFound.Title, notFound.Description, notFound.Content = "Page not found", "There is no page at this address.", ""
	notFound.URL, notFound.Canonical, notFound.EditURL, notFound.ReportURL = "/404.html", s.BaseURL+"/404.html", "", ""
	all = append(all, sourcedPage{"layouts/404.html", [32]byte{}, notFound})
	for _, c := range classes {
		p := s.Classes[c.Name]
		if p == nil {
			continue
		}
		d := mk(p, "class")
		d.Title = c.Name + " " + c.Title
		d.Class = c
		all = append(all, sourcedPage{p.File, p.Sum, d})
	}
	for i, p := range s.Codes {
		d := mk(p, "code")
		d.Code = views[p.Code.Code]
		d.Class = classByName(classes, d.Code.Class)
		if i > 0 {
			d.Prev = views[s.Codes[i-1].Code.Code]
		}
		if i+1 < len(s.Codes) {
			d.Next = views[s.Codes[i+1].Code.Code]
		}
		all = append(all, sourcedPage{p.File, p.Sum, d})
	}
	for _, p := range s.Plain {
		all = append(all, sourcedPage{p.File, p.Sum, mk(p, "page")})
	}
	return all
}

// views builds the class and code views that every page shares.
func (s *Site) views() ([]*ClassView, map[int]*CodeView) {
	views := map[int]*CodeView{}
	for _, p := range s.Codes {
		views[p.Code.Code] = newCodeView(p)
		views[p.Code.Code].EscalationGuide = s.Settings.EscalationGuide
	}
	for _, p := range s.Codes {
		v := views[p.Code.Code]
		for _, r := range p.Code.Related {
			v.Related = append(v.Related, views[r])
		}
	}
	var classes []*ClassView
	for _, name := range classNames {
		c := &ClassView{Name: name, URL: "/" + name + "/"}
		if p := s.Classes[name]; p != nil {
			c.Title, c.Summary = p.Class.Title, p.Class.Summary
		}
		for _, p := range s.Codes {
			if content.ClassOf(p.Code.Code) == name {
				c.Codes = append(c.Codes, views[p.Code.Code])
			}
		}
		if s.Classes[name] != nil || len(c.Codes) > 0 {
			classes = append(classes, c)
		}
	}
	return classes, views
}

func classByName(classes []*ClassView, name string) *ClassView {
	for _, c := range classes {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// sourceText returns the source of a page or layout file, read again from
// the site (pages do not keep theirs), for locating a problem.
func (s *Site) sourceText(file string) []byte {
	if data, ok := s.layouts[file]; ok {
		return data
	}
	data, _ := fs.ReadFile(s.fsys, file)
	return data
}

// allPages lists every page: home, codes, plain pages, classes. Home is nil
// while a site whose content/_index.md is broken is being checked.
func (s *Site) allPages() []*content.Page {
	pages := slices.Concat([]*content.Page{s.Home}, s.Codes, s.Plain)
	for _, name := range classNames {
		if p := s.Classes[name]; p != nil {
			pages = append(pages, p)
		}
	}
	return pages
}

// FaultText says in words whose side a code usually points at.
func (c *CodeView) FaultText() string {
	switch c.Fault {
	case "caller":
		return "Caller's side: the request or the calling device"
	case "callee":
		return "Callee's side: the called party or their equipment"
	case "network":
		return "The network between the two ends"
	case "server":
		return "A server on the path (proxy, registrar, gateway)"
	case "none":
		return "No one's: this is not a failure"
	}
	return "Either side; the details decide"
}
