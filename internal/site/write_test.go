package site

import (
	"os"
	"path/filepath"
	"testing"
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
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("leftovers beside the output: %v", entries)
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
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("leftovers beside the output after a failure: %v", entries)
	}
}

func TestWriteDirRefusesBadPaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if err := (Output{"../escape": []byte("x")}).WriteDir(dir); err == nil {
		t.Fatal("WriteDir wrote outside its directory")
	}
}
