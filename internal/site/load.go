// Package site is the generic core of sitegen: it turns a source tree
// (content/, layouts/, assets/, data/) into the files of a published site, and
// knows nothing of what the site is about. A Schema says that: the kinds
// of page (which files, what front matter, which URL and layout), a hook
// that checks the site as a whole, the data layouts see, and extra output
// files.
//
// A build runs in one direction, in Builder.Build: read and parse the
// sources, give every page its URL, title and layout, check the site
// (schema included) and every output path, then render assets, pages and
// data files, scan the HTML for links, and check every link. Outputs go to
// a sink as they are made; BuildDir's sink is a directory beside the output
// directory (a fresh one, or the spare tree the build before last left: see
// spare.go) that takes its place only when the whole build succeeded, so a
// failed build changes nothing.
package site

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/sipcodes/sipcodes/internal/content"
	"github.com/sipcodes/sipcodes/internal/problem"
)

// Options change how a site is built.
type Options struct {
	BaseURL string // overrides base_url from content/_index.md
	Minify  bool   // minify HTML, CSS, JS and JSON (the command always does)
	Strict  bool   // fail the build on a warning (see Warning)

	// Context stops a build when it is done (Ctrl-C): no more files are
	// read or pages rendered, and the build fails with ErrInterrupted.
	// It may be nil.
	Context context.Context
}

// ErrInterrupted is the error of a build stopped through Options.Context.
var ErrInterrupted = errors.New("sitegen: interrupted; nothing was written, and the output directory is as it was")

// stopped reports whether the build should stop.
func (o Options) stopped() bool { return o.Context != nil && o.Context.Err() != nil }

// Page is one page of the site, as loaded: everything about it but its
// rendering.
type Page struct {
	URL     string // site path: "/guides/nat/", "/404.html"
	Output  string // its file under the output directory: "guides/nat/index.html"
	Title   string // its h1
	Summary string
	Kind    string // the name of its Kind
	Layout  string // "layouts/page.html"
	Source  string // "content/guides/nat.md"; for a page with no source, its layout
	Meta    Meta
	// Doc is the parsed source; nil for a page with no source. Its HTML,
	// the body, is the page's own layout's (.Content): another page's
	// layout must not read it, for a one-shot build drops it once the
	// page is made and a build that takes bodies from the cache reads it
	// only for the page it renders.
	Doc *content.Doc

	listed bool    // in the sitemap
	rank   int     // the index of its kind: of two pages at one URL, the more specific kind's is first
	parsed *parsed // the memo's entry for its source, or nil
}

// Line returns the line of a front-matter key of the page's source (see
// content.Keys), or 0 for a page with no source.
func (p *Page) Line(key string) int {
	if p.Doc == nil {
		return 0
	}
	return p.Doc.Line(key)
}

// Site is a loaded, checked source tree.
type Site struct {
	Settings *Settings
	BaseURL  string // absolute, without a trailing slash
	BasePath string // the path of BaseURL ("/sip"), "" at a host's root

	Pages  []*Page           // every page, in URL order
	Static map[string][]byte // other files under content/, by output path
	// Data are the files under data/, by path ("data/platforms/x.yaml"),
	// for the schema to read: facts the pages share.
	Data map[string][]byte

	byKind  map[string][]*Page
	fsys    fs.FS             // the sources, to quote a file in an error
	layouts map[string][]byte // by path, "layouts/page.html"
	assets  map[string][]byte // by name under assets/, "site.css"
	kinds   []Kind
	opts    Options
	hooks   Hooks
	files   []File // generated outputs other than pages and assets

	memo        *memo           // the builder's, or nil
	pagesGen    int             // memo.pagesGeneration of Pages
	broken      map[string]bool // source files too broken to load, by path
	sourceFiles []string        // every file read under content/
}

// PagesOf returns the pages of kind, in URL order.
func (s *Site) PagesOf(kind string) []*Page { return s.byKind[kind] }

// Broken reports whether a source file exists but was too broken to load,
// so that a check about its absence can keep quiet.
func (s *Site) Broken(file string) bool { return s.broken[file] }

// Source returns the text of a page or layout file, read again from the
// site (pages do not keep theirs), for locating a problem.
func (s *Site) Source(file string) []byte {
	if data, ok := s.layouts[file]; ok {
		return data
	}
	data, _ := fs.ReadFile(s.fsys, file)
	return data
}

// parseFunc parses one page's source into the front matter newMeta
// makes, and returns the memo's entry for it (memo.parse).
type parseFunc func(file string, src []byte, newMeta func() any) (*content.Doc, *parsed, error)

// load reads the site in fsys and checks everything that can be checked
// before rendering: every page, the site as a whole (schema included) and
// every output path. It reports every problem at once, joined, each a
// *problem.Error naming its file and line.
func load(fsys fs.FS, schema Schema, opts Options, m *memo) (*Site, error) {
	s := &Site{
		Static:  map[string][]byte{},
		Data:    map[string][]byte{},
		byKind:  map[string][]*Page{},
		broken:  map[string]bool{},
		layouts: map[string][]byte{},
		assets:  map[string][]byte{},
		kinds:   schema.kinds(),
		opts:    opts,
		fsys:    fsys,
		memo:    m,
	}
	var errs []error
	errs = append(errs, s.loadContent(m.parse)...)
	s.pagesGen = m.pagesGeneration(s.Pages)
	layouts, lerrs := readTree(fsys, "layouts", s.broken)
	for _, f := range layouts {
		if strings.HasSuffix(f.name, ".html") {
			s.layouts[f.name] = f.data
		}
	}
	assets, aerrs := readTree(fsys, "assets", s.broken)
	for _, f := range assets {
		s.assets[strings.TrimPrefix(f.name, "assets/")] = f.data
	}
	aerrs = append(aerrs, checkStylesheets(s.assets)...)
	data, derrs := readTree(fsys, "data", s.broken)
	for _, f := range data {
		s.Data[f.name] = f.data
	}
	errs = append(append(append(errs, lerrs...), aerrs...), derrs...)
	errs = append(errs, s.checkLayouts()...)
	errs = append(errs, s.setSettings()...)
	if schema.Bind != nil {
		hooks, berrs := schema.Bind(s)
		s.hooks = hooks
		errs = append(errs, berrs...)
	}
	if s.BaseURL != "" {
		files, err := m.siteFiles(s)
		if err != nil {
			errs = append(errs, err)
		}
		s.files = append(slices.Clip(files), s.hooks.Files...)
	}
	errs = append(errs, m.checkOutputs(s)...)
	if opts.stopped() {
		return nil, ErrInterrupted
	}
	if err := problem.Join(errs); err != nil {
		return nil, err
	}
	return s, nil
}

// loadContent reads and parses every page under content/, and gives each
// its URL, title and layout.
func (s *Site) loadContent(parse parseFunc) []error {
	names, errs := walkTree(s.fsys, "content")
	kinds := make([]*Kind, len(names))
	docs := make([]*content.Doc, len(names))
	entries := make([]*parsed, len(names))
	data := make([][]byte, len(names))
	parseErrs := make([]error, len(names))
	// In watch mode a page whose source did not change since the last
	// build is not read: its parse serves again.
	var read []int // the files to read, by index in names
	for i, name := range names {
		if strings.HasSuffix(name, ".md") {
			e := s.memo.unchanged(name)
			if e != nil && e.doc != nil && e.page.Doc == e.doc {
				kinds[i] = &s.kinds[e.page.rank] // the index of its kind
			} else {
				kinds[i] = s.kindOf(strings.TrimPrefix(name, "content/"))
			}
			if e != nil {
				docs[i], entries[i], parseErrs[i] = e.doc, e, e.err
				continue
			}
		}
		read = append(read, i)
	}
	s.memo.expect(len(read))
	readNames := make([]string, len(read))
	for j, i := range read {
		readNames[j] = names[i]
	}
	// Reading and parsing (Markdown, highlighting) are most of a cold
	// build: each file is parsed as soon as it is read, reads overlap, and
	// parsing spreads over the cores. Only files other than pages are
	// kept as read.
	errs = append(errs, readFiles(s.fsys, readNames, s.broken, func(j int, src []byte) {
		i := read[j]
		if kinds[i] == nil {
			data[i] = src
			return
		}
		docs[i], entries[i], parseErrs[i] = parse(names[i], src, func() any { return kinds[i].Meta(strings.TrimPrefix(names[i], "content/")) })
	})...)
	for i, name := range names {
		if s.broken[name] {
			continue
		}
		s.sourceFiles = append(s.sourceFiles, name)
		if kinds[i] == nil {
			s.Static[strings.TrimPrefix(name, "content/")] = data[i]
			continue
		}
		if parseErrs[i] != nil {
			errs = append(errs, parseErrs[i])
		}
		if docs[i] == nil {
			s.broken[name] = true
			continue
		}
		s.addPage(kinds[i], docs[i], entries[i])
	}
	if !slices.ContainsFunc(s.Pages, func(p *Page) bool { return p.URL == "/404.html" }) {
		meta := notFound
		s.Pages = append(s.Pages, &Page{
			URL: "/404.html", Output: "404.html", Title: meta.Title, Summary: meta.Summary,
			Kind: "404", Layout: "layouts/404.html", Source: "layouts/404.html", Meta: &meta,
		})
	}
	slices.SortFunc(s.Pages, func(a, b *Page) int {
		return cmp.Or(strings.Compare(a.URL, b.URL), a.rank-b.rank, strings.Compare(a.Source, b.Source))
	})
	for _, p := range s.Pages {
		s.byKind[p.Kind] = append(s.byKind[p.Kind], p)
	}
	return errs
}

// kindOf returns the kind of the page at rel, a path under content/.
func (s *Site) kindOf(rel string) *Kind {
	i, ok := s.memo.kindOf(rel)
	if !ok {
		i = slices.IndexFunc(s.kinds, func(k Kind) bool { return k.matches(rel) })
		s.memo.setKindOf(rel, i)
	}
	if i < 0 {
		return nil
	}
	return &s.kinds[i]
}

// addPage adds the page of the doc d, of kind k, whose memo entry is e
// (or nil). A page is made of its doc and kind alone, so a rebuild copies
// the page its entry kept, for each source that did not change.
func (s *Site) addPage(k *Kind, d *content.Doc, e *parsed) {
	if e != nil && e.page.Doc == d && e.page.Kind == k.Name {
		p := e.page
		s.Pages = append(s.Pages, &p)
		return
	}
	meta := d.Meta.(Meta)
	title, summary := meta.About()
	u := k.url(strings.TrimPrefix(d.File, "content/"))
	p := &Page{
		URL: u, Output: outputPath(u), Title: title, Summary: summary,
		Kind: k.Name, Layout: k.layout(), Source: d.File, Meta: meta, Doc: d,
		listed: !k.Unlisted, rank: slices.IndexFunc(s.kinds, func(o Kind) bool { return o.Name == k.Name && o.Path == k.Path }),
		parsed: e,
	}
	if e != nil {
		e.page = *p
	}
	s.Pages = append(s.Pages, p)
}

// outputPath maps a page URL to its file: "/486/" → "486/index.html",
// "/404.html" → "404.html".
func outputPath(u string) string {
	if strings.HasSuffix(u, "/") {
		return strings.TrimPrefix(path.Join(u, "index.html"), "/")
	}
	return strings.TrimPrefix(u, "/")
}

// checkLayouts reports a missing layout: base.html, and the layout of
// every kind.
func (s *Site) checkLayouts() []error {
	need := append([]string{"layouts/base.html"}, s.layoutNames()...)
	var names []string
	for _, n := range need {
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(n, "layouts/"), ".html"))
	}
	var errs []error
	for _, file := range need {
		if _, ok := s.layouts[file]; !ok && !s.broken[file] {
			errs = append(errs, problem.Errorf(file, 0, "missing; every site needs the layouts %s (.html)", strings.Join(names, ", ")))
		}
	}
	return errs
}

// setSettings finds the site settings in the home page, and the base URL.
func (s *Site) setSettings() []error {
	const home = "content/_index.md"
	for _, p := range s.PagesOf("home") {
		if st, ok := p.Meta.(interface{ SiteSettings() *Settings }); ok && p.URL == "/" {
			s.Settings = st.SiteSettings()
		}
	}
	if s.Settings == nil {
		if s.broken[home] {
			return nil
		}
		return []error{problem.Errorf(home, 0, "missing; it holds the home page and the site settings (title, base_url, ...)")}
	}
	base := s.opts.BaseURL
	if base != "" {
		if err := CheckBaseURL(base); err != nil {
			return []error{fmt.Errorf("--base-url: %v", err)}
		}
	} else if base = s.Settings.BaseURL; base == "" {
		return []error{problem.Errorf(home, 1, "front matter: base_url is required (or pass --base-url); canonical links and the sitemap need it")}
	}
	s.BaseURL = strings.TrimRight(base, "/")
	if u, err := url.Parse(s.BaseURL); err == nil {
		s.BasePath = strings.TrimRight(u.EscapedPath(), "/")
	}
	return nil
}

// file is one source file as read.
type file struct {
	name string
	data []byte
}

// readTree reads every regular file under dir in fsys (see walkTree), in
// lexical order. An unreadable file is reported and marked in broken.
func readTree(fsys fs.FS, dir string, broken map[string]bool) ([]file, []error) {
	names, errs := walkTree(fsys, dir)
	files := make([]file, len(names))
	errs = append(errs, readFiles(fsys, names, broken, func(i int, data []byte) {
		files[i] = file{names[i], data}
	})...)
	return slices.DeleteFunc(files, func(f file) bool { return broken[f.name] }), errs
}

// readFiles reads the files names in fsys, several at once (which matters
// on a slow disk), and calls use(i, data) with each file as it is read, on
// the goroutine that read it. It reports each file it could not read, and
// marks it in broken.
func readFiles(fsys fs.FS, names []string, broken map[string]bool, use func(i int, data []byte)) []error {
	readErrs := make([]error, len(names))
	parallelN(readers, len(names), func(i int) {
		data, err := fs.ReadFile(fsys, names[i]) // a *Source reads only what is inside the site
		if err != nil {
			readErrs[i] = err
			return
		}
		use(i, data)
	})
	var errs []error
	for i, err := range readErrs {
		if err != nil {
			err = unwrapPath(err)
			if errors.Is(err, errOutside) || errors.Is(err, errNotRegular) {
				errs = append(errs, problem.Errorf(names[i], 0, "%v", err))
			} else {
				errs = append(errs, problem.Errorf(names[i], 0, "cannot read: %v", err))
			}
			broken[names[i]] = true
		}
	}
	return errs
}

// walkTree lists every regular file (or symbolic link) under dir in fsys,
// in lexical order, skipping dotfiles and editor leftovers. A missing dir
// is reported for content/ only; layouts/ and assets/ problems surface as
// missing files. The caller must not change the slices: in watch mode
// they are the last build's while no listing changed.
func walkTree(fsys fs.FS, dir string) ([]string, []error) {
	if k, ok := fsys.(keptFS); ok {
		return k.walk(dir)
	}
	return walkFS(fsys, dir)
}

// walkFS is walkTree, walking.
func walkFS(fsys fs.FS, dir string) ([]string, []error) {
	var errs []error
	var names []string
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == dir && errors.Is(err, fs.ErrNotExist) {
				if dir == "content" {
					errs = append(errs, problem.Errorf(dir, 0, "no such directory; want content/_index.md and the pages beside it"))
				}
				return fs.SkipAll
			}
			errs = append(errs, problem.Errorf(name, 0, "%v", unwrapPath(err)))
			return nil
		}
		// content/.well-known/ (security.txt, ...) is published, though a dot-directory.
		if name != dir && Ignored(d.Name()) && name != "content/.well-known" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			errs = append(errs, problem.Errorf(name, 0, "not a regular file"))
			return nil
		}
		// A page whose name ends in .MD or .markdown would be copied as it
		// is, front matter and all: say so instead.
		if ext := strings.ToLower(path.Ext(name)); (ext == ".md" || ext == ".markdown") && path.Ext(name) != ".md" {
			errs = append(errs, problem.Errorf(name, 0, "a page's file name ends in .md, in lower case; rename it"))
			return nil
		}
		names = append(names, name)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return names, errs
}

// readers is how many files readFiles reads at once.
const readers = 8

// unwrapPath drops the *fs.PathError wrapper, whose path the caller names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Ignored reports whether a file or directory name is not part of the site:
// dotfiles and the temporaries that editors leave beside the files they save.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || name == "4913" ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___")
}
