package site

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files from current output")

// siteFS returns the files of a txtar site. A site carries its own layouts
// and assets, so its golden file changes only when the generator does.
func siteFS(t testing.TB, archive *txtar.Archive) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range archive.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// withRepoLayouts replaces the layouts and assets of fsys with the
// repository's, for the tests that hold an optimisation to the plain way
// on the real templates (minified layouts, the link scanner).
func withRepoLayouts(t testing.TB, fsys fstest.MapFS) fstest.MapFS {
	t.Helper()
	for name := range fsys {
		if strings.HasPrefix(name, "layouts/") || strings.HasPrefix(name, "assets/") {
			delete(fsys, name)
		}
	}
	copyRepoTree(t, fsys, "layouts")
	copyRepoTree(t, fsys, "assets")
	return fsys
}

// copyRepoTree adds the files under the repository's dir to fsys.
func copyRepoTree(t testing.TB, fsys fstest.MapFS, dir string) {
	t.Helper()
	repo := os.DirFS(filepath.Join("..", ".."))
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

// archiveFS is siteFS of the txtar file named file.
func archiveFS(t testing.TB, file string) fstest.MapFS {
	t.Helper()
	archive, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return siteFS(t, archive)
}

// loadSite loads the site in a txtar file.
func loadSite(t testing.TB, file string, opts Options) *Site {
	t.Helper()
	s, err := Load(archiveFS(t, file), opts)
	if err != nil {
		t.Fatalf("Load:\n%v", err)
	}
	return s
}

// build renders the site in a txtar file.
func build(t testing.TB, file string, opts Options) Output {
	t.Helper()
	out, err := loadSite(t, file, opts).Render()
	if err != nil {
		t.Fatalf("Render:\n%v", err)
	}
	return out
}

// format writes out as a txtar archive, files in name order.
func format(out Output) []byte {
	a := &txtar.Archive{}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for name := range out {
			if !yield(name) {
				return
			}
		}
	}) {
		a.Files = append(a.Files, txtar.File{Name: name, Data: out[name]})
	}
	return txtar.Format(a)
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/*.txtar sites")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			// Unminified, so that a diff of the golden file shows the change.
			got := format(build(t, file, Options{}))
			golden := strings.TrimSuffix(file, ".txtar") + ".golden"
			if *update {
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
		})
	}
}

// TestDeterministic builds the same site twice, minified as the command
// does, and wants byte-identical output.
func TestDeterministic(t *testing.T) {
	a := build(t, "testdata/basic.txtar", Options{Minify: true})
	b := build(t, "testdata/basic.txtar", Options{Minify: true})
	if !bytes.Equal(format(a), format(b)) {
		t.Fatal("two builds of the same input differ")
	}
}

// TestMinifiedPagesMeanTheSame: pages rendered with minified layouts are
// the pages rendered with the layouts as written, less whitespace. Both,
// minified once more, are the same bytes (but for the fingerprints of the
// assets, which are minified too); so the minifier, working on templates,
// did not change what any page says.
func TestMinifiedPagesMeanTheSame(t *testing.T) {
	fingerprint := regexp.MustCompile(`/assets/([^."]+)\.[0-9a-f]{10}\.`)
	render := func(opts Options) Output {
		s, err := Load(withRepoLayouts(t, archiveFS(t, "testdata/basic.txtar")), opts)
		if err != nil {
			t.Fatal(err)
		}
		out, err := s.Render()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	plain, minified := render(Options{}), render(Options{Minify: true})
	pages := 0
	for name, data := range plain {
		if path.Ext(name) != ".html" {
			continue
		}
		pages++
		if len(minified[name]) >= len(data) {
			t.Errorf("%s: %d bytes minified, %d not", name, len(minified[name]), len(data))
		}
		a, err := minifyFile(name, data)
		if err != nil {
			t.Fatal(err)
		}
		b, err := minifyFile(name, minified[name])
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

// A site of more pages than one sitemap may list gets an index of
// sitemaps, each within the limit, listing every page once in order
// (sitemaps.org allows 50,000 URLs a file; reliability review F13).
func TestSitemapIndex(t *testing.T) {
	defer func(n int) { sitemapLimit = n }(sitemapLimit)
	sitemapLimit = 4
	whole := build(t, "testdata/basic.txtar", Options{})
	// The same site within the limit, for the list of URLs.
	sitemapLimit = 1000
	want := regexp.MustCompile(`<loc>[^<]+</loc>`).FindAll(build(t, "testdata/basic.txtar", Options{})["sitemap.xml"], -1)
	if len(want) <= 4 {
		t.Fatalf("the test site has %d URLs; want more than the limit of 4", len(want))
	}
	index := string(whole["sitemap.xml"])
	if !strings.Contains(index, "<sitemapindex") || !strings.Contains(index, "<loc>https://codes.example/sitemap-1.xml</loc>") || !strings.Contains(index, "<loc>https://codes.example/sitemap-2.xml</loc>") {
		t.Fatalf("sitemap.xml is not an index of two sitemaps:\n%s", index)
	}
	var got [][]byte
	for _, name := range []string{"sitemap-1.xml", "sitemap-2.xml"} {
		locs := regexp.MustCompile(`<loc>[^<]+</loc>`).FindAll(whole[name], -1)
		if len(locs) > 4 {
			t.Errorf("%s lists %d URLs, over the limit", name, len(locs))
		}
		got = append(got, locs...)
	}
	if !slices.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("the sitemaps list\n%s\nwant\n%s", bytes.Join(got, []byte("\n")), bytes.Join(want, []byte("\n")))
	}
}

// generated, which load uses to refuse a page named like a file the site
// writes, knows every such file: each output that is neither a page nor a
// static file (search index, API, sitemap, robots.txt, _redirects, 404
// page, assets) answers true, so the two lists cannot drift apart.
func TestGeneratedKnowsEveryDataFile(t *testing.T) {
	s := loadSite(t, "testdata/basic.txtar", Options{})
	out, err := s.Render()
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]bool{}
	for _, p := range s.allPages() {
		pages[outputPath(PageURL(p))] = true
	}
	for name := range out {
		if pages[name] || s.Static[name] != nil {
			continue
		}
		if !generated(name) {
			t.Errorf("the build writes %s, which generated() does not know", name)
		}
	}
}
