package sip

import (
	"os"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/sipcodes/sipcodes/internal/site"
)

func TestZZProf(t *testing.T) {
	src := os.Getenv("PROF_SRC")
	if src == "" {
		t.Skip()
	}
	f, _ := os.Create("/tmp/pwprof/cpu.prof")
	for i := 0; i < 3; i++ {
		if i == 2 {
			pprof.StartCPUProfile(f)
		}
		if os.Getenv("PROF_COLD") != "" {
			os.RemoveAll(src + "/.sitegen-cache")
		}
		fsys, _ := site.OpenSource(src)
		start := time.Now()
		c := site.OpenCache(src+"/.sitegen-cache", "prof", func(s string) { t.Log(s) })
		_, err := site.NewBuilder(Schema, site.Options{Minify: true}).UseCache(c).BuildDir(fsys, src+"/public")
		b, p := c.Reused()
		t.Log(time.Since(start), err, b, p)
		fsys.Close()
	}
	pprof.StopCPUProfile()
}
