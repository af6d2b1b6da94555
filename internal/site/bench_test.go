package site

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/corpus"
)

// benchFS is a corpus site of n pages with the repository's layouts and
// assets, in memory.
func benchFS(b *testing.B, n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range corpus.Site(n, 1) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	copyRepoTree(b, fsys, "layouts")
	copyRepoTree(b, fsys, "assets")
	return fsys
}

// BenchmarkBuild is a cold build (load, render, check links, minify; no
// writing) of 100, 1,000 and 10,000 corpus pages, reported per page.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			fsys := benchFS(b, n)
			b.ReportAllocs()
			for b.Loop() {
				s, err := Load(fsys, Options{Minify: true})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Render(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/page")
		})
	}
}

// BenchmarkRebuild is watch mode's work after one page's body changed, on
// 1,000 pages with a warm cache.
func BenchmarkRebuild(b *testing.B) {
	fsys := benchFS(b, 1000)
	cache := NewCache()
	build := func() {
		s, err := Load(fsys, Options{Minify: true, Cache: cache})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Render(); err != nil {
			b.Fatal(err)
		}
	}
	build()
	name := "content/" + corpus.Dir + "/" + corpus.Name(500) + ".md"
	orig := fsys[name].Data
	i := 0
	for b.Loop() {
		i++
		fsys[name] = &fstest.MapFile{Data: append(append([]byte{}, orig...), fmt.Sprintf("\nEdit %d.\n", i)...)}
		build()
	}
}
