package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

func TestWriteDirReplacesWholeTree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if err := (Output{"a/index.html": []byte("one"), "old.txt": []byte("stale")}).WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	if err := (Output{"a/index.html": []byte("two")}).WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a", "index.html")); string(got) != "two" {
		t.Errorf("a/index.html = %q, want two", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "old.txt")); !os.IsNotExist(err) {
		t.Errorf("stale file survived: %v", err)
	}
	if left := beside(dir); len(left) > 0 {
		t.Errorf("leftovers beside the output: %v", left)
	}
}

func TestWriteDirFailureKeepsOld(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if err := (Output{"index.html": []byte("good")}).WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	// A file and a directory of the same name cannot both be written.
	bad := Output{"x": []byte("file"), "x/index.html": []byte("dir")}
	if err := bad.WriteDir(dir); err == nil {
		t.Fatal("WriteDir succeeded; want an error")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(got) != "good" {
		t.Errorf("index.html = %q after a failed write, want the old content", got)
	}
	if left := beside(dir); len(left) > 0 {
		t.Errorf("leftovers beside the output after a failure: %v", left)
	}
}

func TestWriteDirRefusesBadPaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if err := (Output{"../escape": []byte("x")}).WriteDir(dir); err == nil {
		t.Fatal("WriteDir wrote outside its directory")
	}
}

func TestWriteChanged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	first := Output{"index.html": []byte("home"), "a/b/index.html": []byte("deep"), "same.txt": []byte("same")}
	if err := first.WriteChanged(dir, nil); err != nil {
		t.Fatal(err)
	}
	// Mark an unchanged file, to see that it is not rewritten.
	marker := filepath.Join(dir, "same.txt")
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(marker, old, old); err != nil {
		t.Fatal(err)
	}
	second := Output{"index.html": []byte("home 2"), "same.txt": []byte("same"), "new/index.html": []byte("new")}
	if err := second.WriteChanged(dir, first); err != nil {
		t.Fatal(err)
	}
	for name, want := range second {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != string(want) {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Errorf("a/ should be gone with its only file: %v", err)
	}
	if info, _ := os.Stat(marker); !info.ModTime().Equal(old) {
		t.Error("an unchanged file was rewritten")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// BuildDir, which writes pages as they are rendered, writes what
// BuildOutput makes in memory, and says how many files.
func TestBuildDirWritesOutput(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	want := buildFS(t, fsys, Options{Minify: true})
	dir := filepath.Join(t.TempDir(), "public")
	st, err := NewBuilder(testSchema, Options{Minify: true}).BuildDir(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	got := Output{}
	err = filepath.WalkDir(dir, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, file)
		got[filepath.ToSlash(rel)], err = os.ReadFile(file)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got[MarkerFile]; !ok {
		t.Errorf("BuildDir left no %s in the output", MarkerFile)
	}
	delete(got, MarkerFile)
	if st.Files != len(want) || st.Pages != 5 || st.Kinds["note"] != 2 || !bytes.Equal(sitetest.Format(got), sitetest.Format(want)) {
		t.Errorf("BuildDir wrote %d files (said %d, %+v), BuildOutput made %d, or their contents differ", len(got), st.Files, st, len(want))
	}
}

// A build that fails once pages are written (a broken link is found only
// when everything is built) leaves the directory as it was, and nothing
// beside it.
func TestBuildDirFailureKeepsOld(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	sitetest.Replace(t, fsys, "content/guides/nat.md", "One-way audio.", "One-way audio. [gone](/999/)")
	dir := filepath.Join(t.TempDir(), "public")
	if err := (Output{"index.html": []byte("good")}).WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := NewBuilder(testSchema, Options{Minify: true}).BuildDir(fsys, dir); err == nil || !strings.Contains(err.Error(), "broken link /999/") {
		t.Fatalf("BuildDir: %v, want the broken link", err)
	}
	entries, _ := os.ReadDir(dir) // index.html and MarkerFile
	if got, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(got) != "good" || len(entries) != 2 {
		t.Errorf("after a failed build the directory holds %d entries, index.html %q", len(entries), got)
	}
	if left := beside(dir); len(left) > 0 {
		t.Errorf("leftovers beside the output after a failure: %v", left)
	}
}
