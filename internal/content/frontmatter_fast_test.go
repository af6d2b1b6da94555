package content

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
)

// fuzzMeta has a field of each type the site's front matter uses.
type fuzzMeta struct {
	Title    string   `yaml:"title"`
	Summary  string   `yaml:"summary"`
	Code     int      `yaml:"code"`
	Draft    bool     `yaml:"draft"`
	Weight   float64  `yaml:"weight"`
	Reviewed string   `yaml:"reviewed"`
	Tags     []string `yaml:"tags"`
	Ref      struct {
		RFC int `yaml:"rfc"`
	} `yaml:"ref"`
	Alias *string `yaml:"alias"`
}

// FuzzFrontMatterFastPath holds flatNode to yaml.v3: where it takes the
// front matter, yaml.Unmarshal parses it without error into the same node,
// field for field; and decodeStrict, with and without it, decodes the same
// values and keys and reports the same problems at the same lines.
func FuzzFrontMatterFastPath(f *testing.F) {
	for _, fm := range []string{
		"title: NAT and SIP\nsummary: Why one-way audio happens.\n",
		"code: 486\nreason: Busy Here\nreviewed: 2026-11-24\n",
		"title: x\n\n\nsummary: y\n", "title:  spaced  \n", "\ntitle: x",
		"title: a: b\n", "title: a #c\n", "title: a#c\n", "title: a:b\n", "title: b:\n",
		"code: 0x1F\n", "code: 1_000\n", "code: 4.5\n", "code: x\n", "draft: yes\n", "draft: True\n",
		"title: ~\n", "title: null\n", "alias: null\n", "title: -5\n", "weight: .inf\n", "weight: .NaN\n",
		"title: x\r\n", "title: x\t\n", "title: \u2028x\n", "title: x\u0085y\n", "title: \ufeffx\n", "title: é ü\n",
		"title: 'q'\n", "title: \"q\"\n", "title: [a]\n", "title: {a: b}\n", "title: |\n  x\n", "title: &a x\n",
		"a: b\n  c\n", " title: x\n", "title:x\n", "title :x\n", "titel: x\n", "title: x\ntitle: y\n",
		"code: 486\ncode: 487\n", "tags: a\n", "ref: 3261\n", "ref:\n  rfc: 3261\n", "true: x\n", "null: x\n",
		"123: x\n", "title: x # comment\n", "# comment\ntitle: x\n", "title: x\n...\n", "title: x\n---\n",
		"title: <<\n", "title: =\n", "title: !x\n", "title: %x\n", "title: @x\n", "title: `x\n",
	} {
		f.Add(fm)
	}
	// The front matter of every page of the site, and of the corpora.
	pages, _ := filepath.Glob("../../content/*/*.md")
	more, _ := filepath.Glob("../../content/*.md")
	for _, page := range append(pages, more...) {
		if src, err := os.ReadFile(page); err == nil {
			if fm, _, _, err := splitFrontMatter(src); err == nil {
				f.Add(string(fm))
			}
		}
	}
	f.Fuzz(func(t *testing.T, fm string) {
		if flat, ok := flatNode([]byte(fm)); ok {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(fm), &doc); err != nil {
				t.Fatalf("flatNode took %q, which yaml.v3 refuses: %v", fm, err)
			}
			if !reflect.DeepEqual(flat, &doc) {
				t.Fatalf("flatNode(%q):\n%s\nyaml.v3:\n%s", fm, dumpNode(flat), dumpNode(&doc))
			}
		}
		decode := func(fast bool) (string, Keys, string) {
			defer func(was bool) { fastFrontMatter = was }(fastFrontMatter)
			fastFrontMatter = fast
			var m fuzzMeta
			keys, errs := decodeStrict("content/x.md", []byte(fm), 2, &m)
			alias := "<nil>"
			if m.Alias != nil {
				alias = fmt.Sprintf("%q", *m.Alias)
			}
			m.Alias = nil
			return fmt.Sprintf("%+v alias:%s", m, alias), keys, fmt.Sprint(errs) // NaN is not DeepEqual to itself

		}
		m1, k1, e1 := decode(true)
		m2, k2, e2 := decode(false)
		if m1 != m2 || !reflect.DeepEqual(k1, k2) || e1 != e2 {
			t.Fatalf("decodeStrict(%q) with the fast path: %+v %v %s\nwithout: %+v %v %s", fm, m1, k1, e1, m2, k2, e2)
		}
	})
}

// TestFlatNodeTakesFlatFrontMatter: the fast path is taken for the front
// matter most pages have, and left for what it does not handle.
func TestFlatNodeTakesFlatFrontMatter(t *testing.T) {
	for fm, want := range map[string]bool{
		"title: NAT and SIP\nsummary: Why one-way audio happens.\n":      true,
		"code: 486\nreason: Busy Here\nstatus: current\nfault: callee\n": true,
		"title: x\n\nsummary: y":         true,
		"title: x\ntags: [a, b]\n":       false,
		"title: x # note\n":              false,
		"title: 'quoted'\n":              false,
		"references:\n  - {rfc: 3261}\n": false,
		"":                               false,
	} {
		if _, ok := flatNode([]byte(fm)); ok != want {
			t.Errorf("flatNode(%q) took it: %v, want %v", fm, ok, want)
		}
	}
}

func dumpNode(n *yaml.Node) string {
	s := fmt.Sprintf("%+v\n", *n)
	for _, c := range n.Content {
		s += dumpNode(c)
	}
	return s
}
