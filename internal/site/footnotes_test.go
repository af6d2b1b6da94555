package site

import (
	"reflect"
	"testing"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// A page with footnotes and a definition list builds (the footnotes'
// anchors, fn:1 and fnref:1, resolve), and the fast scanner reads it, minified
// or not, as the tokenizer does.
func TestFootnotePageLinks(t *testing.T) {
	for _, minify := range []bool{false, true} {
		fsys := sitetest.Archive(t, "testdata/basic.txtar")
		fsys["content/guides/nat.md"] = page("NAT", "## Symptoms\n\nOne-way audio[^1], twice[^1].\n\n[^1]: See [note 2](/n/2/#body).\n\nALG\n: A router's SIP helper.\n")
		out := buildFS(t, fsys, Options{Minify: minify})
		doc := out["guides/nat/index.html"]
		got, want := scanHTML(doc), tokenizerScan(doc)
		got.roots = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("minify %v:\nscanHTML  %v\ntokenizer %v", minify, got, want)
		}
		for _, id := range []string{"fn:1", "fnref:1", "fnref1:1"} {
			if !got.ids[id] {
				t.Errorf("minify %v: no id %q in\n%s", minify, id, doc)
			}
		}
	}
}
