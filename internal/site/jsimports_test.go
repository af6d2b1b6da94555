package site

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// Modules that import one another by relative name are published under
// their fingerprinted names, and each import names the published file, so
// the browser finds every module the page's script imports.
func TestScriptImportsFollowFingerprints(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	fsys["assets/m-a.js"] = &fstest.MapFile{Data: []byte("import { b } from './m-b.js'\nexport const a = () => b() + new URL(\"./m-c.js\", import.meta.url)\n")}
	fsys["assets/m-b.js"] = &fstest.MapFile{Data: []byte("import { c } from './m-c.js'\nexport const b = () => c\n")}
	fsys["assets/m-c.js"] = &fstest.MapFile{Data: []byte("export const c = 'not ./m-x.js\\''\n")}
	for _, minify := range []bool{false, true} {
		t.Run(fmt.Sprintf("minify=%v", minify), func(t *testing.T) {
			out := buildFS(t, fsys, Options{Minify: minify})
			names := map[string]string{}
			for name := range out {
				if m := regexp.MustCompile(`^assets/(m-[abc])\.[0-9a-f]{10}\.js$`).FindStringSubmatch(name); m != nil {
					names[m[1]] = strings.TrimPrefix(name, "assets/")
				}
			}
			if len(names) != 3 {
				t.Fatalf("published modules: %v", names)
			}
			a, b := string(out["assets/"+names["m-a"]]), string(out["assets/"+names["m-b"]])
			for _, want := range []string{"./" + names["m-b"], "./" + names["m-c"]} {
				if !strings.Contains(a, want) {
					t.Errorf("m-a.js does not name %s:\n%s", want, a)
				}
			}
			if !strings.Contains(b, "./"+names["m-c"]) || strings.Contains(a+b, "./m-b.js") || strings.Contains(a+b, "./m-c.js") {
				t.Errorf("imports not rewritten:\n%s\n%s", a, b)
			}
		})
	}
}

// An import of a missing module, and a cycle, are errors that name the file.
func TestScriptImportErrors(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	fsys["assets/m-a.js"] = &fstest.MapFile{Data: []byte("import { b } from './m-b.js'\n\nimport './m-gone.js'\n")}
	fsys["assets/m-b.js"] = &fstest.MapFile{Data: []byte("export { a } from './m-a.js'\n")}
	err := buildErr(fsys, Options{})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"assets/m-a.js:3: imports ./m-gone.js, which is not in assets/",
		"assets/m-a.js: import cycle: m-a.js → m-b.js → m-a.js",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}
