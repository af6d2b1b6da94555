package sip

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/corpus"
	"github.com/sipcodes/sipcodes/internal/site"
	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// benchFS is a corpus site of n pages with the repository's layouts and
// assets, in memory.
func benchFS(b testing.TB, n int) fstest.MapFS { return shapeFS(b, "codes", n) }

// shapeFS is benchFS for a corpus shape (corpus.Shapes).
func shapeFS(b testing.TB, shape string, n int) fstest.MapFS {
	files, err := corpus.SiteOf(shape, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return sitetest.WithRepoTrees(b, fsys, "layouts", "assets")
}

// BenchmarkBuild is a cold build (load, render, check links, minify; no
// writing) of 100, 1,000 and 10,000 corpus pages, reported per page.
func BenchmarkBuild(b *testing.B) { benchBuild(b, "codes", 100, 1000, 10000) }

// BenchmarkBuildProse is BenchmarkBuild on the prose corpus.
func BenchmarkBuildProse(b *testing.B) { benchBuild(b, "prose", 1000, 10000) }

// benchBuild runs a cold build of the corpus shape at each size.
func benchBuild(b *testing.B, shape string, sizes ...int) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			fsys := shapeFS(b, shape, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := site.NewBuilder(Schema, site.Options{Minify: true}).BuildOutput(fsys); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/page")
		})
	}
}

// BenchmarkRebuild is watch mode's work after one page's body changed, at
// 1,000 and 10,000 pages: the builder is told which file changed, as the
// watcher tells it, and builds into memory (writing is not included).
func BenchmarkRebuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			fsys := benchFS(b, n)
			builder := site.NewBuilder(Schema, site.Options{Minify: true}).Incremental()
			build := func() {
				if _, _, err := builder.BuildOutput(fsys); err != nil {
					b.Fatal(err)
				}
			}
			build()
			name := "content/" + corpus.Dir + "/" + corpus.Name(n/2) + ".md"
			orig := fsys[name].Data
			i := 0
			for b.Loop() {
				i++
				fsys[name] = &fstest.MapFile{Data: append(append([]byte{}, orig...), fmt.Sprintf("\nEdit %d.\n", i)...)}
				builder.Changed([]string{name}, false)
				build()
			}
		})
	}
}

// Every corpus shape builds with no problem: its links resolve.
func TestCorpusShapesBuild(t *testing.T) {
	for _, shape := range corpus.Shapes {
		if _, _, err := site.NewBuilder(Schema, site.Options{Minify: true}).BuildOutput(shapeFS(t, shape, 300)); err != nil {
			t.Errorf("the %s corpus does not build:\n%.2000v", shape, err)
		}
	}
}

// BenchmarkBuildDir is a cold one-shot build of 10,000 corpus pages into
// an output directory that a first build made, as the command builds:
// with a new build cache each time (written, not read) and without one.
// The difference is what a cold build pays for the next build's cache.
// Run it with TMPDIR on a memory file system (TMPDIR=/dev/shm), or a
// slow disk hides the work.
func BenchmarkBuildDir(b *testing.B) {
	fsys := benchFS(b, 10000)
	for _, cached := range []bool{true, false} {
		b.Run(fmt.Sprintf("cache=%v", cached), func(b *testing.B) {
			dir := b.TempDir()
			public, cacheDir := filepath.Join(dir, "public"), filepath.Join(dir, "cache")
			build := func() {
				builder := site.NewBuilder(Schema, site.Options{Minify: true})
				if cached {
					if err := os.RemoveAll(cacheDir); err != nil {
						b.Fatal(err)
					}
					builder.UseCache(site.OpenCache(cacheDir, "bench", func(msg string) { b.Fatal(msg) }))
				}
				if _, err := builder.BuildDir(fsys, public); err != nil {
					b.Fatal(err)
				}
			}
			build()
			for b.Loop() {
				build()
			}
		})
	}
}
