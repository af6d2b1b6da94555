package site

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/sipcodes/sipcodes/internal/content"
)

// memo keeps the work of one build for the next (watch mode), so that a
// rebuild after an edit parses only the files that changed and renders
// only the pages whose inputs changed. It memoises the two pure steps of a
// build, parsing a source and rendering a page, keyed by content hashes,
// never by mtimes, so a rebuild gives exactly the bytes of a clean build
// (TestIncrementalMatchesCleanBuild).
//
// A memo may also read and write the build cache on disk (a Cache) for
// one build; a one-shot build with a cache has a memo for that build only,
// which keeps no page's HTML in memory (keepHTML false).
//
// A nil *memo remembers nothing. A memo serves one build at a time.
type memo struct {
	mu       sync.Mutex          // guards the maps; the work itself runs unlocked
	parsed   map[string]*parsed  // by source file; read without the lock during a build
	added    map[string]*parsed  // parsed during this build, for parsed at its end
	trusted  bool                // parsed holds only sources unchanged since (see unchanged)
	rendered map[string]rendered // by output file, for pages with no source (404.html)
	keys     map[string]keptKey  // the last key of those, by output file (watch mode)
	kinds    map[string]int      // the kind of each page, by path under content/ (watch mode)
	sources  []string            // the source files of the last build, when it pruned the maps
	building bool                // between begin and end
	failed   bool                // a build began since the last end and did not reach it

	keep     map[string]bool // outputs of the current build
	keepHTML bool            // remember rendered pages in memory (watch mode)
	disk     *Cache          // the cache on disk for this build, or nil
	version  string          // of sitegen, in every key, once a Cache was used
	kept     kept            // the sources as the last build read them (watch mode)
	checked  checked         // the last link check that passed (watch mode)
	graph    linkGraph       // the links resolved for the orphan check (watch mode)
	layouts  keptLayouts     // the last build's parsed layouts (watch mode)

	// What depends on the pages alone, kept while they are the same
	// (watch mode): see pagesGeneration and forPages.
	pageRefs []pageRef
	gen      int
	byPages  map[string]forPages
	trees    [4]treeVersion // layouts, assets, data and static files (versionOf)
	assets   keptAssets     // the last build's assets, rendered (watch mode)

	minified, minifiedNext         map[[32]byte][]byte   // data files minified, by content: the last build's, this one's
	minifiedSame, minifiedSameNext map[minifiedIn][]byte // the same, by slice of memory

	// laterHTML are the body HTML, in the cache, of docs parsed without
	// it (a one-shot build reads it only for a page it renders).
	laterHTML map[*content.Doc]object
}

// laterBody takes a body's rendering from the cache without its HTML,
// for a one-shot build (content.BodyCache); a body it renders goes into
// the cache, and its HTML is let go until the page is rendered too. Held
// from the parse to the pages, 10,000 bodies were 60 MB of a build's live
// heap at its peak.
type laterBody struct {
	c     *Cache
	sum   [32]byte // of the body, from Body for SetBody
	later bool     // the doc's HTML is to be read from the cache, html
	html  object
}

func (l *laterBody) Body(body []byte) (*content.Body, bool) {
	l.sum = sha256.Sum256(body)
	b, html, ok := l.c.bodyLater(l.sum)
	l.later, l.html = ok, html
	return b, ok
}

func (l *laterBody) SetBody(body []byte, b *content.Body) {
	l.html, l.later = l.c.setBody(l.sum, b)
}

// fillHTML gives p's doc its body's HTML when the parse left it in the
// cache. If the cache cannot give it, the page's source is parsed again.
func (m *memo) fillHTML(s *Site, p *Page) error {
	if m == nil || p.Doc == nil {
		return nil
	}
	m.mu.Lock()
	o, ok := m.laterHTML[p.Doc]
	delete(m.laterHTML, p.Doc)
	m.mu.Unlock()
	if !ok {
		return nil
	}
	if data, ok := m.disk.read(o); ok {
		p.Doc.HTML = bytesString(data)
		return nil
	}
	rel := strings.TrimPrefix(p.Source, "content/")
	k := s.kindOf(rel)
	if k == nil {
		return fmt.Errorf("%s: no kind of page any more", p.Source)
	}
	src := s.Source(p.Source)
	if p.parsed != nil && sha256.Sum256(src) != p.parsed.sum {
		// Read again, it is not what the build parsed: its page would
		// be rendered from one version under the key of another.
		return fmt.Errorf("%s: changed while the site was being built; build again", p.Source)
	}
	doc, err := content.Parse(p.Source, src, k.Meta(rel))
	if err != nil {
		return err
	}
	p.Doc.HTML = doc.HTML
	return nil
}

// parsed is what the memo keeps of one source file: its parse and, in
// watch mode, the key and rendering of its page (a source has one page).
// A page holds its source's entry (Page.parsed), so that rendering 10,000
// pages again takes no lock and no map lookup per page: the lookups were
// a third of a rebuild. The page's fields are written only by the
// goroutine rendering that page.
type parsed struct {
	src     []byte   // as read, to know it again without hashing it
	sum     [32]byte // of the source
	metaSum [32]byte // of its front matter, for the key every page shares
	doc     *content.Doc
	err     error

	page     Page     // the page of doc, as load made it
	key      keptKey  // the page's last key (watch mode)
	rendered rendered // what it rendered to with that key (watch mode)

	mu         sync.Mutex
	remembered map[any]any // Site.Remember's values for the page (watch mode)
}

type rendered struct {
	key   [32]byte
	data  []byte
	links pageLinks // scanHTML(data)
	// written is set when data is the file as written, under the base
	// path already (a page the cache read back from the output
	// directory): links and its roots are still those of the page before.
	written bool
}

// output is the file of the page r: its data under the base path.
func (r rendered) output(basePath string) []byte {
	if r.written {
		return r.data
	}
	return prefixRoots(r.data, r.links.roots, basePath)
}

func newMemo(keepHTML bool) *memo {
	return &memo{byPages: map[string]forPages{}, parsed: map[string]*parsed{}, added: map[string]*parsed{}, rendered: map[string]rendered{}, keys: map[string]keptKey{}, kinds: map[string]int{}, keepHTML: keepHTML}
}

// keptLayouts are parsed layouts kept for the next build, with the
// environment their functions read and the key of what they were parsed
// from.
type keptLayouts struct {
	key [32]byte
	lay *layouts
	env *funcEnv
}

// parseLayouts is parseLayouts for the site s, whose assets have the URLs
// assets; in watch mode the last build's layouts serve again while the
// layout files and the options are the same (parsing them twice, as
// written and minified, was a tenth of a 10,000-page rebuild).
func (m *memo) parseLayouts(s *Site, assets map[string]string) (*layouts, []error) {
	env := &funcEnv{assets, s.BaseURL}
	if m == nil || !m.keepHTML {
		return parseLayouts(s.layouts, s.layoutNames(), env.funcs(), s.opts.Minify)
	}
	names := s.layoutNames()
	h := newHasher().str(boolStr(s.opts.Minify)).str(names...)
	for _, name := range slices.Sorted(maps.Keys(s.layouts)) {
		h.str(name).add(s.layouts[name])
	}
	key := h.sum()
	if m.layouts.lay != nil && m.layouts.key == key && !m.layouts.lay.abandoned.Load() {
		*m.layouts.env = *env
		return m.layouts.lay.reuse(), nil
	}
	lay, errs := parseLayouts(s.layouts, names, env.funcs(), s.opts.Minify)
	m.layouts = keptLayouts{}
	if len(errs) == 0 {
		m.layouts = keptLayouts{key, lay, env}
	}
	return lay, errs
}

// kindOf is the index of the kind of the page at rel, under content/, as
// the last build found it (watch mode: kinds are the schema's, the same in
// every build of a builder); ok is false when it is not known.
func (m *memo) kindOf(rel string) (int, bool) {
	if m == nil || !m.keepHTML {
		return 0, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	i, ok := m.kinds[rel]
	return i, ok
}

func (m *memo) setKindOf(rel string, i int) {
	if m != nil && m.keepHTML {
		m.mu.Lock()
		m.kinds[rel] = i
		m.mu.Unlock()
	}
}

// Remember returns what compute returns for the page p, computed once per
// version of p's source while the builder keeps its work from one build to
// the next (watch mode): a rebuild gets the value the last build computed
// for p and key while p's source is unchanged, and computes it again once
// the source changed. So the value must depend on p's source alone (its
// doc and front matter), and key tells apart the values of one page.
// Otherwise, and for a page with no source, compute runs every time.
// Remember may be called from several goroutines at once.
func (s *Site) Remember(p *Page, key any, compute func() any) any {
	e := p.parsed
	if s.memo == nil || !s.memo.keepHTML || e == nil {
		return compute()
	}
	e.mu.Lock()
	v, ok := e.remembered[key]
	e.mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	e.mu.Lock()
	if e.remembered == nil {
		e.remembered = map[any]any{}
	}
	e.remembered[key] = v
	e.mu.Unlock()
	return v
}

// parse is content.Parse, remembered by the file's content; newMeta
// makes the front matter to parse into. It returns the memo's entry for
// the file too (nil for a nil memo). The last build's entries are read
// without the lock (a build only adds to m.added; 10,000 locks were 3 ms
// of a rebuild on two cores).
func (m *memo) parse(file string, src []byte, newMeta func() any) (*content.Doc, *parsed, error) {
	if m == nil {
		doc, err := content.Parse(file, src, newMeta())
		return doc, nil, err
	}
	p, ok := m.parsed[file]
	if ok && sameBytes(p.src, src) { // kept from the last build: not read again
		return p.doc, p, p.err
	}
	sum := sha256.Sum256(src)
	if ok && p.sum == sum {
		return p.doc, p, p.err
	}
	meta := newMeta()
	var doc *content.Doc
	var err error
	switch {
	case m.disk != nil && !m.keepHTML:
		lb := &laterBody{c: m.disk}
		doc, err = content.ParseCached(file, src, meta, lb)
		if lb.later && doc != nil {
			doc.HTML = "" // a rendered body's, written to the cache
			m.mu.Lock()
			m.laterHTML[doc] = lb.html
			m.mu.Unlock()
		}
	case m.disk != nil:
		doc, err = content.ParseCached(file, src, meta, m.disk)
	default:
		doc, err = content.Parse(file, src, meta)
	}
	p = &parsed{sum: sum, metaSum: sha256.Sum256(content.FrontMatter(src)), doc: doc, err: err}
	if m.keepHTML {
		p.src = src
	}
	m.mu.Lock()
	m.added[file] = p
	m.mu.Unlock()
	return doc, p, err
}

// expect tells m that the build parses n sources, so that its maps, and
// the cache's, are made at their size once.
func (m *memo) expect(n int) {
	if m == nil {
		return
	}
	if len(m.added) == 0 {
		m.added = make(map[string]*parsed, n)
	}
	if len(m.laterHTML) == 0 && m.disk != nil && !m.keepHTML {
		m.laterHTML = make(map[*content.Doc]object, n)
	}
	m.disk.expect(n)
}

// unchanged returns the entry of file when the watcher said the file did
// not change since the last build parsed it (watch mode), or nil.
func (m *memo) unchanged(file string) *parsed {
	if m == nil || !m.trusted {
		return nil
	}
	return m.parsed[file]
}

// takeAdded moves the entries parsed by the last build into parsed,
// between builds.
func (m *memo) takeAdded() {
	maps.Copy(m.parsed, m.added)
	m.added = map[string]*parsed{}
}

// sameBytes reports whether a and b are one slice of memory, which a
// file kept from the last build is.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// page returns what the last build rendered for p, when its key was key,
// from memory or else from the cache on disk.
func (m *memo) page(p *Page, key [32]byte) (rendered, bool) {
	if m == nil {
		return rendered{}, false
	}
	var r rendered
	if p.parsed != nil {
		r = p.parsed.rendered
	} else {
		m.mu.Lock()
		m.keep[p.Output] = true
		r = m.rendered[p.Output]
		m.mu.Unlock()
	}
	if r.data != nil && r.key == key {
		return r, true
	}
	if m.disk == nil {
		return rendered{}, false
	}
	r, ok := m.disk.page(p.Output, key)
	if !ok {
		return rendered{}, false
	}
	m.keepPage(p, r)
	return r, true
}

// store remembers what a page rendered to, and out, the file it is
// written as (r.output).
func (m *memo) store(p *Page, r rendered, out []byte) {
	if m == nil {
		return
	}
	m.keepPage(p, r)
	if m.disk != nil {
		m.disk.setPage(p.Output, r, out)
	}
}

// keepPage keeps p's rendering in memory for the next build (watch mode).
func (m *memo) keepPage(p *Page, r rendered) {
	switch {
	case !m.keepHTML:
	case p.parsed != nil:
		p.parsed.rendered = r
	default:
		m.mu.Lock()
		m.rendered[p.Output] = r
		m.mu.Unlock()
	}
}

// begin starts a build: what it does not use is dropped at end.
func (m *memo) begin() {
	if m != nil {
		m.failed = m.failed || m.building // it may have parsed files that are gone since
		m.building = true
		m.takeAdded() // from a build that failed
		m.keep = make(map[string]bool, len(m.rendered))
		m.minifiedNext = map[[32]byte][]byte{}
		m.minifiedSameNext = map[minifiedIn][]byte{}
		m.laterHTML = map[*content.Doc]object{}
	}
}

// end drops the entries of sources and pages that no longer exist, so a
// long watch session does not grow without bound.
func (m *memo) end(sources []string) {
	if m == nil {
		return
	}
	m.takeAdded()
	// Each map is walked only when it may hold more than this build used:
	// at 10,000 pages the walks were 7 ms of every rebuild.
	if m.failed || !slices.Equal(sources, m.sources) {
		live := make(map[string]bool, len(sources))
		for _, s := range sources {
			live[s] = true
		}
		maps.DeleteFunc(m.parsed, func(file string, _ *parsed) bool { return !live[file] })
		maps.DeleteFunc(m.kinds, func(rel string, _ int) bool { return !live["content/"+rel] })
		m.sources = sources
	}
	// Every page of this build with no source is in keep, and in rendered
	// and keys.
	if len(m.rendered) > len(m.keep) {
		maps.DeleteFunc(m.rendered, func(file string, _ rendered) bool { return !m.keep[file] })
	}
	if len(m.keys) > len(m.keep) {
		maps.DeleteFunc(m.keys, func(file string, _ keptKey) bool { return !m.keep[file] })
	}
	m.building, m.failed = false, false
	m.minified = m.minifiedNext
	m.minifiedSame = m.minifiedSameNext
}

// pageRef is one page of a build: its source, and the memo entry and
// front matter of that source (none for a page with no source).
type pageRef struct {
	e       *parsed
	source  string
	metaSum [32]byte
}

func refOf(p *Page) pageRef {
	if p.parsed == nil {
		return pageRef{source: p.Source}
	}
	return pageRef{p.parsed, p.Source, p.parsed.metaSum}
}

// pagesGeneration numbers the page lists of watch mode's builds: it
// returns the number of the last build's list when pages are the same
// pages with the same front matter, in the same order, and a new number
// otherwise. A page is made of its source's path and front matter (what
// it says of itself, and of the site: its title, URL, summary, date), so
// what the pages make together is the same while the number is: a
// rebuild after an edit of one page's body keeps it. Zero is no number
// (not watch mode).
func (m *memo) pagesGeneration(pages []*Page) int {
	if m == nil || !m.keepHTML {
		return 0
	}
	same := len(pages) == len(m.pageRefs) && m.gen > 0
	for i := 0; same && i < len(pages); i++ {
		if r, p := m.pageRefs[i], pages[i]; r.e != p.parsed || p.parsed == nil { // not one entry: compare
			q := refOf(p)
			same = r.source == q.source && r.metaSum == q.metaSum && (r.e == nil) == (q.e == nil)
		}
	}
	if !same {
		m.gen++
		m.pageRefs = make([]pageRef, len(pages))
	}
	for i, p := range pages {
		if m.pageRefs[i].e != p.parsed || p.parsed == nil {
			m.pageRefs[i] = refOf(p)
		}
	}
	return m.gen
}

// forPages is what compute returns for the pages of s and the other
// inputs in, named what: in watch mode, the last value of that name while
// the pages (pagesGeneration) and in are the same. At 10,000 pages each
// site-wide step (the sitemap, the check of output paths) took 4-5 ms of
// a rebuild that changed none of its inputs.
func (m *memo) forPages(s *Site, what, in string, compute func() (any, bool)) any {
	if m == nil || s.pagesGen == 0 {
		v, _ := compute()
		return v
	}
	m.mu.Lock()
	f, ok := m.byPages[what]
	m.mu.Unlock()
	if ok && f.gen == s.pagesGen && f.in == in {
		return f.v
	}
	v, keep := compute()
	m.mu.Lock()
	if keep {
		m.byPages[what] = forPages{s.pagesGen, in, v}
	} else {
		delete(m.byPages, what)
	}
	m.mu.Unlock()
	return v
}

// forPages is one value forPages keeps.
type forPages struct {
	gen int
	in  string
	v   any
}

// Keep returns what compute returns, computed again only when a page was
// added, removed or moved, or its front matter changed, or a file under
// data/ changed, or the options or base URL did, since the last build
// that kept it (watch mode; otherwise compute runs every time). It suits
// what a schema makes of the pages' front matter and the data files
// alone, such as a search index, and must not read page bodies. name
// tells apart the values of one site; compute's bool says whether to
// keep the value (not an error, say).
func (s *Site) Keep(name string, compute func() (any, bool)) any {
	m := s.memo
	if m == nil || s.pagesGen == 0 {
		v, _ := compute()
		return v
	}
	in := fmt.Sprintf("%d\x00%s\x00%s\x00%t", m.versionOf(dataTree, s.Data), s.opts.BaseURL, s.BaseURL, s.opts.Minify)
	return m.forPages(s, "Keep\x00"+name, in, compute)
}

// keptAssets are the assets of a build as renderAssets made them, and
// the version of the sources they were made of.
type keptAssets struct {
	version int
	minify  bool
	out     Output
	urls    map[string]string
}

// renderAssets is s.renderAssets into out; in watch mode the last build's
// assets serve again while their sources are the same (the JavaScript
// imports' rewriting and the minifier were 5 ms of a rebuild).
func (m *memo) renderAssets(s *Site, out Output) (map[string]string, error) {
	if m == nil || !m.keepHTML {
		return s.renderAssets(out, m.minify)
	}
	version := m.versionOf(assetsTree, s.assets)
	if a := m.assets; a.out != nil && a.minify == s.opts.Minify && a.version == version {
		maps.Copy(out, a.out)
		return a.urls, nil
	}
	mine := Output{}
	urls, err := s.renderAssets(mine, m.minify)
	m.assets = keptAssets{}
	if err == nil {
		m.assets = keptAssets{version, s.opts.Minify, mine, urls}
	}
	maps.Copy(out, mine)
	return urls, err
}

// The source trees the memo numbers the versions of (versionOf).
const (
	layoutsTree = iota
	assetsTree
	dataTree
	staticTree
)

// treeVersion numbers the versions of one source tree.
type treeVersion struct {
	last map[string][]byte // the tree when last asked
	n    int
}

// versionOf returns the version number of tree, the memo's tree t: the
// number stays while each of its files is the slice of memory the last
// build read (kept, not read again), and a file read again, added or
// removed makes a new one. A build may ask more than once.
func (m *memo) versionOf(t int, tree map[string][]byte) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	v := &m.trees[t]
	if !sameTree(tree, v.last) {
		v.n++
	}
	v.last = tree
	return v.n
}

// sameTree reports whether two versions of a tree of files hold the same
// files, each one slice of memory (kept from the last build, not read
// again) or empty in both.
func sameTree(a, b map[string][]byte) bool {
	if len(a) != len(b) || a == nil || b == nil {
		return false
	}
	for name, data := range a {
		last, ok := b[name]
		if !ok || !sameBytes(data, last) && (len(data) > 0 || len(last) > 0) {
			return false
		}
	}
	return true
}

// builtFiles is the set of every output path of a build: its pages' and
// the other files', named rest; in watch mode the last build's set while
// those are the same, so that comparing it with the last (sameFiles) takes
// no lookup of 10,000 names.
func (m *memo) builtFiles(s *Site, rest []string) map[string]bool {
	return m.forPages(s, "builtFiles", strings.Join(rest, "\x00"), func() (any, bool) {
		built := make(map[string]bool, len(s.Pages)+len(rest))
		for _, p := range s.Pages {
			built[p.Output] = true
		}
		for _, name := range rest {
			built[name] = true
		}
		return built, true
	}).(map[string]bool)
}

// sameFiles is maps.Equal for two sets of output paths, at once for one
// set (builtFiles).
func sameFiles(a, b map[string]bool) bool {
	if len(a) == len(b) && reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer() {
		return true
	}
	return maps.Equal(a, b)
}

// siteFiles is s.siteFiles, kept while the pages and the base URL are
// the same.
func (m *memo) siteFiles(s *Site) ([]File, error) {
	type result struct {
		files []File
		err   error
	}
	r := m.forPages(s, "siteFiles", s.BaseURL, func() (any, bool) {
		files, err := s.siteFiles()
		return result{files, err}, err == nil
	}).(result)
	return r.files, r.err
}

// checkOutputs is s.checkOutputs, kept while the pages and the names of
// the other outputs (generated and static files) are the same.
func (m *memo) checkOutputs(s *Site) []error {
	var in strings.Builder
	for _, f := range s.files {
		in.WriteString(f.Name)
		in.WriteByte(0)
	}
	in.WriteByte(1)
	for _, name := range slices.Sorted(maps.Keys(s.Static)) {
		in.WriteString(name)
		in.WriteByte(0)
	}
	return m.forPages(s, "checkOutputs", in.String(), func() (any, bool) { return s.checkOutputs(), true }).([]error)
}

// siteKey hashes everything that any page's rendering may depend on
// besides its own source: sitegen's build (for the cache on disk), layouts,
// assets, data files, static files, options, the base URL and the front
// matter of every page (the schema's data, navigation and lists all come
// from there). A page's key adds its kind, output and source to it.
func (m *memo) siteKey(s *Site) [32]byte {
	if m == nil {
		return [32]byte{}
	}
	// The trees' bytes are hashed again only when one of them was read
	// again: a kept file is one slice of memory from build to build.
	in := fmt.Sprintf("%s\x00%s\x00%t\x00%d %d %d %d", m.version, s.BaseURL, s.opts.Minify,
		m.versionOf(layoutsTree, s.layouts), m.versionOf(assetsTree, s.assets), m.versionOf(dataTree, s.Data), m.versionOf(staticTree, s.Static))
	return m.forPages(s, "siteKey", in, func() (any, bool) { return m.siteKeyOf(s), true }).([32]byte)
}

// siteKeyOf is siteKey, hashing.
func (m *memo) siteKeyOf(s *Site) [32]byte {
	h := newHasher().str(m.version, s.BaseURL, boolStr(s.opts.Minify))
	for _, name := range slices.Sorted(maps.Keys(s.layouts)) {
		h.str(name).add(s.layouts[name])
	}
	for _, name := range slices.Sorted(maps.Keys(s.assets)) {
		h.str(name).add(s.assets[name])
	}
	for _, name := range slices.Sorted(maps.Keys(s.Data)) {
		h.str(name).add(s.Data[name])
	}
	// Static files' names and bytes: a schema may link a static file only
	// when it exists (sip's og:image).
	h.str("static")
	for _, name := range slices.Sorted(maps.Keys(s.Static)) {
		h.str(name).add(s.Static[name])
	}
	for _, p := range s.Pages {
		var ms [32]byte
		if p.parsed != nil {
			ms = p.parsed.metaSum
		}
		h.str(p.Source).add(ms[:])
	}
	return h.sum()
}

// pageKey is the key of one page's rendering. Watch mode remembers the
// last key of each page with what it was made of, so that a rebuild hashes
// only the keys whose inputs changed (10,000 hashes were a tenth of a
// rebuild).
func (m *memo) pageKey(site [32]byte, p *Page) [32]byte {
	if m == nil {
		return [32]byte{}
	}
	in := keyInputs{site: site, kind: p.Kind, layout: p.Layout, output: p.Output}
	var last keptKey
	if p.parsed != nil {
		in.sum, last = p.parsed.sum, p.parsed.key
	} else {
		m.mu.Lock()
		last = m.keys[p.Output]
		m.mu.Unlock()
	}
	if last.in == in {
		return last.key
	}
	key := newHasher().add(site[:]).str(p.Kind, p.Layout, p.Output).add(in.sum[:]).sum()
	switch {
	case !m.keepHTML:
	case p.parsed != nil:
		p.parsed.key = keptKey{in, key}
	default:
		m.mu.Lock()
		m.keys[p.Output] = keptKey{in, key}
		m.mu.Unlock()
	}
	return key
}

// keyInputs are what a page's key is made of. Its output is never empty,
// so no page's inputs are the zero value a page with no key yet holds.
type keyInputs struct {
	site, sum            [32]byte
	kind, layout, output string
}

type keptKey struct {
	in  keyInputs
	key [32]byte
}

// hasher builds cache keys from strings and byte slices, each length-prefixed
// so that no two different sequences hash alike.
type hasher struct{ h hash.Hash }

func newHasher() hasher { return hasher{sha256.New()} }

func (h hasher) add(parts ...[]byte) hasher {
	for _, p := range parts {
		h.length(len(p))
		h.h.Write(p)
	}
	return h
}

func (h hasher) str(parts ...string) hasher {
	for _, p := range parts {
		h.length(len(p))
		io.WriteString(h.h, p)
	}
	return h
}

// length writes the length that goes before each part.
func (h hasher) length(n int) {
	h.h.Write(binary.LittleEndian.AppendUint64(make([]byte, 0, 8), uint64(n)))
}

func (h hasher) sum() [32]byte { return [32]byte(h.h.Sum(nil)) }

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
