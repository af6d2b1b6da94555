package sip

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/registry"
	"github.com/sipcodes/sipcodes/internal/site"
	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// registrySite returns testdata/basic.txtar grown to a page for every code
// of the registry, each made from the registry's own row, with
// require_all_codes set: a complete site that no change to the real
// content can break.
func registrySite(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	sitetest.Replace(t, fsys, "content/_index.md", "repo_url:", "require_all_codes: true\nrepo_url:")
	for class := 1; class <= 6; class++ {
		name := fmt.Sprintf("content/classes/%dxx.md", class)
		if fsys[name] == nil {
			fsys[name] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Class %d\nsummary: Codes %dxx.\n---\nText.\n", class, class)}
		}
	}
	for _, e := range registry.All {
		name := fmt.Sprintf("content/codes/%d.md", e.Code)
		if fsys[name] != nil {
			continue
		}
		fault := "caller"
		if e.Code < 300 {
			fault = "none"
		}
		fsys[name] = &fstest.MapFile{Data: fmt.Appendf(nil, `---
code: %d
reason: %s
summary: A page made from the registry.
status: %s
references:
  - {rfc: %d}
fault: %s
reviewed: 2026-12-01
---
## In short
Short.
## What it means
Meaning.
## Common causes
Causes.
## How to fix
Fixes.
## Example
`+"```sip\nSIP/2.0 %d %s\n```"+`
## Related codes
None.
`, e.Code, e.Reason, e.Status, e.RFC, fault, e.Code, e.Reason)}
	}
	return fsys
}

// TestRegistrySite: a site with a page for every registered code, each as
// the registry has it, loads and renders with no problem.
func TestRegistrySite(t *testing.T) {
	if _, _, err := site.NewBuilder(Schema, site.Options{Minify: true}).BuildOutput(registrySite(t)); err != nil {
		t.Fatalf("the site has problems:\n%v", err)
	}
}

// TestRegistryGuards proves that the registry check catches the mistakes it
// is there for.
func TestRegistryGuards(t *testing.T) {
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"wrong phrase", func(fsys fstest.MapFS) {
			sitetest.Replace(t, fsys, "content/codes/486.md", "reason: Busy Here\n", "reason: Busy\n")
		}, `content/codes/486.md:3: reason "Busy" differs from the registered phrase "Busy Here"; put other phrasings in also_known_as`},
		{"missing page", func(fsys fstest.MapFS) {
			delete(fsys, "content/codes/608.md")
		}, "content/codes/608.md: missing: 608 Rejected is in the registry (internal/registry/codes.csv, from IANA), so it needs a page"},
		{"missing section", func(fsys fstest.MapFS) {
			sitetest.Replace(t, fsys, "content/codes/503.md", "## Common causes\n", "## Causes\n")
		}, `section "Causes" where "## Common causes" belongs`},
		{"wrong status", func(fsys fstest.MapFS) {
			sitetest.Replace(t, fsys, "content/codes/202.md", "status: deprecated", "status: current")
		}, `status "current", but the registry says deprecated`},
		{"wrong defining RFC", func(fsys fstest.MapFS) {
			sitetest.Replace(t, fsys, "content/codes/422.md", "rfc: 4028", "rfc: 3261")
		}, "the first reference is RFC 3261; want RFC 4028, which defines 422"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := registrySite(t)
			tt.change(fsys)
			err := buildErr(fsys)
			if err == nil {
				t.Fatal("the build succeeded; want the registry check to fail")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant a line containing:\n%s", err, tt.want)
			}
		})
	}
}
