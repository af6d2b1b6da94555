package sip

import (
	"bytes"
	"maps"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/site"
	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// TestWatchMatchesCleanBuild edits the repository's site as watch mode
// does, telling the builder only the file saved, and wants every rebuild to
// equal a clean build: a page's body, the front matter that the search
// index, the API and other pages show, and a platform table under data/,
// which the kept site-wide files (Site.Keep) are made of. Each edit must
// change some output, or it would test nothing.
func TestWatchMatchesCleanBuild(t *testing.T) {
	fsys := sitetest.WithRepoTrees(t, fstest.MapFS{}, "content", "layouts", "assets", "data")
	b := site.NewBuilder(Schema, site.Options{Minify: true}).Incremental()
	last, _, err := b.BuildOutput(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ name, file, old, new string }{
		{"body", "content/codes/486.md", "there is nothing to fix.", "there is nothing to mend."},
		{"summary", "content/codes/486.md", "will not take another call now", "cannot take another call now"},
		{"reason alias", "content/codes/486.md", "also_known_as: []", "also_known_as: [Line Busy]"},
		{"platform table", "data/platforms/asterisk.yaml", "{cause: 17, name: USER_BUSY, line: 107}", "{cause: 17, name: USER_BUSY_NOW, line: 107}"},
	} {
		sitetest.Replace(t, fsys, step.file, step.old, step.new)
		b.Changed([]string{step.file}, false)
		kept, _, err := b.BuildOutput(fsys)
		if err != nil {
			t.Fatalf("after the %s edit: %v", step.name, err)
		}
		clean := build(t, fsys, site.Options{Minify: true})
		if maps.EqualFunc(kept, last, bytes.Equal) {
			t.Errorf("the %s edit changed no output", step.name)
		}
		for _, name := range slices.Sorted(maps.Keys(clean)) {
			if !bytes.Equal(kept[name], clean[name]) {
				t.Errorf("after the %s edit: %s differs from a clean build", step.name, name)
			}
		}
		if len(kept) != len(clean) {
			t.Errorf("after the %s edit: %d files, a clean build has %d", step.name, len(kept), len(clean))
		}
		last = kept
	}
}
