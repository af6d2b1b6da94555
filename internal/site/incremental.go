package site

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// Changed tells an incremental builder (watch mode) which files changed
// since its last build: slash paths relative to the source directory, as a
// watcher reports them, files or directories. The next build reads from
// the source only those (and what lies under a directory among them) and
// takes every other file as the last build read it, and lists again only
// the directories whose entries may have changed. Without a call, or with
// all set (the watcher lost events), the next build reads everything.
func (b *Builder) Changed(files []string, all bool) {
	if b.memo == nil {
		return
	}
	k := &b.memo.kept
	k.mu.Lock()
	defer k.mu.Unlock()
	k.told, k.all = true, k.all || all
	for _, f := range files {
		k.changed = append(k.changed, path.Clean(f))
	}
}

// apply takes in what the last build read and forgets what changed, now
// that fsys shows it; k.mu is held.
func (k *kept) apply(fsys fs.FS) {
	maps.Copy(k.files, k.newFiles)
	maps.Copy(k.dirs, k.newDirs)
	k.newFiles, k.newDirs = map[string][]byte{}, map[string][]fs.DirEntry{}
	if !k.told || k.all || k.files == nil {
		k.reset()
	}
	dirs, listed := len(k.dirs), true
	for _, f := range k.changed {
		delete(k.files, f)
		k.dropUnder(f)
		listed = k.dropListing(fsys, f) && listed
	}
	if !listed || len(k.dirs) != dirs { // a tree may hold other files now
		clear(k.walks)
	}
	k.changed, k.told, k.all = nil, false, false
}

// kept is what an incremental builder read in its last build, for the
// next: the bytes of every file, the entries of every directory and the
// files under each tree walked (walkTree), less what changed since
// (Builder.Changed). A nil files map keeps nothing.
//
// A build reads files, dirs and walks without the lock, from any number
// of goroutines: only apply, between builds, changes them. What a build
// reads through to the source goes to newFiles and newDirs, under the
// lock, for the next. (A lock per file read was a tenth of a rebuild of
// 10,000 pages on two cores.)
type kept struct {
	mu       sync.Mutex
	files    map[string][]byte
	dirs     map[string][]fs.DirEntry
	walks    map[string]walked // by tree, "content"
	newFiles map[string][]byte
	newDirs  map[string][]fs.DirEntry
	changed  []string // since the last build
	told     bool     // Changed was called since the last build
	all      bool     // everything may have changed
}

// walked is what walkTree found under one tree, with no problem.
type walked struct{ names []string }

func (k *kept) reset() {
	k.files = map[string][]byte{}
	k.dirs = map[string][]fs.DirEntry{}
	k.walks = map[string]walked{}
}

// dropUnder forgets the files and listings under dir, for a change
// reported at a directory (a folder renamed or removed).
func (k *kept) dropUnder(dir string) {
	prefix := dir + "/"
	for name := range k.files {
		if strings.HasPrefix(name, prefix) {
			delete(k.files, name)
		}
	}
	for name := range k.dirs {
		if name == dir || strings.HasPrefix(name, prefix) {
			delete(k.dirs, name)
		}
	}
}

// dropListing forgets the listing of the directory holding file, unless
// the file is there as the listing says: a file saved in place or by a
// rename over itself leaves its directory as it was, so that saving one
// page of a folder of 10,000 does not list the folder again.
// A link is listed again whatever it leads to (Stat follows it, so its
// type never matches the entry's). It reports whether the file is as the
// kept listing says.
func (k *kept) dropListing(fsys fs.FS, file string) bool {
	dir := path.Dir(file)
	entries, ok := k.dirs[dir]
	if !ok {
		return false
	}
	i := slices.IndexFunc(entries, func(e fs.DirEntry) bool { return e.Name() == path.Base(file) })
	if i < 0 {
		delete(k.dirs, dir)
		return false
	}
	if info, err := fs.Stat(fsys, file); err != nil || info.Mode().Type() != entries[i].Type() {
		delete(k.dirs, dir)
		return false
	}
	return true
}

// keptFS serves a build's reads from what the last build read, and reads
// through to the source (and keeps) what it does not hold.
type keptFS struct {
	fs.FS
	k *kept
}

// overlay returns fsys as an incremental build reads it.
func (m *memo) overlay(fsys fs.FS) fs.FS {
	if m == nil || !m.keepHTML {
		return fsys
	}
	m.kept.mu.Lock()
	defer m.kept.mu.Unlock()
	// The parses of the sources that changed go, so that those left are
	// of unchanged sources (memo.unchanged), when the watcher told what
	// changed.
	m.trusted = m.kept.told && !m.kept.all && m.kept.files != nil
	dirs := map[string]bool{} // changed paths that may be directories
	for _, f := range m.kept.changed {
		if _, ok := m.parsed[f]; ok {
			delete(m.parsed, f)
		} else {
			dirs[f] = true
		}
	}
	if len(dirs) > 0 {
		maps.DeleteFunc(m.parsed, func(file string, _ *parsed) bool {
			for d := path.Dir(file); d != "."; d = path.Dir(d) {
				if dirs[d] {
					return true
				}
			}
			return false
		})
	}
	m.kept.apply(fsys)
	return keptFS{fsys, &m.kept}
}

func (f keptFS) ReadFile(name string) ([]byte, error) {
	if data, ok := f.k.files[name]; ok {
		return data, nil
	}
	data, err := fs.ReadFile(f.FS, name)
	if err == nil {
		f.k.mu.Lock()
		f.k.newFiles[name] = data
		f.k.mu.Unlock()
	}
	return data, err
}

func (f keptFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if entries, ok := f.k.dirs[name]; ok {
		return entries, nil
	}
	entries, err := fs.ReadDir(f.FS, name)
	if err == nil {
		f.k.mu.Lock()
		f.k.newDirs[name] = entries
		f.k.mu.Unlock()
	}
	return entries, err
}

// walk is walkTree(f, dir), as the last build found it while no listing
// under the source changed. A walk that met a problem is not kept: the
// next build walks again, as it reads again a file it could not read.
// The caller must not change the slices.
func (f keptFS) walk(dir string) ([]string, []error) {
	f.k.mu.Lock()
	w, ok := f.k.walks[dir]
	f.k.mu.Unlock()
	if ok {
		return w.names, nil
	}
	names, errs := walkFS(f, dir)
	if len(errs) == 0 {
		f.k.mu.Lock()
		f.k.walks[dir] = walked{names}
		f.k.mu.Unlock()
	}
	return names, errs
}

func (f keptFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.FS, name) }

// checked is what the last link check that passed saw (watch mode).
type checked struct {
	built map[string]bool
	scans map[string]pageLinks
	base  string
}

// linksToCheck returns the files whose links a build must check, or nil
// for all of them. When the build made the same files as the last one
// whose links passed, with the same base URL, and every file it rendered
// again has the ids it had, a link in a file it did not render again leads
// where it led and passes again: only the files rendered again (fresh)
// need a check.
func (m *memo) linksToCheck(built map[string]bool, scans map[string]pageLinks, fresh map[string]bool, base string) map[string]bool {
	if m == nil || !m.keepHTML || m.checked.built == nil || base != m.checked.base || !sameFiles(built, m.checked.built) {
		return nil
	}
	for file := range fresh {
		last, ok := m.checked.scans[file]
		if !ok || !maps.Equal(last.ids, scans[file].ids) {
			return nil
		}
	}
	return fresh
}

// linkGraph is the link graph watch mode keeps between rebuilds, or nil.
func (m *memo) linkGraph() *linkGraph {
	if m == nil || !m.keepHTML {
		return nil
	}
	return &m.graph
}

// linksChecked remembers a link check that passed.
func (m *memo) linksChecked(built map[string]bool, scans map[string]pageLinks, base string) {
	if m != nil && m.keepHTML {
		m.checked = checked{built, scans, base}
	}
}

// minifiedIn is one slice of memory that was minified as mediaType.
type minifiedIn struct {
	mediaType string
	data      *byte
	n         int
}

// minify is Minify, remembered by content in watch mode, where the data
// files (search index, API, sitemap) come out the same after most edits.
func (m *memo) minify(mediaType string, data []byte) ([]byte, error) {
	if m == nil || !m.keepHTML {
		return Minify(mediaType, data)
	}
	// A file kept from the last build (Site.Keep) is the very slice the
	// last build minified: known without hashing a search index again.
	same := minifiedIn{mediaType, unsafe.SliceData(data), len(data)}
	m.mu.Lock()
	last, ok := m.minifiedSame[same]
	m.mu.Unlock()
	if ok && len(data) > 0 {
		m.mu.Lock()
		m.minifiedSameNext[same] = last
		m.mu.Unlock()
		return last, nil
	}
	key := newHasher().str(mediaType).add(data).sum()
	m.mu.Lock()
	out, ok := m.minified[key]
	m.mu.Unlock()
	var err error
	if !ok {
		out, err = Minify(mediaType, data)
	}
	if err == nil {
		m.mu.Lock()
		m.minifiedNext[key] = out // kept for the next build while this one uses it
		m.minifiedSameNext[same] = out
		m.mu.Unlock()
	}
	return out, err
}
