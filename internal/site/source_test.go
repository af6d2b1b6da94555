//go:build linux

package site

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Source reads what is inside the site, through links that stay inside,
// and refuses links that lead out and files that are not regular, the
// same through openat2 and through os.Root.
func TestSourceStaysInside(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	for _, d := range []string{"site/content/sub", "outside"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site/content/a.txt", "inside")
	write("outside/secret.txt", "secret")
	links := map[string]string{
		"content/same.txt":      "a.txt",
		"content/sub/up.txt":    "../a.txt",
		"content/rel-out.txt":   "../../outside/secret.txt",
		"content/abs-out.txt":   filepath.Join(dir, "outside", "secret.txt"),
		"content/proc.txt":      "/proc/self/environ",
		"content/fifo-link.txt": "fifo",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(site, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(site, "content", "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]error{
		"content/a.txt": nil, "content/same.txt": nil, "content/sub/up.txt": nil,
		"content/rel-out.txt": errOutside, "content/abs-out.txt": errOutside, "content/proc.txt": errOutside,
		"content/fifo": errNotRegular, "content/fifo-link.txt": errNotRegular,
	}
	src, err := OpenSource(site)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	for _, slow := range []bool{false, true} {
		noOpenat2.Store(slow)
		for name, wantErr := range want {
			data, err := src.ReadFile(name)
			switch {
			case wantErr == nil && (err != nil || string(data) != "inside"):
				t.Errorf("os.Root only %v: %s: %q, %v; want the file inside", slow, name, data, err)
			case wantErr != nil && !errors.Is(err, wantErr):
				t.Errorf("os.Root only %v: %s: %q, %v; want %v", slow, name, data, err, wantErr)
			}
		}
	}
	noOpenat2.Store(false)
}
