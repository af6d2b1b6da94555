package site

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// cachedBuild builds fsys with the cache in dir, as the command's next run
// would, and returns the output, the warnings and the cache.
func cachedBuild(t *testing.T, fsys fstest.MapFS, dir, version string) (Output, []string, *Cache) {
	t.Helper()
	var warnings []string
	c := OpenCache(dir, version, func(msg string) { warnings = append(warnings, msg) })
	out, _, err := NewBuilder(testSchema, Options{Minify: true}).UseCache(c).BuildOutput(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return out, warnings, c
}

// onlyPack returns the one pack of the cache in dir.
func onlyPack(t *testing.T, dir string) string {
	t.Helper()
	packs, _ := filepath.Glob(filepath.Join(dir, "packs", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("the cache holds %d packs, want 1", len(packs))
	}
	return packs[0]
}

// rewrite changes a file of the cache, which is read-only.
func rewrite(t *testing.T, file string, change func([]byte) []byte) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, change(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBadCacheIsIgnored spoils a good cache in each way a disk, a killed
// program or another sitegen can, and wants one warning naming the cache,
// a build equal to a clean one, and a cache that serves the next build.
func TestBadCacheIsIgnored(t *testing.T) {
	flip := func(data []byte) []byte { data[len(data)/2] ^= 0x20; return data }
	half := func(data []byte) []byte { return data[:len(data)/2] }
	spoils := []struct {
		name    string
		version string // of the sitegen that builds after the spoiling
		spoil   func(t *testing.T, dir string)
		why     string
	}{
		{"index truncated", "test", func(t *testing.T, dir string) { rewrite(t, filepath.Join(dir, "index"), half) }, "truncated or corrupt"},
		{"index flipped", "test", func(t *testing.T, dir string) { rewrite(t, filepath.Join(dir, "index"), flip) }, "truncated or corrupt"},
		{"index empty", "test", func(t *testing.T, dir string) {
			rewrite(t, filepath.Join(dir, "index"), func([]byte) []byte { return nil })
		}, "truncated or corrupt"},
		{"index unreadable", "test", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "index"))
			os.Mkdir(filepath.Join(dir, "index"), 0o755)
		}, "index"},
		{"another sitegen", "other", func(*testing.T, string) {}, "another build of sitegen"},
		{"pack truncated", "test", func(t *testing.T, dir string) { rewrite(t, onlyPack(t, dir), half) }, "truncated"},
		{"pack flipped", "test", func(t *testing.T, dir string) { rewrite(t, onlyPack(t, dir), flip) }, "corrupt"},
		{"pack removed", "test", func(t *testing.T, dir string) { os.Remove(onlyPack(t, dir)) }, "no such file"},
	}
	for _, sp := range spoils {
		t.Run(sp.name, func(t *testing.T) {
			fsys := sitetest.Archive(t, "testdata/basic.txtar")
			clean := buildFS(t, fsys, Options{Minify: true})
			dir := t.TempDir()
			if _, warnings, _ := cachedBuild(t, fsys, dir, "test"); len(warnings) > 0 {
				t.Fatalf("first build: %q", warnings)
			}
			sp.spoil(t, dir)
			got, warnings, _ := cachedBuild(t, fsys, dir, sp.version)
			if len(warnings) != 1 || !strings.Contains(warnings[0], "build cache "+dir+": ") ||
				!strings.Contains(warnings[0], sp.why) || !strings.HasSuffix(warnings[0], "; building without it") {
				t.Errorf("warnings %q, want one naming %s and %q", warnings, dir, sp.why)
			}
			if !bytes.Equal(sitetest.Format(clean), sitetest.Format(got)) {
				t.Errorf("the build with a spoilt cache differs from a clean build")
			}
			got, warnings, c := cachedBuild(t, fsys, dir, sp.version)
			if _, pages := c.Reused(); len(warnings) > 0 || pages == 0 {
				t.Errorf("the build after: warnings %q, %d pages from the cache; want none and some", warnings, pages)
			}
			if !bytes.Equal(sitetest.Format(clean), sitetest.Format(got)) {
				t.Errorf("the build after differs from a clean build")
			}
			// Every page rendered again, from bodies the cache kept.
			sitetest.Replace(t, fsys, "layouts/page.html", "<h1>{{.Title}}</h1>", `<h1 class="plain">{{.Title}}</h1>`)
			got, warnings, _ = cachedBuild(t, fsys, dir, sp.version)
			if len(warnings) > 0 {
				t.Errorf("after a layout change: warnings %q", warnings)
			}
			if !bytes.Equal(sitetest.Format(buildFS(t, fsys, Options{Minify: true})), sitetest.Format(got)) {
				t.Errorf("after a layout change: the build differs from a clean build")
			}
		})
	}
}

// TestCacheFiles wants the stored files read-only, a cache that stays
// small while one page is edited over and over, and a cache that one
// build at a time uses.
func TestCacheFiles(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	dir := t.TempDir()
	cachedBuild(t, fsys, dir, "test")
	info, err := os.Stat(onlyPack(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	first := info.Size()
	for i := range 30 {
		f := fsys["content/notes/1.md"]
		fsys["content/notes/1.md"] = &fstest.MapFile{Data: fmt.Appendf(bytes.Clone(f.Data), "\nEdit %d.\n", i)}
		_, warnings, _ := cachedBuild(t, fsys, dir, "test")
		if len(warnings) > 0 {
			t.Fatalf("edit %d: %q", i, warnings)
		}
	}
	packs, _ := filepath.Glob(filepath.Join(dir, "packs", "*"))
	var total int64
	for _, p := range append(packs, filepath.Join(dir, "index")) {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm()&0o222 != 0 {
			t.Errorf("%s is writable (%v), want it read-only", p, info.Mode())
		}
		total += info.Size()
	}
	if packs := len(packs) - 1; total-first > 3*first || packs > 3 {
		t.Errorf("after 30 edits of one page the cache holds %d packs, %d bytes (the first build: %d); want at most 3 and 3× more", packs+1, total, first)
	}

	c := OpenCache(dir, "test", func(msg string) { t.Log(msg) })
	var warnings []string
	if second := OpenCache(dir, "test", func(msg string) { warnings = append(warnings, msg) }); second != nil || len(warnings) != 1 || !strings.Contains(warnings[0], "another build is using it") {
		t.Errorf("a second build while one uses the cache: %v, %q; want nil and a warning", second, warnings)
	}
	c.abort()
	if again := OpenCache(dir, "test", func(msg string) { t.Error(msg) }); again == nil {
		t.Errorf("the cache is still locked after the build that held it")
	} else {
		again.abort()
	}
}

func TestCheckCacheDir(t *testing.T) {
	src := t.TempDir()
	out := filepath.Join(src, "public")
	file := filepath.Join(src, "notes.txt")
	foreign := filepath.Join(src, "mine")
	for _, d := range []string{out, foreign, filepath.Join(src, "content")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(file, []byte("x"), 0o644)
	os.WriteFile(filepath.Join(foreign, "a.txt"), []byte("x"), 0o644)
	ours := filepath.Join(src, "ours")
	if c := OpenCache(ours, "test", func(msg string) { t.Error(msg) }); c != nil {
		c.abort()
	}
	for _, tc := range []struct {
		cache, want string
	}{
		{filepath.Join(src, CacheDirName), ""},
		{filepath.Join(t.TempDir(), "new", "cache"), ""},
		{ours, ""},
		{src, "is the source directory"},
		{out, "inside the output directory"},
		{filepath.Join(out, "cache"), "inside the output directory"},
		{filepath.Dir(src), "holds the output directory"},
		{filepath.Join(src, "content", "cache"), "inside the site's content/"},
		{file, "is a file"},
		{foreign, "not sitegen's cache"},
	} {
		err := CheckCacheDir(src, out, tc.cache)
		if got := ""; err != nil {
			got = err.Error()
			if tc.want == "" || !strings.Contains(got, tc.want) {
				t.Errorf("CheckCacheDir(%s) = %q, want %q", tc.cache, got, tc.want)
			}
		} else if tc.want != "" {
			t.Errorf("CheckCacheDir(%s) = nil, want %q", tc.cache, tc.want)
		}
	}
}

// TestBadCacheOnRender spoils the cache and changes a layout, so that
// every page is rendered again with its body's HTML, which a one-shot
// build reads from the cache only then: each page must still be what a
// clean build makes, with one warning.
func TestBadCacheOnRender(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	dir := t.TempDir()
	if _, warnings, _ := cachedBuild(t, fsys, dir, "test"); len(warnings) > 0 {
		t.Fatal(warnings)
	}
	rewrite(t, onlyPack(t, dir), func(data []byte) []byte { return bytes.Repeat([]byte{'x'}, len(data)) })
	sitetest.Replace(t, fsys, "layouts/page.html", "<h1>{{.Title}}</h1>", `<h1 class="plain">{{.Title}}</h1>`)
	got, warnings, _ := cachedBuild(t, fsys, dir, "test")
	if len(warnings) != 1 || !strings.Contains(warnings[0], "is corrupt") {
		t.Errorf("warnings %q, want one about a corrupt object", warnings)
	}
	if !bytes.Equal(sitetest.Format(buildFS(t, fsys, Options{Minify: true})), sitetest.Format(got)) {
		t.Errorf("the build differs from a clean build")
	}
}

// TestCachedPagesLinks wants the ids and links of the pages that come from
// the cache to count in the link check as a clean build counts them.
func TestCachedPagesLinks(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	dir := t.TempDir()
	cachedBuild(t, fsys, dir, "test")
	build := func() error {
		c := OpenCache(dir, "test", func(msg string) { t.Error(msg) })
		_, _, err := NewBuilder(testSchema, Options{Minify: true}).UseCache(c).BuildOutput(fsys)
		return err
	}
	// Note 1 is rendered again, its link into note 2 (from the cache) holds.
	sitetest.Replace(t, fsys, "content/notes/1.md", "See [the second]", "Read [the second]")
	if err := build(); err != nil {
		t.Fatal(err)
	}
	// A broken anchor into a cached page, and a cached page's own link
	// into a page that is gone, are found as a clean build finds them.
	sitetest.Replace(t, fsys, "content/notes/1.md", "(/n/2/#body)", "(/n/2/#nowhere)")
	delete(fsys, "content/guides/nat.md")
	err := build()
	want := buildErr(fsys, Options{Minify: true})
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("cached build: %v\nclean build: %v", err, want)
	}
	if want != nil && (!strings.Contains(want.Error(), `no element with id "nowhere"`) || !strings.Contains(want.Error(), "/guides/nat/")) {
		t.Errorf("the clean build does not find both broken links: %v", want)
	}
}

// Pages with the same body share its entry: the second page reads back
// what the first wrote in the same build, before the pack is finished
// (the bug this caught: "pack ... is truncated"), in a cold build and a
// warm one.
func TestCacheSharedBody(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	body := fsys["content/guides/nat.md"].Data
	for _, name := range []string{"content/guides/a.md", "content/guides/b.md"} {
		fsys[name] = &fstest.MapFile{Data: bytes.Clone(body)}
	}
	clean := buildFS(t, fsys, Options{Minify: true})
	dir := t.TempDir()
	for _, build := range []string{"cold", "warm"} {
		got, warnings, _ := cachedBuild(t, fsys, dir, "test")
		if len(warnings) > 0 {
			t.Errorf("%s: warnings %q", build, warnings)
		}
		if !bytes.Equal(sitetest.Format(clean), sitetest.Format(got)) {
			t.Errorf("%s: the build differs from a clean one", build)
		}
	}
}

// TestCachedPagesReadFromOutput builds into a directory, where the next
// build reads the pages back instead of the cache holding their HTML, and
// changes the output behind sitegen's back in each way a person or a tool
// can: a page edited, or replaced by a link to a file outside with the
// very bytes, or the whole directory removed. The next build renders
// what it cannot read back as it wrote it, with no warning (the cache is
// not at fault), and writes what a clean build writes; the rest it reads
// back.
func TestCachedPagesReadFromOutput(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	opts := Options{Minify: true}
	want := buildFS(t, fsys, opts)
	pages := 0
	for name := range want {
		if strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "assets/") {
			pages++
		}
	}
	cacheDir, public, outside := t.TempDir(), filepath.Join(t.TempDir(), "public"), t.TempDir()
	page := filepath.Join(public, "n", "1", "index.html")
	build := func(step string, reusedPages int) {
		t.Helper()
		c := OpenCache(cacheDir, "test", func(msg string) { t.Errorf("%s: warning %s", step, msg) })
		if _, err := NewBuilder(testSchema, opts).UseCache(c).BuildDir(fsys, public); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		got := Output{}
		err := filepath.WalkDir(public, func(file string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				rel, _ := filepath.Rel(public, file)
				got[filepath.ToSlash(rel)], err = os.ReadFile(file)
			} else if err == nil && !d.IsDir() {
				t.Errorf("%s: %s is not a file", step, file)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		delete(got, MarkerFile)
		if !bytes.Equal(sitetest.Format(got), sitetest.Format(want)) {
			t.Errorf("%s: the output is not a clean build's", step)
		}
		// The pages rendered again take their bodies from the cache, but
		// in the first build.
		if bodies, n := c.Reused(); n != reusedPages || step != "first build" && n < pages && bodies == 0 {
			t.Errorf("%s: %d pages and %d bodies came from the cache, want %d pages and some bodies", step, n, bodies, reusedPages)
		}
	}
	build("first build", 0)
	build("unchanged", pages)

	// The cache holds no page's HTML: it is in public/ once, not twice.
	packs, _ := filepath.Glob(filepath.Join(cacheDir, "packs", "*.pack"))
	for _, pack := range packs {
		data, _ := os.ReadFile(pack)
		if bytes.Contains(data, []byte("<!doctype html>")) || bytes.Contains(data, []byte("<!DOCTYPE html>")) {
			t.Errorf("pack %s holds a page", pack)
		}
	}

	// An edit of the same length that keeps the CRC-32C too, as anyone who
	// can write public/ can make one: only a hash no edit can keep tells it.
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(data, []byte("<title>"), []byte("<title>X"), 1)
	edited = bytes.Replace(edited, []byte("</title>"), []byte("</title"), 1)
	keepCRC(edited, len(edited)-8, crc32.Checksum(data, castagnoli))
	if len(edited) != len(data) || bytes.Equal(edited, data) || crc32.Checksum(edited, castagnoli) != crc32.Checksum(data, castagnoli) {
		t.Fatal("the page was not edited, or not to its CRC")
	}
	if err := os.WriteFile(page, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	build("a page edited by hand", pages-1)

	// A link to a file outside, holding the page's bytes, is not read
	// through, and what it points to is left alone.
	target := filepath.Join(outside, "page.html")
	if err := os.WriteFile(target, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(page); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, page); err != nil {
		t.Fatal(err)
	}
	build("a page replaced by a link outside", pages-1)
	if got, err := os.ReadFile(target); err != nil || !bytes.Equal(got, data) {
		t.Errorf("the file outside changed: %v", err)
	}

	if err := os.RemoveAll(public); err != nil {
		t.Fatal(err)
	}
	build("the output removed", 0)
	build("unchanged again", pages)
}

// keepCRC changes the 4 bytes of d at p so that d's CRC-32C is want: the
// CRC of a change is linear in its bits, so the bits to flip solve 32
// equations over GF(2), by elimination.
func keepCRC(d []byte, p int, want uint32) {
	base := crc32.Checksum(d, castagnoli)
	type row struct{ effect, flips uint32 } // a set of bits to flip and what it does to the CRC
	var basis [32]row                       // by the top bit of effect
	for bit := range 32 {
		d[p+bit/8] ^= 1 << (bit % 8)
		r := row{crc32.Checksum(d, castagnoli) ^ base, 1 << bit}
		d[p+bit/8] ^= 1 << (bit % 8)
		for top := 31; top >= 0 && r.effect != 0; top-- {
			if r.effect>>top&1 == 0 {
				continue
			}
			if basis[top].effect == 0 {
				basis[top] = r
				break
			}
			r.effect ^= basis[top].effect
			r.flips ^= basis[top].flips
		}
	}
	var flips uint32
	for need, top := base^want, 31; top >= 0; top-- {
		if need>>top&1 == 1 {
			need ^= basis[top].effect
			flips ^= basis[top].flips
		}
	}
	for bit := range 32 {
		if flips>>bit&1 == 1 {
			d[p+bit/8] ^= 1 << (bit % 8)
		}
	}
}
