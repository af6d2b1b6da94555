package site

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/registry"
)

// repoFS returns the repository's own site as an in-memory tree that a test
// may change.
func repoFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, dir := range []string{"content", "layouts", "assets"} {
		copyRepoTree(t, fsys, dir)
	}
	return fsys
}

// TestRepoSite builds the real site: it must load and render with no
// problem (links included) and have a page for every registered code.
func TestRepoSite(t *testing.T) {
	s, err := Load(repoFS(t), Options{Minify: true})
	if err != nil {
		t.Fatalf("the site has problems:\n%v", err)
	}
	out, err := s.Render()
	if err != nil {
		t.Fatalf("the site has problems:\n%v", err)
	}
	if !s.Settings.RequireAllCodes {
		t.Error("content/_index.md must set require_all_codes: true, or a missing page goes unnoticed")
	}
	for _, e := range registry.All {
		if _, ok := out[strconv.Itoa(e.Code)+"/index.html"]; !ok {
			t.Errorf("no page for %d %s", e.Code, e.Reason)
		}
	}
}

// TestRegistryGuards proves that the registry check catches the mistakes it
// is there for, on the real content.
func TestRegistryGuards(t *testing.T) {
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"wrong phrase", func(fsys fstest.MapFS) {
			replaceIn(t, fsys, "content/codes/486.md", "reason: Busy Here\n", "reason: Busy\n")
		}, `content/codes/486.md:3: reason "Busy" differs from the registered phrase "Busy Here"; put other phrasings in also_known_as`},
		{"missing page", func(fsys fstest.MapFS) {
			delete(fsys, "content/codes/608.md")
		}, "content/codes/608.md: missing: 608 Rejected is in the registry (internal/registry/codes.csv, from IANA), so it needs a page"},
		{"missing section", func(fsys fstest.MapFS) {
			replaceIn(t, fsys, "content/codes/503.md", "## Common causes\n", "## Causes\n")
		}, `section "Causes" where "## Common causes" belongs`},
		{"wrong status", func(fsys fstest.MapFS) {
			replaceIn(t, fsys, "content/codes/202.md", "status: deprecated", "status: current")
		}, `status "current", but the registry says deprecated`},
		{"wrong defining RFC", func(fsys fstest.MapFS) {
			replaceIn(t, fsys, "content/codes/422.md", "rfc: 4028", "rfc: 3261")
		}, "the first reference is RFC 3261; want RFC 4028, which defines 422"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := repoFS(t)
			tt.change(fsys)
			_, err := Load(fsys, Options{})
			if err == nil {
				t.Fatal("Load succeeded; want the registry check to fail")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant a line containing:\n%s", err, tt.want)
			}
		})
	}
}

func replaceIn(t *testing.T, fsys fstest.MapFS, file, old, new string) {
	t.Helper()
	f, ok := fsys[file]
	if !ok || !strings.Contains(string(f.Data), old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	f.Data = []byte(strings.Replace(string(f.Data), old, new, 1))
}
