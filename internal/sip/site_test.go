package sip

import (
	"bytes"
	"flag"
	"path"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/site"
	"github.com/sipcodes/sipcodes/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite golden files from current output")

// build builds the site in fsys with the SIP schema, in memory.
func build(t testing.TB, fsys fstest.MapFS, opts site.Options) site.Output {
	t.Helper()
	out, _, err := site.NewBuilder(Schema, opts).BuildOutput(fsys)
	if err != nil {
		t.Fatalf("build:\n%v", err)
	}
	return out
}

// buildErr builds the site in fsys and returns its problems.
func buildErr(fsys fstest.MapFS) error {
	_, err := site.NewBuilder(Schema, site.Options{}).Build(fsys, func(string, []byte) error { return nil })
	return err
}

// TestGolden builds testdata/basic.txtar, a small SIP site with layouts of
// its own, and holds it to basic.golden.
func TestGolden(t *testing.T) {
	// Unminified, so that a diff of the golden file shows the change.
	sitetest.Golden(t, "testdata/basic.golden", sitetest.Format(build(t, sitetest.Archive(t, "testdata/basic.txtar"), site.Options{})), *update)
}

// TestMinifiedPagesMeanTheSame: pages rendered with the repository's
// layouts minified are the pages rendered with the layouts as written,
// less whitespace. Both, minified once more, are the same bytes (but for
// the fingerprints of the assets, which are minified too); so the
// minifier, working on templates, did not change what any page says.
func TestMinifiedPagesMeanTheSame(t *testing.T) {
	fingerprint := regexp.MustCompile(`/assets/([^."]+)\.[0-9a-f]{10}\.`)
	fsys := sitetest.WithRepoTrees(t, sitetest.Archive(t, "testdata/basic.txtar"), "layouts", "assets")
	plain, minified := build(t, fsys, site.Options{}), build(t, fsys, site.Options{Minify: true})
	pages := 0
	for name, data := range plain {
		if path.Ext(name) != ".html" {
			continue
		}
		pages++
		if len(minified[name]) >= len(data) {
			t.Errorf("%s: %d bytes minified, %d not", name, len(minified[name]), len(data))
		}
		a, err := site.Minify("text/html", data)
		if err != nil {
			t.Fatal(err)
		}
		b, err := site.Minify("text/html", minified[name])
		if err != nil {
			t.Fatal(err)
		}
		a = fingerprint.ReplaceAll(a, []byte("/assets/$1.HASH."))
		b = fingerprint.ReplaceAll(b, []byte("/assets/$1.HASH."))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the page from minified layouts says something else:\n%s\nwant\n%s", name, b, a)
		}
	}
	if pages < 5 {
		t.Fatalf("only %d pages", pages)
	}
}

// The facts box says what RFC 3398 §8.2.6.1 has a gateway send when a page
// gives no cause: the table's "no mapping" for 487, the Warning header for
// 488 and 606, and cause 31 for a code the table does not list.
func TestQ850Rule(t *testing.T) {
	seventeen := 17
	for _, tt := range []struct {
		code int
		q850 *int
		want string
	}{
		{486, &seventeen, ""}, {183, nil, ""}, {302, nil, ""},
		{487, nil, "none"}, {488, nil, "warning"}, {606, nil, "warning"},
		{422, nil, "default"}, {580, nil, "default"}, {608, nil, "default"},
	} {
		if got := (&CodeView{Code: tt.code, Q850: tt.q850}).Q850Rule(); got != tt.want {
			t.Errorf("Q850Rule(%d) = %q, want %q", tt.code, got, tt.want)
		}
	}
}
