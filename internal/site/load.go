// Package site turns a source tree (content/, layouts/, assets/) into the
// files of the published site. Load reads and checks the sources; Render
// produces every output file in memory (watch mode keeps them, to write
// only what changed), and RenderDir writes them as they are made into a
// fresh directory that takes the output directory's place only when the
// whole build succeeded, so a failed build changes nothing.
package site

import (
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
	Cache   *Cache // reuse the work of an earlier build (watch mode); may be nil

	// Context stops a build when it is done (Ctrl-C): no more files are
	// read or pages rendered, and the build fails with ErrInterrupted.
	// It may be nil.
	Context context.Context
}

// ErrInterrupted is the error of a build stopped through Options.Context.
var ErrInterrupted = errors.New("sitegen: interrupted; nothing was written, and the output directory is as it was")

// stopped reports whether the build should stop.
func (o Options) stopped() bool { return o.Context != nil && o.Context.Err() != nil }

// Site is a loaded, checked source tree.
type Site struct {
	Settings *content.Settings
	BaseURL  string // absolute, without a trailing slash
	BasePath string // the path of BaseURL ("/sip"), "" at a host's root

	Home    *content.Page
	Classes map[string]*content.Page // by class, "4xx"
	Codes   []*content.Page          // in code order
	Plain   []*content.Page          // in URL order
	Static  map[string][]byte        // other files under content/, by output path

	fsys    fs.FS             // the sources, to quote a file in an error
	layouts map[string][]byte // by path, "layouts/code.html"
	assets  map[string][]byte // by name under assets/, "site.css"
	opts    Options

	broken      map[string]bool // source files too broken to load, by path
	sourceFiles []string        // every file read under content/
}

// requiredLayouts are the layouts every site must have.
var requiredLayouts = []string{"base", "home", "class", "code", "page", "404"}

// Load reads the site in fsys and checks everything that can be checked
// before rendering. It reports every problem at once, joined, each an
// *problem.Error naming its file and line.
func Load(fsys fs.FS, opts Options) (*Site, error) {
	s := &Site{
		Classes: map[string]*content.Page{},
		Static:  map[string][]byte{},
		broken:  map[string]bool{},
		layouts: map[string][]byte{},
		assets:  map[string][]byte{},
		opts:    opts,
		fsys:    fsys,
	}
	opts.Cache.begin()
	var errs []error
	errs = append(errs, s.loadContent()...)
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
	errs = append(append(errs, lerrs...), aerrs...)
	for _, name := range requiredLayouts {
		file := "layouts/" + name + ".html"
		if _, ok := s.layouts[file]; !ok && !s.broken[file] {
			errs = append(errs, problem.Errorf(file, 0, "missing; every site needs the layouts %s (.html)", strings.Join(requiredLayouts, ", ")))
		}
	}
	if s.Home == nil && !s.broken["content/_index.md"] {
		errs = append(errs, problem.Errorf("content/_index.md", 0, "missing; it holds the home page and the site settings (title, base_url, ...)"))
	} else if s.Home != nil {
		s.Settings = s.Home.Site
		errs = append(errs, s.setBaseURL()...)
	}
	errs = append(errs, s.check()...)
	if opts.stopped() {
		return nil, ErrInterrupted
	}
	if err := problem.Join(errs); err != nil {
		return nil, err
	}
	return s, nil
}

// loadContent reads and parses every page under content/.
func (s *Site) loadContent() []error {
	names, errs := walkTree(s.fsys, "content")
	pages := make([]*content.Page, len(names))
	data := make([][]byte, len(names))
	parseErrs := make([]error, len(names))
	// Reading and parsing (Markdown, highlighting) are most of a cold
	// build: each file is parsed as soon as it is read, reads overlap, and
	// parsing spreads over the cores. Only files other than pages are
	// kept as read.
	errs = append(errs, readFiles(s.fsys, names, s.broken, func(i int, src []byte) {
		if !strings.HasSuffix(names[i], ".md") {
			data[i] = src
			return
		}
		pages[i], parseErrs[i] = s.opts.Cache.parse(names[i], src)
	})...)
	for i, name := range names {
		if s.broken[name] {
			continue
		}
		s.sourceFiles = append(s.sourceFiles, name)
		if !strings.HasSuffix(name, ".md") {
			s.Static[strings.TrimPrefix(name, "content/")] = data[i]
			continue
		}
		if parseErrs[i] != nil {
			errs = append(errs, parseErrs[i])
		}
		p := pages[i]
		if p == nil {
			s.broken[name] = true
			continue
		}
		switch p.Kind {
		case content.KindHome:
			s.Home = p
		case content.KindClass:
			s.Classes[strings.TrimSuffix(path.Base(name), ".md")] = p
		case content.KindCode:
			s.Codes = append(s.Codes, p)
		case content.KindPlain:
			s.Plain = append(s.Plain, p)
		}
	}
	slices.SortFunc(s.Codes, func(a, b *content.Page) int {
		if a.Code.Code != b.Code.Code {
			return a.Code.Code - b.Code.Code
		}
		return strings.Compare(a.File, b.File)
	})
	slices.SortFunc(s.Plain, func(a, b *content.Page) int { return strings.Compare(PageURL(a), PageURL(b)) })
	return errs
}

func (s *Site) setBaseURL() []error {
	base := s.opts.BaseURL
	if base != "" {
		if err := content.CheckBaseURL(base); err != nil {
			return []error{fmt.Errorf("--base-url: %v", err)}
		}
	} else if base = s.Settings.BaseURL; base == "" {
		return []error{problem.Errorf(s.Home.File, 1, "front matter: base_url is required (or pass --base-url); canonical links and the sitemap need it")}
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
// missing files.
func walkTree(fsys fs.FS, dir string) ([]string, []error) {
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

// PageURL returns the site-relative URL of a page: "/", "/4xx/", "/486/",
// "/about/", "/guides/nat/".
func PageURL(p *content.Page) string {
	switch p.Kind {
	case content.KindHome:
		return "/"
	case content.KindClass:
		return "/" + strings.TrimSuffix(path.Base(p.File), ".md") + "/"
	case content.KindCode:
		return fmt.Sprintf("/%d/", p.Code.Code)
	}
	rel := strings.TrimSuffix(strings.TrimPrefix(p.File, "content/"), ".md")
	if base := path.Base(rel); base == "_index" || base == "index" {
		rel = path.Dir(rel)
	}
	if rel == "." {
		return "/"
	}
	return "/" + rel + "/"
}
