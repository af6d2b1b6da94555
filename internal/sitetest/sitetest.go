// Package sitetest holds the helpers that tests of the generator share:
// sites as txtar archives in memory, the repository's own layouts and
// assets, and a build's output as one text to compare.
package sitetest

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"
)

// Archive returns the files of the txtar archive at file as a file
// system. A site's archive carries its own layouts and assets, so that
// its golden file changes only when the generator does.
func Archive(t testing.TB, file string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// WithRepoTrees replaces the files of fsys under each of dirs with the
// repository's: for the tests that hold something to the real layouts
// and assets.
func WithRepoTrees(t testing.TB, fsys fstest.MapFS, dirs ...string) fstest.MapFS {
	t.Helper()
	repo := os.DirFS(Root(t))
	for _, dir := range dirs {
		for name := range fsys {
			if strings.HasPrefix(name, dir+"/") {
				delete(fsys, name)
			}
		}
		err := fs.WalkDir(repo, dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(repo, name)
			fsys[name] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

// Root returns the repository's root: the nearest directory above the
// test's that holds go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// Format writes files as one txtar archive, in name order.
func Format(files map[string][]byte) []byte {
	a := &txtar.Archive{}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		a.Files = append(a.Files, txtar.File{Name: name, Data: files[name]})
	}
	return txtar.Format(a)
}

// Golden compares got with the golden file, or, with update set (the
// tests' -update flag), rewrites the file from got.
func Golden(t testing.TB, golden string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: output changed; rerun with -update and review the diff", golden)
	}
}

// Replace replaces the first old in the file of fsys with new, and fails
// the test if the file does not hold old.
func Replace(t testing.TB, fsys fstest.MapFS, file, old, new string) {
	t.Helper()
	f, ok := fsys[file]
	if !ok || !strings.Contains(string(f.Data), old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), old, new, 1))}
}
