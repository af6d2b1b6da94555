package corpus

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestPages(t *testing.T) {
	a, b := Pages(50, 7), Pages(50, 7)
	if len(a) != 50 {
		t.Fatalf("%d pages, want 50", len(a))
	}
	for name, page := range a {
		if !bytes.Equal(page, b[name]) {
			t.Fatalf("%s differs between two runs with one seed", name)
		}
	}
	if bytes.Equal(a["bench/page-00001.md"], Pages(50, 8)["bench/page-00001.md"]) {
		t.Error("another seed gives the same page")
	}
	page := string(a["bench/page-00007.md"])
	words := len(strings.Fields(page))
	if words < 500 || words > 800 {
		t.Errorf("a page has %d words, want about 600", words)
	}
	for _, want := range []string{"## Example\n\n```sip\nSIP/2.0 ", "|---|", "\n- ", "](/bench/page-"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, m := range regexp.MustCompile(`/bench/(page-\d+)/`).FindAllStringSubmatch(page, -1) {
		if _, ok := a["bench/"+m[1]+".md"]; !ok {
			t.Errorf("link to %s, which is not in the corpus", m[1])
		}
	}
}
