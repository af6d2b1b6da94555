package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// mkSite makes a source tree with content/, layouts/ and assets/, and a
// file of the user's beside them.
func mkSite(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	for _, d := range []string{"content", "layouts", "assets", ".git"} {
		if err := os.MkdirAll(filepath.Join(src, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(src, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}

func TestCheckOutDirRefusesSources(t *testing.T) {
	src := mkSite(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	os.Symlink(src, filepath.Join(filepath.Dir(src), "alias"))
	tests := []struct {
		out, want string
	}{
		{src, "is the source directory"},
		{filepath.Join(filepath.Dir(src), "alias"), "is the source directory"},
		{src + "/.", "is the source directory"},
		{filepath.Dir(src), "holds the source directory"},
		{"/", "holds the source directory"},
		{filepath.Join(src, "content"), "is inside content/"},
		{filepath.Join(src, "content", "public"), "is inside content/"},
		{filepath.Join(src, "layouts"), "is inside layouts/"},
		{filepath.Join(src, "assets", "x"), "is inside assets/"},
		{filepath.Join(src, ".git"), "is inside .git/"},
		{home, "is the home directory"},
		{filepath.Join(src, "notes.txt"), "exists and is not a directory"},
		{filepath.Dir(filepath.Dir(src)), "holds the source directory"},
	}
	for _, tt := range tests {
		err := CheckOutDir(src, tt.out)
		var oe *OutDirError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckOutDir(src, %s) = %v, want an OutDirError saying %q", tt.out, err, tt.want)
		}
	}
	for _, out := range []string{filepath.Join(src, "public"), filepath.Join(t.TempDir(), "new", "public"), t.TempDir()} {
		if err := CheckOutDir(src, out); err != nil {
			t.Errorf("CheckOutDir(src, %s) = %v, want nil", out, err)
		}
	}
}

func TestCheckOutDirRefusesForeignDir(t *testing.T) {
	src := mkSite(t)
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "thesis.tex"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := CheckOutDir(src, out)
	if err == nil || !strings.Contains(err.Error(), "holds files that sitegen did not write") {
		t.Fatalf("CheckOutDir on a directory of the user's = %v", err)
	}
	if err := (Output{"index.html": []byte("x")}).WriteDir(out); err == nil {
		t.Fatal("WriteDir replaced a directory sitegen did not write")
	}
	if data, _ := os.ReadFile(filepath.Join(out, "thesis.tex")); string(data) != "mine" {
		t.Fatalf("the user's file is gone")
	}
	// Once sitegen has written a directory, it may write it again.
	mine := filepath.Join(t.TempDir(), "public")
	for range 2 {
		if err := (Output{"index.html": []byte("x")}).WriteDir(mine); err != nil {
			t.Fatal(err)
		}
		if err := CheckOutDir(src, mine); err != nil {
			t.Fatal(err)
		}
	}
}

// A killed build leaves its temporary directory; the next build removes
// it, and leaves alone a directory of the user's with a similar name.
func TestWriteDirRemovesLeftovers(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	left, err := makeMarked(parent, ".public.new-")
	if err != nil {
		t.Fatal(err)
	}
	users := filepath.Join(parent, ".public.new-mine")
	if err := os.Mkdir(users, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := (Output{"index.html": []byte("x")}).WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("the leftover %s survived a build", left)
	}
	if _, err := os.Stat(users); err != nil {
		t.Errorf("a directory of the user's was removed: %v", err)
	}
}

func TestRemoveTemporaries(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	w, err := newDirWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.write("index.html", []byte("x"))
	RemoveTemporaries()
	if _, err := os.Stat(w.tmp); !os.IsNotExist(err) {
		t.Errorf("RemoveTemporaries left %s", w.tmp)
	}
	w.finish(false)
	if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 0 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// An output directory that is a mount point (a Docker volume) cannot be
// renamed; its contents are swapped instead.
func TestWriteDirMountPoint(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("CI runs as root, to mount a tmpfs for this test")
		}
		t.Skip("mounting a tmpfs needs root")
	}
	dir := filepath.Join(t.TempDir(), "public")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size=8m"); err != nil {
		t.Fatalf("mount tmpfs: %v", err)
	}
	defer unix.Unmount(dir, unix.MNT_DETACH)
	if !isMountPoint(dir) {
		t.Fatal("isMountPoint does not see the tmpfs")
	}
	for _, out := range []Output{
		{"index.html": []byte("one"), "a/old.txt": []byte("stale")},
		{"index.html": []byte("two"), "b/new.txt": []byte("new")},
	} {
		if err := out.WriteDir(dir); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != MarkerFile+" b index.html" {
		t.Errorf("mount point holds %q after two builds", got)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(data) != "two" {
		t.Errorf("index.html = %q", data)
	}
}
