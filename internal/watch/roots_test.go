package watch

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// site makes a source directory with content/ and layouts/ (no assets/)
// and returns it.
func site(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	for _, dir := range []string{"content/codes", "layouts"} {
		if err := os.MkdirAll(filepath.Join(src, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(src, "content", "codes", "486.md"), "busy")
	write(t, filepath.Join(src, "layouts", "page.html"), "<article>")
	return src
}

// startSite watches src's three roots as the command does, hiding out.
func startSite(t *testing.T, src, out string, delay time.Duration) (*Watcher, chan []string) {
	t.Helper()
	roots := []string{filepath.Join(src, "content"), filepath.Join(src, "layouts"), filepath.Join(src, "assets")}
	return startWith(t, roots, out, delay)
}

// await waits, with one deadline for them all, until the change lists
// reported have included every path in want, and returns what they held.
func await(t *testing.T, calls chan []string, want ...string) []string {
	t.Helper()
	var got []string
	deadline := time.After(5 * time.Second)
	for slices.ContainsFunc(want, func(p string) bool { return !slices.Contains(got, p) }) {
		select {
		case c := <-calls:
			got = append(got, c...)
		case <-deadline:
			t.Fatalf("within 5s, changes reported %v, want all of %v", got, want)
		}
	}
	return got
}

// edited checks that an edit to file is reported as reported: the watcher
// is not deaf there.
func edited(t *testing.T, calls chan []string, file, reported string) {
	t.Helper()
	write(t, file, "edited at "+time.Now().String())
	await(t, calls, reported)
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// copyTree copies the directory from to a new directory to, as cp -r does.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	mustDo(t, os.CopyFS(to, os.DirFS(from)))
}

// F6: `mv content content.bak && mv content.bak content` gives one rebuild,
// and edits inside content/ are seen afterwards.
func TestRootMovedAwayAndBack(t *testing.T) {
	src := site(t)
	content := filepath.Join(src, "content")
	page := filepath.Join(content, "codes", "486.md")
	// A quiet period long enough that the two renames, done at once, are
	// one burst even on a loaded machine.
	_, calls := startSite(t, src, "", 200*time.Millisecond)

	mustDo(t, os.Rename(content, content+".bak"))
	mustDo(t, os.Rename(content+".bak", content))
	got := next(t, calls)
	if !slices.Contains(got, content) {
		t.Errorf("moving content away and back: got %v, want content reported", got)
	}
	none(t, calls) // one rebuild, not one per rename

	edited(t, calls, page, page)
	// A new directory inside the returned root is followed too.
	deep := filepath.Join(content, "guides")
	mustDo(t, os.Mkdir(deep, 0o755))
	await(t, calls, deep)
	edited(t, calls, filepath.Join(deep, "nat.md"), filepath.Join(deep, "nat.md"))
}

// F6: a root removed is reported (the build then says it is missing); one
// re-created by a copy is watched again and its files are reported.
func TestRootRemovedAndRecreated(t *testing.T) {
	src := site(t)
	content := filepath.Join(src, "content")
	backup := filepath.Join(t.TempDir(), "backup")
	copyTree(t, content, backup)
	w, calls := startSite(t, src, "", 20*time.Millisecond)

	mustDo(t, os.RemoveAll(content))
	await(t, calls, content)
	if dirs := w.Dirs(); slices.ContainsFunc(dirs, func(d string) bool { return within(d, content) }) {
		t.Errorf("removed root still watched: %v", dirs)
	}

	copyTree(t, backup, content)
	page := filepath.Join(content, "codes", "486.md")
	await(t, calls, content, page)
	edited(t, calls, page, page)
}

// F6: a root missing at start is watched once it is created, and the files
// already written into it by then are reported.
func TestRootMissingAtStart(t *testing.T) {
	src := site(t)
	assets := filepath.Join(src, "assets")
	_, calls := startSite(t, src, "", 20*time.Millisecond)

	mustDo(t, os.MkdirAll(filepath.Join(assets, "img"), 0o755))
	css := filepath.Join(assets, "site.css")
	write(t, css, "body{}")
	await(t, calls, assets, css)
	edited(t, calls, css, css)
	logo := filepath.Join(assets, "img", "logo.svg")
	edited(t, calls, logo, logo)
}

// F6: a root replaced by a link to a directory inside the site is watched
// through the link, also when the directory it leads to is removed and
// comes back.
func TestRootReplacedByLinkInside(t *testing.T) {
	src := site(t)
	content := filepath.Join(src, "content")
	alt := filepath.Join(src, "alt")
	copyTree(t, content, alt)
	_, calls := startSite(t, src, "", 20*time.Millisecond)

	mustDo(t, os.RemoveAll(content))
	mustDo(t, os.Symlink("alt", content))
	page := filepath.Join(content, "codes", "486.md") // as seen through the link
	await(t, calls, content, page)
	edited(t, calls, filepath.Join(alt, "codes", "486.md"), page)

	backup := filepath.Join(t.TempDir(), "backup")
	copyTree(t, alt, backup)
	mustDo(t, os.RemoveAll(alt))
	await(t, calls, content)
	copyTree(t, backup, alt)
	await(t, calls, content, page)
	edited(t, calls, filepath.Join(alt, "codes", "486.md"), page)
}

// F6: a root replaced by a link that leads out of the site is reported, for
// the build to refuse, but nothing outside the site is watched.
func TestRootReplacedByLinkOutside(t *testing.T) {
	src := site(t)
	content := filepath.Join(src, "content")
	outside := t.TempDir()
	w, calls := startSite(t, src, "", 20*time.Millisecond)

	mustDo(t, os.RemoveAll(content))
	await(t, calls, content)
	mustDo(t, os.Symlink(outside, content))
	await(t, calls, content)
	if dirs := w.Dirs(); slices.ContainsFunc(dirs, func(d string) bool { return within(d, content) }) {
		t.Errorf("a link out of the site is watched: %v", dirs)
	}
	write(t, filepath.Join(outside, "secret.md"), "x")
	none(t, calls)

	// Replacing the link by a directory again is seen.
	mustDo(t, os.Remove(content))
	mustDo(t, os.Mkdir(content, 0o755))
	page := filepath.Join(content, "486.md")
	write(t, page, "back")
	await(t, calls, page)
}

// The site's other entries do not count: only the roots are watched in it.
func TestSiteOtherEntriesIgnored(t *testing.T) {
	src := site(t)
	_, calls := startSite(t, src, "", 20*time.Millisecond)

	write(t, filepath.Join(src, "README.md"), "hello")
	mustDo(t, os.MkdirAll(filepath.Join(src, "public", "486"), 0o755))
	write(t, filepath.Join(src, "public", "486", "index.html"), "page")
	mustDo(t, os.MkdirAll(filepath.Join(src, ".git", "refs"), 0o755))
	write(t, filepath.Join(src, ".git", "HEAD"), "ref: refs/heads/main")
	mustDo(t, os.Rename(filepath.Join(src, "README.md"), filepath.Join(src, "README")))
	none(t, calls)
}

// F15: the output directory is hidden by its path, not its name: with
// --out /x/codes, content/codes is watched.
func TestOutHiddenByPathNotName(t *testing.T) {
	src := site(t)
	out := filepath.Join(t.TempDir(), "x", "codes")
	mustDo(t, os.MkdirAll(out, 0o755))
	_, calls := startSite(t, src, out, 20*time.Millisecond)

	page := filepath.Join(src, "content", "codes", "486.md")
	edited(t, calls, page, page)
	write(t, filepath.Join(out, "index.html"), "x") // outside the roots: not watched at all
	none(t, calls)
}

// F15: an output directory inside a root is hidden with its tree, even if
// created after the start; a directory elsewhere with the same name is not.
func TestOutInsideRootHidden(t *testing.T) {
	src := site(t)
	out := filepath.Join(src, "content", "public")
	w, calls := startSite(t, src, out, 20*time.Millisecond)

	mustDo(t, os.MkdirAll(filepath.Join(out, "486"), 0o755))
	write(t, filepath.Join(out, "486", "index.html"), "page")
	write(t, filepath.Join(out, "index.html"), "home")
	none(t, calls)
	if dirs := w.Dirs(); slices.ContainsFunc(dirs, func(d string) bool { return within(d, out) }) {
		t.Errorf("output directory watched: %v", dirs)
	}

	other := filepath.Join(src, "content", "codes", "public")
	mustDo(t, os.Mkdir(other, 0o755))
	page := filepath.Join(other, "a.md")
	write(t, page, "x")
	await(t, calls, page)
}

// F15: the output directory is recognised through a root that links to
// the directory holding it, and when given by a relative path.
func TestOutThroughLinkedRoot(t *testing.T) {
	src := site(t)
	content := filepath.Join(src, "content")
	alt := filepath.Join(src, "alt")
	mustDo(t, os.Rename(content, alt))
	mustDo(t, os.Symlink("alt", content))
	mustDo(t, os.MkdirAll(filepath.Join(alt, "public"), 0o755))
	t.Chdir(src)
	out := filepath.Join("alt", "public") // the command may be given any form of it
	_, calls := startSite(t, src, out, 20*time.Millisecond)

	write(t, filepath.Join(alt, "public", "index.html"), "home")
	none(t, calls)
	page := filepath.Join(content, "codes", "486.md")
	edited(t, calls, filepath.Join(alt, "codes", "486.md"), page)
}

// A root given by a relative path is watched, and changes are reported by
// absolute paths.
func TestRelativeRoots(t *testing.T) {
	src := site(t)
	t.Chdir(src)
	_, calls := startWith(t, []string{"content", "layouts", "assets"}, "public", 20*time.Millisecond)

	page := filepath.Join(src, "content", "codes", "486.md")
	edited(t, calls, page, page)
	mustDo(t, os.RemoveAll(filepath.Join(src, "content")))
	got := await(t, calls, filepath.Join(src, "content"))
	for _, p := range got {
		if !filepath.IsAbs(p) && !strings.HasPrefix(p, Everything) {
			t.Errorf("relative path reported: %q", p)
		}
	}
}

// After the kernel's queue overflowed, the roots are looked at again: one
// that came while its events were lost is watched from then on.
func TestOverflowRereadsRoots(t *testing.T) {
	src := site(t)
	assets := filepath.Join(src, "assets")
	w, err := New([]string{filepath.Join(src, "content"), assets}, "", ignoreTemp)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// Lose the events: no longer watch the site, create assets/ unseen.
	mustDo(t, w.fsw.Remove(src))
	mustDo(t, os.Mkdir(assets, 0o755))
	css := filepath.Join(assets, "site.css")
	write(t, css, "body{}")

	pending := map[string]bool{}
	w.overflowed(pending)
	if !pending[Everything] || !pending[css] {
		t.Errorf("after an overflow: pending %v, want %s and %s", slices.Sorted(maps.Keys(pending)), Everything, css)
	}
	if !slices.Contains(w.Dirs(), assets) {
		t.Errorf("root created during an overflow not watched: %v", w.Dirs())
	}
}
