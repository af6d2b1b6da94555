package site_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/sip"
	"github.com/sipcodes/sipcodes/internal/site"
	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// TestCachedPartialsOfTheRepositoryLayouts builds a site with the
// repository's layouts, whose header is cached by kind, class and
// current navigation entry, with every cached partial also run for each
// page and compared (site.VerifyCached): a key that misses something the
// header reads fails the build. It then checks what must differ from
// page to page: the edit and report links name the page's own source, and
// the header marks the page itself as current.
func TestCachedPartialsOfTheRepositoryLayouts(t *testing.T) {
	*site.VerifyCached = true
	defer func() { *site.VerifyCached = false }()
	fsys := sitetest.WithRepoTrees(t, sitetest.Archive(t, "../sip/testdata/basic.txtar"), "layouts", "assets")
	for _, name := range []string{"about", "contact"} {
		fsys["content/"+name+".md"] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: T %s\nsummary: S %s.\n---\nText.\n", name, name)}
	}
	for _, minify := range []bool{false, true} {
		out, _, err := site.NewBuilder(sip.Schema, site.Options{Minify: minify}).BuildOutput(fsys)
		if err != nil {
			t.Fatalf("minify %v: %v", minify, err)
		}
		for page, source := range map[string]string{
			"486/index.html":        "content/codes/486.md",
			"4xx/index.html":        "content/classes/4xx.md",
			"about/index.html":      "content/about.md",
			"contact/index.html":    "content/contact.md",
			"guides/nat/index.html": "content/guides/nat.md",
		} {
			html := string(out[page])
			edits := regexp.MustCompile(`href="?(https://git\.example/site/[^" >]*)`).FindAllStringSubmatch(html, -1)
			if len(edits) != 2 || !strings.HasSuffix(edits[0][1], source) || !strings.Contains(edits[1][1], "issues/new?title=Problem&#43;on&#43;"+url.QueryEscape("/"+strings.TrimSuffix(page, "index.html"))+"%3A") {
				t.Errorf("minify %v: %s: edit and report links %q, want them for %s", minify, page, edits, source)
			}
		}
		for page, current := range map[string]string{
			"about/index.html":   "T about",
			"contact/index.html": "T contact",
			"4xx/index.html":     "4xx",
		} {
			currents := regexp.MustCompile(`aria-current="?(?:page|true)"?>([^<]*)<`).FindAllStringSubmatch(string(out[page]), -1)
			if len(currents) != 1 || currents[0][1] != current {
				t.Errorf("minify %v: %s: the header marks %q as current, want %q", minify, page, currents, current)
			}
		}
	}
}
