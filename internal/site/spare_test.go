package site

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// beside lists what is in dir's parent but dir and its spare: what a build
// must not leave there.
func beside(dir string) []string {
	entries, _ := os.ReadDir(filepath.Dir(dir))
	var left []string
	for _, e := range entries {
		if p := filepath.Join(filepath.Dir(dir), e.Name()); p != dir && p != sparePath(dir) {
			left = append(left, e.Name())
		}
	}
	return left
}

// snapshot is every entry under dir, with its type and mode, what a file
// holds and where a link leads: equal snapshots are the same tree, byte
// for byte.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		v := info.Mode().String()
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			v += " -> " + target
		case info.Mode().IsRegular():
			data, _ := os.ReadFile(p)
			v += " " + string(data)
		}
		snap[rel] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// files reads the regular files under dir, but the marker.
func files(t *testing.T, dir string) Output {
	t.Helper()
	out := Output{}
	for rel, v := range snapshot(t, dir) {
		if mode, data, ok := strings.Cut(v, " "); ok && mode[0] == '-' && rel != MarkerFile {
			out[filepath.ToSlash(rel)] = []byte(data)
		}
	}
	return out
}

func inode(t *testing.T, file string) uint64 {
	t.Helper()
	info, err := os.Lstat(file)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}

// The old site, swapped out, is kept as the spare, and the next build
// writes into it: a file already right is not written again, a changed one
// is, and what the new site lacks (a file, a whole folder) is gone.
func TestSpareIsUpdated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	spare := sparePath(dir)
	builds := []Output{
		{"index.html": []byte("one"), "same.txt": []byte("same"), "a/b/index.html": []byte("deep"), "gone.txt": []byte("x")},
		{"index.html": []byte("two"), "same.txt": []byte("same"), "a/b/index.html": []byte("deep"), "gone.txt": []byte("x")},
		{"index.html": []byte("three"), "same.txt": []byte("same"), "new/index.html": []byte("new"), "a/index.html": []byte("a")},
	}
	for i, out := range builds {
		if i == 2 { // the spare holds the first build; note what the third may keep
			if got := files(t, spare); !maps.EqualFunc(got, builds[0], func(a, b []byte) bool { return string(a) == string(b) }) {
				t.Fatalf("the spare holds %v, want the first build", slices.Sorted(maps.Keys(got)))
			}
		}
		var sameInode uint64
		if i == 2 {
			sameInode = inode(t, filepath.Join(spare, "same.txt"))
			// Strays at the top and in a folder the third build keeps.
			os.WriteFile(filepath.Join(spare, "stray.txt"), []byte("put there"), 0o644)
			os.WriteFile(filepath.Join(spare, "a", "stray.txt"), []byte("put there"), 0o644)
			os.Mkdir(filepath.Join(spare, "a", "straydir"), 0o755)
		}
		if err := out.WriteDir(dir); err != nil {
			t.Fatal(err)
		}
		if got := files(t, dir); !maps.EqualFunc(got, out, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Errorf("build %d: the output holds %q, want %q", i+1, got, out)
		}
		if _, err := os.Lstat(filepath.Join(dir, MarkerFile)); err != nil {
			t.Errorf("build %d: no marker: %v", i+1, err)
		}
		if i == 2 && inode(t, filepath.Join(dir, "same.txt")) != sameInode {
			t.Error("a file the spare already held was written again")
		}
		if left := beside(dir); len(left) > 0 {
			t.Errorf("build %d: left beside the output: %v", i+1, left)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "a", "b")); !os.IsNotExist(err) {
		t.Errorf("a/b/, which the last build does not have, is still there: %v", err)
	}
}

// withSpare builds twice into a fresh dir, so that dir holds second and
// its spare first.
func withSpare(t *testing.T, first, second Output) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	for _, out := range []Output{first, second} {
		if err := out.WriteDir(dir); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Lstat(filepath.Join(sparePath(dir), MarkerFile)); err != nil {
		t.Fatalf("no spare after two builds: %v", err)
	}
	return dir
}

// A build that fails after it wrote its pages into the spare leaves the
// output directory exactly as it was.
func TestSpareFailedBuildKeepsOld(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	good := buildFS(t, fsys, Options{Minify: true})
	dir := withSpare(t, Output{"index.html": []byte("older"), "x/index.html": []byte("x")}, good)
	before := snapshot(t, dir)

	sitetest.Replace(t, fsys, "content/guides/nat.md", "One-way audio.", "One-way audio. [gone](/999/)")
	if _, err := NewBuilder(testSchema, Options{Minify: true}).BuildDir(fsys, dir); err == nil || !strings.Contains(err.Error(), "broken link /999/") {
		t.Fatalf("BuildDir: %v, want the broken link", err)
	}
	// A file that another needs as its folder is an error even though
	// the spare could hold either.
	if err := (Output{"x": []byte("file"), "x/index.html": []byte("dir")}).WriteDir(dir); err == nil {
		t.Errorf("a file under a file: %v", err)
	}
	if after := snapshot(t, dir); !maps.Equal(after, before) {
		t.Errorf("a failed build changed the output directory:\nbefore %v\nafter  %v", before, after)
	}
	if left := beside(dir); len(left) > 0 {
		t.Errorf("left beside the output: %v", left)
	}
	// The next good build still gives exactly the site.
	sitetest.Replace(t, fsys, "content/guides/nat.md", " [gone](/999/)", "")
	if _, err := NewBuilder(testSchema, Options{Minify: true}).BuildDir(fsys, dir); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); !maps.EqualFunc(got, good, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Errorf("after a failed build, a good one wrote %v", slices.Sorted(maps.Keys(got)))
	}
}

// Links planted in the old output (a file's, a folder's, a hard link, a
// FIFO) are removed as names and replaced: nothing outside is written,
// read through or waited on.
func TestSpareFollowsNoLink(t *testing.T) {
	outside := t.TempDir()
	victim, hard := filepath.Join(outside, "victim.txt"), filepath.Join(outside, "hard.txt")
	for _, f := range []string{victim, hard} {
		if err := os.WriteFile(f, []byte("the user's"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site := Output{"a/index.html": []byte("A"), "b/index.html": []byte("B"), "c/index.html": []byte("C"), "d.txt": []byte("the user's")}
	dir := withSpare(t, site, site)
	spare := sparePath(dir)
	for _, f := range []string{"a/index.html", "c/index.html", "d.txt"} {
		os.Remove(filepath.Join(spare, f))
	}
	os.RemoveAll(filepath.Join(spare, "b"))
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(victim, filepath.Join(spare, "a", "index.html")))
	must(os.Symlink(outside, filepath.Join(spare, "b")))
	must(os.Link(hard, filepath.Join(spare, "c", "index.html")))
	must(os.Symlink(victim, filepath.Join(spare, "d.txt"))) // the same bytes, through a link
	must(syscall.Mkfifo(filepath.Join(spare, "fifo"), 0o644))
	must(syscall.Mkfifo(filepath.Join(spare, "e.txt"), 0o644))
	before := snapshot(t, outside)

	site["e.txt"] = []byte("E")
	if err := site.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, outside); !maps.Equal(after, before) {
		t.Errorf("a build wrote outside its output through a link:\nbefore %v\nafter  %v", before, after)
	}
	snap := snapshot(t, dir)
	for rel, v := range snap {
		if !strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "d") {
			t.Errorf("%s in the output is %s, want a plain file or folder", rel, v)
		}
	}
	if got := files(t, dir); !maps.EqualFunc(got, site, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Errorf("the output holds %q, want %q", got, site)
	}
	if inode(t, filepath.Join(dir, "c", "index.html")) == inode(t, hard) {
		t.Error("the output still shares a file with the user's")
	}
}

// A folder of the user's that has the spare's name is neither used nor
// removed: the old site is removed instead, as without a spare.
func TestSpareOfTheUsersIsLeftAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	users := sparePath(dir)
	if err := os.MkdirAll(filepath.Join(users, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(users, "a", "index.html"), []byte("mine"), 0o644)
	before := snapshot(t, users)
	for i := range 3 {
		out := Output{"a/index.html": fmt.Appendf(nil, "build %d", i)}
		if err := out.WriteDir(dir); err != nil {
			t.Fatal(err)
		}
		if got := files(t, dir); string(got["a/index.html"]) != fmt.Sprintf("build %d", i) || len(got) != 1 {
			t.Errorf("build %d wrote %q", i, got)
		}
	}
	if after := snapshot(t, users); !maps.Equal(after, before) {
		t.Errorf("the user's %s changed:\nbefore %v\nafter  %v", users, before, after)
	}
	if left := beside(dir); len(left) > 0 {
		t.Errorf("left beside the output: %v", left)
	}
}

// holds compares a file with the bytes wanted, in chunks, without
// following a link.
func TestHolds(t *testing.T) {
	dir := t.TempDir()
	big := []byte(strings.Repeat("0123456789abcdef", 10_000)) // several reads
	other := append([]byte(nil), big...)
	other[len(other)-1] = 'X'
	file := filepath.Join(dir, "f")
	for _, tt := range []struct {
		on, want []byte
		holds    bool
	}{
		{big, big, true}, {big, other, false}, {big, big[:len(big)-1], false},
		{[]byte{}, []byte{}, true}, {[]byte("a"), []byte{}, false}, {[]byte("ab"), []byte("ba"), false},
	} {
		if err := os.WriteFile(file, tt.on, 0o644); err != nil {
			t.Fatal(err)
		}
		if got := holds(file, tt.want); got != tt.holds {
			t.Errorf("holds(%d bytes, %d bytes) = %v, want %v", len(tt.on), len(tt.want), got, tt.holds)
		}
	}
	link := filepath.Join(dir, "link")
	os.Symlink(file, link)
	if holds(link, []byte("ab")) {
		t.Error("holds followed a symbolic link")
	}
}
