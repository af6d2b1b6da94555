package site

import (
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// A Builder builds a site with a schema. Every build (one-shot, check and
// each rebuild of watch mode) is a call of Build.
type Builder struct {
	schema Schema
	opts   Options
	memo   *memo  // nil unless Incremental
	cache  *Cache // for the next build only; nil for none
	files  int    // the files BuildOutput made last, to size the next Output
}

// NewBuilder returns a builder of sites of schema.
func NewBuilder(schema Schema, opts Options) *Builder {
	return &Builder{schema: schema, opts: opts}
}

// Incremental makes b keep the work of each build for the next, as watch
// mode wants: a rebuild parses only the sources that changed and renders
// only the pages whose inputs changed, with the bytes of a clean build.
func (b *Builder) Incremental() *Builder {
	b.memo = newMemo(true)
	return b
}

// UseCache makes the next build read and write the build cache c (see
// Cache): it reuses what c holds of earlier builds and, if it succeeds,
// leaves c holding this build's work. A nil c caches nothing.
func (b *Builder) UseCache(c *Cache) *Builder {
	b.cache = c
	return b
}

// takeCache returns the cache of this build, which no later build uses.
func (b *Builder) takeCache() *Cache {
	c := b.cache
	b.cache = nil
	return c
}

// end ends a build's use of the cache: it keeps the build's work if the
// build succeeded, and is left as it was otherwise.
func (c *Cache) end(ok bool) {
	switch {
	case c == nil:
	case ok:
		c.commit()
	default:
		c.abort()
	}
}

// Stats counts what a build produced, for the summary line.
type Stats struct {
	Pages    int            // HTML pages, the 404 page included
	Kinds    map[string]int // pages by kind
	Files    int            // every output file
	BasePath string         // the path of the base URL ("/sip"), where the site is served
	Warnings []Warning      // in file and line order; see Warning
}

// Emit takes one output file of a build. It is called from several
// goroutines at once.
type Emit func(name string, data []byte) error

// Build loads the site in fsys, checks it and renders it, handing each
// output file to emit as soon as it is made. It reports every problem at
// once, joined, each a *problem.Error naming a file and line. Links are
// checked once everything is built, so when Build fails emit may have had
// some files already: callers throw them away (BuildDir does).
func (b *Builder) Build(fsys fs.FS, emit Emit) (Stats, error) { return b.buildEnd(fsys, emit, false) }

// buildEnd is Build; gather has the pages emitted one after another once
// all are rendered, not by each worker as it renders one: for BuildOutput,
// whose emit takes a lock to fill one map, and which holds every page
// anyway (watch mode; at 10,000 pages the workers waiting on that lock
// were 3 ms of a rebuild on two cores).
func (b *Builder) buildEnd(fsys fs.FS, emit Emit, gather bool) (Stats, error) {
	c := b.takeCache()
	st, err := b.build(fsys, emit, c, gather)
	c.end(err == nil)
	return st, err
}

// build is buildEnd with the cache c (or none).
func (b *Builder) build(fsys fs.FS, emit Emit, c *Cache, gather bool) (Stats, error) {
	m := b.memo
	if m == nil && c != nil {
		m = newMemo(false) // for this build only
	}
	if c != nil {
		m.disk, m.version = c, c.version
		defer func() { m.disk = nil }()
	}
	m.begin()
	fsys = m.overlay(fsys)
	// 1. Read and parse the sources, give every page its URL, title and
	// layout, and check the site: pages, schema, output paths.
	s, err := load(fsys, b.schema, b.opts, m)
	if err != nil {
		return Stats{}, err
	}
	// 2. Assets, fingerprinted, and the layouts that link them.
	assets := Output{}
	assetURLs, err := m.renderAssets(s, assets)
	if err != nil {
		return Stats{}, err
	}
	lay, errs := m.parseLayouts(s, assetURLs)
	if len(errs) > 0 {
		return Stats{}, problem.Join(errs)
	}
	// 3. Pages: executed (or remembered), scanned for ids and links, and
	// emitted under the base path.
	scans, fresh, err := b.renderPages(m, s, lay, emit, gather)
	if err != nil {
		return Stats{}, err
	}
	// 4. Everything else: assets, the site's and the schema's files
	// (minified by media type), static files as they are.
	rest, err := s.otherFiles(assets, m.minify)
	if err != nil {
		return Stats{}, err
	}
	restNames := slices.Sorted(maps.Keys(rest))
	for _, name := range restNames {
		data := rest[name]
		if strings.HasSuffix(name, ".html") {
			scans[name] = scanHTML(data)
			fresh[name] = true
			data = prefixRoots(data, scans[name].roots, s.BasePath)
		}
		if err := emit(name, data); err != nil {
			return Stats{}, err
		}
	}
	// 5. Links: every one leads to a file this build wrote.
	built := m.builtFiles(s, restNames)
	// output → page source, for the errors, which are rare
	sources := sync.OnceValue(func() map[string]string {
		sources := make(map[string]string, len(s.Pages))
		for _, p := range s.Pages {
			sources[p.Output] = p.Source
		}
		return sources
	})
	if err := checkLinks(built, scans, sources, s.BaseURL, newLocator(s).locate, m.linksToCheck(built, scans, fresh, s.BaseURL)); err != nil {
		return Stats{}, err
	}
	if b.opts.stopped() {
		return Stats{}, ErrInterrupted
	}
	warnings := sortWarnings(orphans(s.Pages, s.pagesGen, scans, built, s.BaseURL, m.linkGraph()))
	if b.opts.Strict && len(warnings) > 0 {
		return Stats{}, strictErrors(warnings)
	}
	m.linksChecked(built, scans, s.BaseURL)
	m.end(s.sourceFiles)
	st := s.stats(len(built))
	st.Warnings = warnings
	return st, nil
}

// renderPages renders every page on all cores, emits it, and returns the
// ids and links of each, by output file, and the pages it rendered (not
// remembered).
func (b *Builder) renderPages(m *memo, s *Site, lay *layouts, emit Emit, gather bool) (map[string]pageLinks, map[string]bool, error) {
	site := m.siteKey(s)
	nav := s.nav()
	// Only each page's links outlive its emitting: holding every page's
	// HTML until all were rendered was 160 MB of a 10,000-page build's peak
	// (the writer, the memo and the cache keep what they need of it).
	links := make([]pageLinks, len(s.Pages))
	var gathered [][]byte
	if gather {
		gathered = make([][]byte, len(s.Pages))
	}
	rerendered := make([]bool, len(s.Pages))
	errs := make([]error, len(s.Pages))
	parallel(len(s.Pages), func(i int) {
		if b.opts.stopped() {
			errs[i] = ErrInterrupted
			return
		}
		p := s.Pages[i]
		key := m.pageKey(site, p)
		r, ok := m.page(p, key)
		if !ok {
			if err := m.fillHTML(s, p); err != nil {
				errs[i] = err
				return
			}
			data, err := lay.execute(p.Layout, s.pageData(p, nav))
			if err != nil {
				errs[i] = err
				return
			}
			if p.Doc != nil && (m == nil || !m.keepHTML) {
				// The body is for this page's layout alone (see
				// Page.Doc): a one-shot build lets it go once the page
				// is made; 10,000 bodies were a fifth of a build's peak.
				p.Doc.HTML = ""
			}
			r = rendered{key: key, data: data, links: scanHTML(data)}
			rerendered[i] = true
		}
		links[i] = r.links
		out := r.output(s.BasePath)
		if rerendered[i] {
			m.store(p, r, out)
		}
		if gathered != nil {
			gathered[i] = out
			return
		}
		errs[i] = emit(p.Output, out)
	})
	if b.opts.stopped() {
		return nil, nil, ErrInterrupted
	}
	if err := problem.Join(errs); err != nil {
		return nil, nil, err
	}
	for i, data := range gathered {
		if err := emit(s.Pages[i].Output, data); err != nil {
			return nil, nil, err
		}
	}
	scans := make(map[string]pageLinks, len(s.Pages))
	fresh := map[string]bool{}
	for i, p := range s.Pages {
		scans[p.Output] = links[i]
		if rerendered[i] {
			fresh[p.Output] = true
		}
	}
	return scans, fresh, nil
}

// otherFiles returns every output but the pages: assets, generated files
// (minified by type when the build minifies) and static files.
func (s *Site) otherFiles(assets Output, minify func(mediaType string, data []byte) ([]byte, error)) (Output, error) {
	out := maps.Clone(assets)
	var errs []error
	for _, f := range s.files {
		data := f.Data
		if s.opts.Minify {
			min, err := minify(f.Type, data)
			if err != nil {
				errs = append(errs, problem.Errorf(f.Name, 0, "minify: %v", err))
				continue
			}
			data = min
		}
		out[f.Name] = data
	}
	maps.Copy(out, s.Static)
	return out, problem.Join(errs)
}

// stats counts the pages of s; files is the number of files built.
func (s *Site) stats(files int) Stats {
	st := Stats{Pages: len(s.Pages), Kinds: map[string]int{}, Files: files, BasePath: s.BasePath}
	for kind, pages := range s.byKind {
		st.Kinds[kind] = len(pages)
	}
	return st
}

// BuildOutput builds the site in fsys into memory.
func (b *Builder) BuildOutput(fsys fs.FS) (Output, Stats, error) {
	out := make(Output, b.files)
	var mu sync.Mutex
	st, err := b.buildEnd(fsys, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		out[name] = data
		return nil
	}, true)
	if err != nil {
		return nil, Stats{}, err
	}
	b.files = len(out)
	return out, st, nil
}

// BuildDir builds the site in fsys into dir, which changes all at once:
// the files go to a fresh directory beside it, which then takes dir's
// place. Pages are written as they are rendered, so that a large site is
// never held in memory whole. If anything fails, dir is left as it was.
func (b *Builder) BuildDir(fsys fs.FS, dir string) (Stats, error) {
	c := b.takeCache()
	c.PagesIn(dir)
	w, err := newDirWriter(dir)
	if err != nil {
		c.end(false)
		return Stats{}, err
	}
	defer func() {
		if r := recover(); r != nil {
			w.finish(false) // leave nothing beside dir
			c.end(false)
			panic(r)
		}
	}()
	st, err := b.build(fsys, w.write, c, false)
	if ferr := w.finish(err == nil); err == nil {
		err = ferr
	}
	c.end(err == nil)
	if err != nil {
		return Stats{}, err
	}
	return st, nil
}
