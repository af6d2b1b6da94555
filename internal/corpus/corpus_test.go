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

func TestProse(t *testing.T) {
	a, err := SiteOf("prose", 120, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SiteOf("prose", 120, 3)
	if len(a) != 121 {
		t.Fatalf("%d files, want 120 articles and a home page", len(a))
	}
	folders := map[string]bool{}
	for name, page := range a {
		if !bytes.Equal(page, b[name]) {
			t.Fatalf("%s differs between two runs with one seed", name)
		}
		if name != "content/_index.md" {
			folders[name[:strings.LastIndex(name, "/")]] = true
		}
	}
	if len(folders) != sections*topics {
		t.Errorf("articles in %d folders, want %d", len(folders), sections*topics)
	}
	page := string(a["content/docs/s7/t1/article-00017.md"])
	for _, want := range []string{"```bash\n", "```json\n", "```sip\n", "](../article-", "\n  1. ", "\n> ", "### Details"} {
		if !strings.Contains(page, want) {
			t.Errorf("an article lacks %q", want)
		}
	}
	if _, err := SiteOf("nope", 1, 1); err == nil {
		t.Error("an unknown shape is no error")
	}
}
