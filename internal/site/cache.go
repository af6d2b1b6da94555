package site

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"maps"
	"slices"
	"sync"

	"github.com/sipcodes/sipcodes/internal/content"
)

// Cache keeps the work of one build for the next, so that a rebuild after an
// edit parses only the files that changed and renders only the pages whose
// inputs changed. Everything is keyed by content hashes, never by mtimes, so
// a rebuild with a cache gives exactly the bytes of a clean build.
//
// A Cache serves one build at a time.
type Cache struct {
	mu       sync.Mutex          // guards the maps; the work itself runs unlocked
	parsed   map[string]parsed   // by source file
	rendered map[string]rendered // by output file
	keep     map[string]bool     // entries used by the current build
}

type parsed struct {
	sum  [32]byte
	page *content.Page
	err  error
}

type rendered struct {
	key   [32]byte
	data  []byte
	links pageLinks // scanHTML(data)
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{
		parsed:   map[string]parsed{},
		rendered: map[string]rendered{},
	}
}

// parse is content.Parse, remembered by the file's content.
func (c *Cache) parse(file string, data []byte) (*content.Page, error) {
	if c == nil {
		return content.Parse(file, data)
	}
	sum := sha256.Sum256(data)
	c.mu.Lock()
	p, ok := c.parsed[file]
	c.mu.Unlock()
	if ok && p.sum == sum {
		return p.page, p.err
	}
	page, err := content.Parse(file, data)
	if page != nil {
		page.Sum = sum // for the render cache's key
	}
	c.mu.Lock()
	c.parsed[file] = parsed{sum, page, err}
	c.mu.Unlock()
	return page, err
}

// render returns the cached output for file, and its ids and links, when
// key matches; otherwise it calls make, scans the result and remembers both.
func (c *Cache) render(file string, key [32]byte, make func() ([]byte, error)) ([]byte, pageLinks, error) {
	if c == nil {
		data, err := make()
		if err != nil {
			return nil, pageLinks{}, err
		}
		return data, scanHTML(data), nil
	}
	c.mu.Lock()
	c.keep[file] = true
	r, ok := c.rendered[file]
	c.mu.Unlock()
	if ok && r.key == key {
		return r.data, r.links, nil
	}
	data, err := make()
	if err != nil {
		return nil, pageLinks{}, err
	}
	r = rendered{key, data, scanHTML(data)}
	c.mu.Lock()
	c.rendered[file] = r
	c.mu.Unlock()
	return r.data, r.links, nil
}

// begin starts a build: entries that it does not use are dropped at end.
func (c *Cache) begin() {
	if c != nil {
		c.keep = map[string]bool{}
	}
}

// end drops the entries of pages and documents that no longer exist, so a
// long watch session does not grow without bound.
func (c *Cache) end(sources []string) {
	if c == nil {
		return
	}
	live := map[string]bool{}
	for _, s := range sources {
		live[s] = true
	}
	maps.DeleteFunc(c.parsed, func(file string, _ parsed) bool { return !live[file] })
	maps.DeleteFunc(c.rendered, func(file string, _ rendered) bool { return !c.keep[file] })
}

// hasher builds cache keys from strings and byte slices, each length-prefixed
// so that no two different sequences hash alike.
type hasher struct{ h hash.Hash }

func newHasher() hasher { return hasher{sha256.New()} }

func (h hasher) add(parts ...[]byte) hasher {
	for _, p := range parts {
		_ = binary.Write(h.h, binary.LittleEndian, uint64(len(p)))
		h.h.Write(p)
	}
	return h
}

func (h hasher) str(parts ...string) hasher {
	for _, p := range parts {
		h.add([]byte(p))
	}
	return h
}

func (h hasher) sum() [32]byte { return [32]byte(h.h.Sum(nil)) }

// globalKey hashes everything that every page's rendering may depend on:
// layouts, assets, options, the base URL and the front matter of every page
// (lists, navigation, related codes and neighbours all come from there).
// A page's own key adds its source to it.
func (s *Site) globalKey() [32]byte {
	h := newHasher().str(s.BaseURL, boolStr(s.opts.Minify))
	for _, name := range slices.Sorted(maps.Keys(s.layouts)) {
		h.str(name).add(s.layouts[name])
	}
	for _, name := range slices.Sorted(maps.Keys(s.assets)) {
		h.str(name).add(s.assets[name])
	}
	for _, p := range s.allPages() {
		h.str(p.File).add(p.FrontMatter)
	}
	return h.sum()
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
