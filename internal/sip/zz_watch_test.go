package sip

import (
	"os"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/sipcodes/sipcodes/internal/site"
)

func TestZZWatch(t *testing.T) {
	src := os.Getenv("PROF_SRC")
	if src == "" {
		t.Skip()
	}
	page := src + "/content/bench/page-00001.md"
	orig, _ := os.ReadFile(page)
	defer os.WriteFile(page, orig, 0o644)
	b := site.NewBuilder(Schema, site.Options{Minify: true}).Incremental()
	f, _ := os.Create("/tmp/pwprof/watch.prof")
	for i := 0; i < 8; i++ {
		os.WriteFile(page, append(append([]byte{}, orig...), []byte("\n\nedit "+string(rune('a'+i))+"\n")...), 0o644)
		if i == 3 {
			pprof.StartCPUProfile(f)
		}
		fsys, _ := site.OpenSource(src)
		start := time.Now()
		_, _, err := b.BuildOutput(fsys)
		t.Log(time.Since(start), err)
		fsys.Close()
	}
	pprof.StopCPUProfile()
}
