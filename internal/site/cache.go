package site

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/sipcodes/sipcodes/internal/content"
)

// A Cache is the build cache kept on disk between one-shot builds, so that
// a build after a small edit (or none) redoes only what changed. It holds
// what the watch mode's memo holds in memory: the rendering of each page
// body, keyed by the body's SHA-256, and what each page was rendered to,
// keyed by everything its rendering depends on (see memo.siteKey),
// sitegen's own build included.
//
// A page's HTML is not kept twice. The output directory already holds it,
// as the last build wrote it (PagesIn), so the cache keeps only its
// length and SHA-256, and the next build into that directory reads the
// file back and checks it. Not a CRC, as for the packs: tools and people
// write public/, and a CRC-32C can be kept by an edit made to keep it. A
// file changed or removed since (by hand, by another tool, or public/
// built elsewhere) is not the cache's fault: the page is rendered again,
// without a warning. Writing every page's HTML into a pack as well was a
// tenth of a cold build and half the cache.
//
// On disk it is an index plus an object store, as Bazel splits its action
// cache from its content store:
//
//	DIR/CACHEDIR.TAG     marks the directory as sitegen's cache (bford.info/cachedir)
//	DIR/index            the entries: keys → objects (offset, length, CRC-32C); see cacheindex.go
//	DIR/packs/*.pack     the objects, appended one after another; read-only
//	                     (a page's HTML is in the output directory instead)
//	DIR/lock             locked (flock) by the build that uses the cache
//
// A build loads only the index, reads an object when it needs it and
// checks its length and hash before using it. A build appends what it
// made to a new pack and, only if it succeeded, writes a new index beside
// the old one and renames it over it, then removes the packs the new index
// no longer needs; a build that is killed leaves the old index, which
// names only whole packs. Anything wrong (an index that is truncated,
// corrupt or written by another sitegen, an object whose bytes do not
// match, a directory that cannot be read) is reported in one warning line
// and the build goes on as if there were no cache. Two builds never share
// the cache: the second one builds without it.
//
// A Cache serves one build (Builder.UseCache).
type Cache struct {
	dir     string
	version string // of sitegen: the cache of another build of it is never used
	warn    func(string)
	unlock  func()

	// outDir is where this build's pages go and where the last build's
	// are read back from (PagesIn); "" keeps their HTML in the packs.
	outDir  string
	outOnce sync.Once
	outSrc  *Source // outDir, opened once; nil when it cannot be

	mu       sync.Mutex
	old      index               // the index as loaded
	next     index               // what this build used or made: the next index
	packs    map[string]*os.File // old packs, open for reading
	out      *packWriter         // this build's pack, made with its first object
	bad      bool                // an object was wrong: read nothing more
	verified map[object]bool     // objects read and found right in this build
	warned   bool

	reusedBodies, reusedPages int
}

// Reused counts the page bodies and the pages that the build took from
// the cache instead of rendering them.
func (c *Cache) Reused() (bodies, pages int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reusedBodies, c.reusedPages
}

// CacheDirName is the cache's directory in the source directory unless
// --cache-dir names another.
const CacheDirName = ".sitegen-cache"

const (
	cacheTag = "Signature: 8a477f597d28d172789f06886806bc55\n" +
		"# This file is a cache directory tag created by sitegen (its build cache).\n" +
		"# For information about cache directory tags see https://bford.info/cachedir/\n"
	cacheMagic = "sitegen build cache 3\n"
	packSuffix = ".pack"
	tmpPrefix  = ".tmp-"
)

// index is what DIR/index holds.
type index struct {
	Bodies map[string]bodyEntry // by SHA-256 of the body
	Pages  map[string]pageEntry // by output file
}

func newIndex() index {
	return index{Bodies: map[string]bodyEntry{}, Pages: map[string]pageEntry{}}
}

// object is where a stored object lies, and the checksum its bytes must
// have. Keys are held as strings of their bytes.
//
// The checksum finds what a disk or a killed build spoils; it is not a
// defence against someone who can write the cache, who could as well
// write the index that holds the checksums. So it is a CRC-32C, which the
// processor computes at several times the speed of SHA-256: a warm build
// of 10,000 pages checks 120 MB of them.
type object struct {
	Pack     string
	Off, Len int64
	Sum      uint32 // CRC-32C
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type bodyEntry struct {
	HTML object
	Meta object // encodeBodyMeta: its headings, code blocks and links
}

type pageEntry struct {
	Key string // memo.pageKey
	// HTML is in a pack, or, when its Pack is "", the whole of the page's
	// file in the output directory (Off 0), under the base path, whose
	// SHA-256 is File.
	HTML object
	Scan object // encodeScan: what scanHTML found in it, not scanned again
	File string // SHA-256 of the page's file, when HTML is in the output directory
}

// inOutput reports whether o is a page's file in the output directory.
func (o object) inOutput() bool { return o.Pack == "" }

// objects are the objects of an entry, to check, copy or count each.
func (e *bodyEntry) objects() []*object { return []*object{&e.HTML, &e.Meta} }
func (e *pageEntry) objects() []*object { return []*object{&e.HTML, &e.Scan} }

// entries calls fn with the objects of every entry of idx, bodies and
// pages alike. fn may change the objects; an entry it returns false for
// is dropped.
func (idx index) entries(fn func(objects []*object) bool) {
	updateEntries(idx.Bodies, fn)
	updateEntries(idx.Pages, fn)
}

func updateEntries[E any, P interface {
	*E
	objects() []*object
}](m map[string]E, fn func(objects []*object) bool) {
	for k, e := range m {
		if !fn(P(&e).objects()) {
			delete(m, k)
			continue
		}
		m[k] = e
	}
}

// inPack reports whether any of the objects lies in the pack named.
func inPack(objects []*object, pack string) bool {
	return slices.ContainsFunc(objects, func(o *object) bool { return o.Pack == pack })
}

// copyEntry copies the objects of an entry that live in a pack to compact
// (see compact); ok is false when one cannot be.
func (c *Cache) copyEntry(objects []*object, from string) bool {
	for _, o := range objects {
		if o.Pack == from {
			var ok bool
			if *o, ok = c.copyObject(*o); !ok {
				return false
			}
		}
	}
	return true
}

// OpenCache opens the build cache in dir for one build, making dir if it
// does not exist; version names the sitegen that builds (the command's
// buildID). Problems are reported through warn, once, and leave a
// cache that remembers nothing; when another build holds the cache, or dir
// cannot be made, OpenCache returns nil, which caches nothing.
func OpenCache(dir, version string, warn func(string)) *Cache {
	c := &Cache{dir: dir, version: version, warn: warn, packs: map[string]*os.File{}, old: newIndex(), next: newIndex(), verified: map[object]bool{}}
	if err := os.MkdirAll(filepath.Join(dir, "packs"), 0o755); err != nil {
		c.warnf("%v", err)
		return nil
	}
	if err := writeTag(dir); err != nil {
		c.warnf("%v", err)
		return nil
	}
	unlock, err := lockFile(filepath.Join(dir, "lock"))
	if err != nil {
		c.warnf("%v", err)
		return nil
	}
	c.unlock = unlock
	if err := c.load(); err != nil {
		c.warnf("%v", err)
		c.old = newIndex()
	}
	return c
}

func writeTag(dir string) error {
	file := filepath.Join(dir, "CACHEDIR.TAG")
	if data, err := os.ReadFile(file); err == nil && string(data) == cacheTag {
		return nil
	}
	return os.WriteFile(file, []byte(cacheTag), 0o644)
}

// warnf reports the first problem with the cache, naming its directory.
func (c *Cache) warnf(format string, args ...any) {
	c.mu.Lock()
	first := !c.warned
	c.warned = true
	c.mu.Unlock()
	if first && c.warn != nil {
		c.warn(fmt.Sprintf("sitegen: build cache %s: %s; building without it", c.dir, fmt.Sprintf(format, args...)))
	}
}

// load reads the index: the magic line, the version line, the entries
// (cacheindex.go), and the SHA-256 of everything before them.
func (c *Cache) load() error {
	data, err := os.ReadFile(filepath.Join(c.dir, "index"))
	if errors.Is(err, os.ErrNotExist) {
		return nil // a new cache
	}
	if err != nil {
		return err
	}
	if len(data) < sha256.Size || sha256.Sum256(data[:len(data)-sha256.Size]) != [32]byte(data[len(data)-sha256.Size:]) {
		return errors.New("the index is truncated or corrupt")
	}
	rest, ok := bytes.CutPrefix(data[:len(data)-sha256.Size], []byte(cacheMagic))
	if !ok {
		return errors.New("the index is not a sitegen build cache of this format")
	}
	version, payload, ok := bytes.Cut(rest, []byte("\n"))
	if !ok || string(version) != c.version {
		return errors.New("the index was written by another build of sitegen")
	}
	idx, err := decodeIndex(payload)
	if err != nil {
		return err
	}
	c.old = idx
	return nil
}

// read returns the bytes of o, checked against its length and hash. A
// missing or wrong object is reported once, and the cache reads nothing
// more in this build.
func (c *Cache) read(o object) ([]byte, bool) { return c.readObject(o, false) }

// readObject is read; with again, it reads o even after a bad object (o
// is one this build already read once and checked). An object this build
// wrote is read after a bad one too: a cold build reads every body it
// rendered back from its own pack, and a bad old pack says nothing of it.
func (c *Cache) readObject(o object, again bool) ([]byte, bool) {
	c.mu.Lock()
	own := c.out != nil && o.Pack == c.out.name
	if c.bad && !again && !own {
		c.mu.Unlock()
		return nil, false
	}
	var err error
	// An object this build wrote (a body two pages share, or one read
	// back to render its page): what is buffered must reach the file
	// before it is read back.
	if own && o.Off+o.Len > c.out.off-int64(c.out.buf.Buffered()) {
		err = c.out.buf.Flush()
	}
	var f *os.File
	if err == nil {
		f, err = c.pack(o.Pack)
	}
	c.mu.Unlock()
	var data []byte
	if err == nil {
		if o.Len < 0 || o.Len > MaxSourceSize || o.Off < 0 {
			err = errors.New("the index names an object of an impossible size")
		} else {
			data = make([]byte, o.Len)
			if n, _ := f.ReadAt(data, o.Off); n < len(data) {
				err = fmt.Errorf("pack %s is truncated", o.Pack)
			} else if crc32.Checksum(data, castagnoli) != o.Sum {
				err = fmt.Errorf("an object in pack %s is corrupt", o.Pack)
			}
		}
	}
	if err != nil {
		c.spoilt(err)
		return nil, false
	}
	if !own { // this build's own need no word for commit
		c.mu.Lock()
		c.verified[o] = true
		c.mu.Unlock()
	}
	return data, true
}

// spoilt reports a wrong object: the cache reads nothing more in this build.
func (c *Cache) spoilt(err error) {
	c.mu.Lock()
	c.bad = true
	c.mu.Unlock()
	c.warnf("%v", err)
}

// pack opens an old pack for reading; c.mu is held.
func (c *Cache) pack(name string) (*os.File, error) {
	if f, ok := c.packs[name]; ok {
		return f, nil
	}
	if !validPackName(name) {
		return nil, errors.New("the index names a pack that cannot be one")
	}
	f, err := os.Open(filepath.Join(c.dir, "packs", name))
	if err != nil {
		return nil, err
	}
	c.packs[name] = f
	return f, nil
}

// write appends data to this build's pack.
func (c *Cache) write(data []byte) (object, error) {
	if len(data) > MaxSourceSize {
		return object{}, errTooLarge
	}
	sum := crc32.Checksum(data, castagnoli) // outside the lock: writers sum at once
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.out == nil {
		w, err := newPackWriter(filepath.Join(c.dir, "packs"))
		if err != nil {
			return object{}, err
		}
		c.out = w
	}
	return c.out.add(data, sum)
}

// errTooLarge is write's answer for an object larger than any the index
// accepts (decoder.object): the entry is not cached, and nothing is wrong.
var errTooLarge = errors.New("too large to cache")

// validRoots reports whether roots are offsets in a page of n bytes, in
// order, as scanHTML finds them.
func validRoots(roots []int, n int) bool {
	last := -1
	for _, r := range roots {
		if r <= last || r >= n {
			return false
		}
		last = r
	}
	return true
}

// Body returns the cached rendering of a page body (content.BodyCache).
func (c *Cache) Body(body []byte) (*content.Body, bool) {
	b, html, ok := c.bodyLater(sha256.Sum256(body))
	if !ok {
		return nil, false
	}
	data, ok := c.read(html)
	if !ok {
		return nil, false
	}
	b.HTML = bytesString(data)
	return b, true
}

// expect tells c that the build has n sources, each a body and a page at
// most, so that a cold build makes the next index's maps at their size
// once: growing them an entry at a time was 1% of its time.
func (c *Cache) expect(n int) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.next.Bodies) == 0 {
		c.next.Bodies = make(map[string]bodyEntry, n)
	}
	if len(c.next.Pages) == 0 {
		c.next.Pages = make(map[string]pageEntry, n)
	}
}

// bytesString is data as a string, without a copy: for an object's bytes,
// which read made for its caller alone and no one changes after.
func bytesString(data []byte) string { return unsafe.String(unsafe.SliceData(data), len(data)) }

// stringBytes is the bytes of s, without a copy, for a reader that does
// not change them.
func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// bodyLater is Body without the HTML, for the body whose SHA-256 is sum;
// it returns the HTML as the object to read if it is needed (a page whose
// rendering is cached does not need its body's).
func (c *Cache) bodyLater(sum [32]byte) (*content.Body, object, bool) {
	key := string(sum[:])
	c.mu.Lock()
	e, ok := c.next.Bodies[key]
	if !ok {
		e, ok = c.old.Bodies[key]
	}
	c.mu.Unlock()
	if !ok {
		return nil, object{}, false
	}
	b, ok := decoded(c, e.Meta, decodeBodyMeta)
	if !ok {
		return nil, object{}, false
	}
	c.mu.Lock()
	c.next.Bodies[key] = e
	c.reusedBodies++
	c.mu.Unlock()
	return b, e.HTML, true
}

// decoded reads the object o and decodes it; an object that does not
// decode is as corrupt as one whose sum is wrong.
func decoded[T any](c *Cache, o object, decode func([]byte) (T, error)) (T, bool) {
	var v T
	data, ok := c.read(o)
	if !ok {
		return v, false
	}
	v, err := decode(data)
	if err != nil {
		c.spoilt(fmt.Errorf("an object in pack %s is corrupt", o.Pack))
		return v, false
	}
	return v, true
}

// SetBody stores the rendering of a page body (content.BodyCache).
func (c *Cache) SetBody(body []byte, b *content.Body) { c.setBody(sha256.Sum256(body), b) }

// setBody is SetBody for the body whose SHA-256 is sum. It returns the
// object that holds the HTML, and whether it was stored.
func (c *Cache) setBody(sum [32]byte, b *content.Body) (object, bool) {
	html, err := c.write(stringBytes(b.HTML)) // write only reads them
	var meta object
	if err == nil {
		meta, err = c.write(encodeBodyMeta(b))
	}
	if err != nil {
		if !errors.Is(err, errTooLarge) {
			c.warnf("%v", err)
		}
		return object{}, false
	}
	c.mu.Lock()
	c.next.Bodies[string(sum[:])] = bodyEntry{HTML: html, Meta: meta}
	c.mu.Unlock()
	return html, true
}

// page returns what a build rendered at file with key.
func (c *Cache) page(file string, key [32]byte) (rendered, bool) {
	c.mu.Lock()
	e, ok := c.old.Pages[file]
	c.mu.Unlock()
	if !ok || e.Key != string(key[:]) {
		return rendered{}, false
	}
	var data []byte
	if e.HTML.inOutput() {
		data, ok = c.readOutput(file, e.HTML, e.File)
	} else {
		data, ok = c.read(e.HTML)
	}
	if !ok {
		return rendered{}, false
	}
	pl, ok := decoded(c, e.Scan, decodeScan)
	if !ok {
		return rendered{}, false
	}
	// prefixRoots relies on the roots, in a page not yet under the base path.
	if !e.HTML.inOutput() && !validRoots(pl.roots, len(data)) {
		c.spoilt(fmt.Errorf("an object in pack %s is corrupt", e.Scan.Pack))
		return rendered{}, false
	}
	c.mu.Lock()
	c.next.Pages[file] = e
	c.reusedPages++
	c.mu.Unlock()
	return rendered{key: key, data: data, links: pl, written: e.HTML.inOutput()}, true
}

// PagesIn tells c that the build writes its pages into the directory dir,
// the one the last build wrote them into, as a user builds. Their HTML is
// then read back from there (each file checked against the length and
// SHA-256 the cache keeps of it) instead of being stored in the cache.
func (c *Cache) PagesIn(dir string) {
	if c == nil {
		return
	}
	if abs, err := filepath.Abs(dir); err == nil {
		c.outDir = abs
	}
}

// readOutput reads the file of the page at file from the output directory,
// where the last build wrote it as o and its SHA-256, sum, say, or reports
// that it is not there as written: changed, removed, or never written (a
// build elsewhere). Nothing is read outside the directory, as nothing is
// outside a site's source (Source), nor any file but a regular one of o's
// length.
func (c *Cache) readOutput(file string, o object, sum string) ([]byte, bool) {
	c.outOnce.Do(func() {
		if c.outDir != "" {
			c.outSrc, _ = OpenSource(c.outDir)
		}
	})
	if c.outSrc == nil || !fs.ValidPath(file) || o.Off != 0 {
		return nil, false
	}
	data, err := c.outSrc.ReadFile(file)
	if err != nil || int64(len(data)) != o.Len || len(sum) != sha256.Size {
		return nil, false
	}
	if got := sha256.Sum256(data); string(got[:]) != sum {
		return nil, false
	}
	return data, true
}

// setPage stores what the page at file rendered to with key, r, and out,
// the file written for it (rendered.output). When the build writes its
// pages where the next one reads them (PagesIn), only out's length and
// SHA-256 are kept.
func (c *Cache) setPage(file string, r rendered, out []byte) {
	var html object
	var sum string
	var err error
	switch {
	case c.outDir == "":
		html, err = c.write(r.data)
	case len(out) > MaxSourceSize:
		err = errTooLarge
	default:
		h := sha256.Sum256(out)
		html, sum = object{Len: int64(len(out))}, string(h[:])
	}
	var scan object
	if err == nil {
		scan, err = c.write(encodeScan(r.links))
	}
	if err != nil {
		if !errors.Is(err, errTooLarge) {
			c.warnf("%v", err)
		}
		return
	}
	e := pageEntry{Key: string(r.key[:]), HTML: html, Scan: scan, File: sum}
	c.mu.Lock()
	c.next.Pages[file] = e
	c.mu.Unlock()
}

// commit ends a build that succeeded: this build's pack is completed, the
// new index takes the old one's place, and the packs it no longer names
// are removed. A cache that cannot be written is reported, and the build
// stands.
func (c *Cache) commit() {
	defer c.close()
	if !c.bad && c.out == nil && len(c.next.Pages) == len(c.old.Pages) && len(c.next.Bodies) == len(c.old.Bodies) {
		return // every entry came from the old index, and it has no others
	}
	if c.bad {
		// The old packs hold a wrong object: keep of them only what this
		// build read and found right, not what it carried over unread.
		// (A page's file in the output directory is checked every time it
		// is read, and every one the next index names was read or
		// written by this build.)
		unread := func(o *object) bool {
			return !o.inOutput() && (c.out == nil || o.Pack != c.out.name) && !c.verified[*o]
		}
		c.next.entries(func(objects []*object) bool { return !slices.ContainsFunc(objects, unread) })
	}
	if err := c.compact(); err != nil {
		c.warnf("%v", err)
		return
	}
	if c.out != nil {
		if err := c.out.finish(); err != nil {
			c.warnf("%v", err)
			return
		}
	}
	var buf bytes.Buffer
	buf.WriteString(cacheMagic + c.version + "\n")
	buf.Write(encodeIndex(c.next))
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	if err := writeAtomic(filepath.Join(c.dir, "index"), buf.Bytes()); err != nil {
		c.warnf("%v", err)
		return
	}
	c.out = nil // named by the index now: kept
	c.removeUnused()
}

// abort ends a build that failed: the index is left as it was, and this
// build's pack is removed.
func (c *Cache) abort() { c.close() }

// close releases what the build held; an unfinished pack is removed.
func (c *Cache) close() {
	for _, f := range c.packs {
		f.Close()
	}
	if c.outSrc != nil {
		c.outSrc.Close()
	}
	if c.out != nil {
		c.out.remove()
	}
	if c.unlock != nil {
		c.unlock()
	}
}

// compact copies the objects that the next index still needs from old
// packs that are mostly unused into this build's pack, so that the cache
// does not grow without bound as pages change one by one. An object that
// cannot be copied is left out of the next index.
func (c *Cache) compact() error {
	live, size := c.liveBytes()
	for name, n := range live {
		switch {
		case size[name] < 0: // gone: entries carried over unread name it
			c.next.entries(func(objects []*object) bool { return !inPack(objects, name) })
		case n*2 < size[name]:
			c.next.entries(func(objects []*object) bool { return !inPack(objects, name) || c.copyEntry(objects, name) })
		}
	}
	return nil
}

// copyObject copies o, which this build read and checked, into this
// build's pack.
func (c *Cache) copyObject(o object) (object, bool) {
	data, ok := c.readObject(o, true)
	if !ok {
		return o, false
	}
	n, err := c.write(data)
	return n, err == nil
}

// liveBytes returns, for every old pack, how many of its bytes the next
// index names, and its size (-1 when it is gone).
func (c *Cache) liveBytes() (live, size map[string]int64) {
	live, size = map[string]int64{}, map[string]int64{}
	c.next.entries(func(objects []*object) bool {
		for _, o := range objects {
			if !o.inOutput() && (c.out == nil || o.Pack != c.out.name) {
				live[o.Pack] += o.Len
			}
		}
		return true
	})
	for name := range live {
		if info, err := os.Stat(filepath.Join(c.dir, "packs", name)); err == nil && validPackName(name) {
			size[name] = info.Size()
		} else {
			size[name] = -1
		}
	}
	return live, size
}

// removeUnused removes the packs that the new index does not name, and
// what killed builds left.
func (c *Cache) removeUnused() {
	used := map[string]bool{}
	c.next.entries(func(objects []*object) bool {
		for _, o := range objects {
			used[o.Pack] = true
		}
		return true
	})
	dir := filepath.Join(c.dir, "packs")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if name := e.Name(); (validPackName(name) && !used[name]) || strings.HasPrefix(name, tmpPrefix) {
			os.Remove(filepath.Join(dir, name))
		}
	}
	if entries, err := os.ReadDir(c.dir); err == nil {
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), tmpPrefix) {
				os.Remove(filepath.Join(c.dir, e.Name()))
			}
		}
	}
}

// validPackName reports whether name is one newPackWriter makes: 32 hex
// digits and .pack.
func validPackName(name string) bool {
	hexPart, ok := strings.CutSuffix(name, packSuffix)
	if !ok || len(hexPart) != 32 {
		return false
	}
	_, err := hex.DecodeString(hexPart)
	return err == nil
}

// packWriter appends objects to a new pack, which is read-only from the
// start (the file is made 0444; only this writer's descriptor can write).
type packWriter struct {
	name string
	file *os.File
	buf  *bufio.Writer
	off  int64
}

func newPackWriter(dir string) (*packWriter, error) {
	var r [16]byte
	rand.Read(r[:])
	name := hex.EncodeToString(r[:]) + packSuffix
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
	if err != nil {
		return nil, err
	}
	return &packWriter{name: name, file: f, buf: bufio.NewWriterSize(f, 1<<20)}, nil
}

// add appends data, whose CRC-32C is sum.
func (w *packWriter) add(data []byte, sum uint32) (object, error) {
	if _, err := w.buf.Write(data); err != nil {
		return object{}, err
	}
	o := object{Pack: w.name, Off: w.off, Len: int64(len(data)), Sum: sum}
	w.off += int64(len(data))
	return o, nil
}

func (w *packWriter) finish() error {
	err := w.buf.Flush()
	if cerr := w.file.Close(); err == nil {
		err = cerr
	}
	return err
}

func (w *packWriter) remove() {
	w.file.Close()
	os.Remove(filepath.Join(filepath.Dir(w.file.Name()), w.name))
}

// writeAtomic writes file read-only with writeFileAtomic; a file that is
// an empty directory (the rename fails on it) is replaced.
func writeAtomic(file string, data []byte) error {
	err := writeFileAtomic(file, data, 0o444)
	var rename *os.LinkError
	if errors.As(err, &rename) && os.Remove(file) == nil {
		err = writeFileAtomic(file, data, 0o444)
	}
	return err
}
