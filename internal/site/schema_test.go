package site

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/content"
	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// note is the front matter of the test schema's one kind of its own:
// content/notes/N.md, published at /n/N/.
type note struct {
	Number  int    `yaml:"number"`
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
	Date    string `yaml:"date"`
}

func (n *note) About() (title, summary string) { return n.Title, n.Summary }

func (n *note) LastModified() string { return n.Date }

func (n *note) Check(r *content.Report) {
	r.Require("number", n.Number > 0)
	r.Require("title", n.Title != "")
	r.Require("summary", n.Summary != "")
	if name := strings.TrimSuffix(path.Base(r.File), ".md"); n.Number > 0 && name != fmt.Sprint(n.Number) {
		r.Bad("number", "%d must live in notes/%d.md", n.Number, n.Number)
	}
}

// testData is what the test schema's layouts see as .Data.
type testData struct {
	Notes []*Page
}

// testSchema is a schema as small as a real one can be: a kind with its
// own front matter and URL, a check across pages, data for the layouts
// and a file of its own.
var testSchema = Schema{
	Kinds: []Kind{{
		Name: "note", Path: "notes/**", Meta: func(string) Meta { return &note{} },
		URL: func(rel string) string { return "/n" + NameURL(rel) },
	}},
	Bind: func(s *Site) (Hooks, []error) {
		var errs []error
		type entry struct {
			Number int    `json:"number"`
			URL    string `json:"url"`
		}
		entries := []entry{}
		for _, p := range s.PagesOf("note") {
			entries = append(entries, entry{p.Meta.(*note).Number, p.URL})
			if p.Meta.(*note).Number > 100 {
				errs = append(errs, fmt.Errorf("%s: no more than 100 notes", p.Source))
			}
		}
		data, err := json.MarshalIndent(entries, "", "  ")
		if err != nil {
			errs = append(errs, err)
		}
		d := &testData{Notes: s.PagesOf("note")}
		return Hooks{
			Data:  func(*Page) any { return d },
			Files: []File{{Name: "notes.json", Data: append(data, '\n'), Type: "application/json"}},
		}, errs
	},
}

// buildFS builds the site in fsys with the test schema, in memory.
func buildFS(t testing.TB, fsys fstest.MapFS, opts Options) Output {
	t.Helper()
	out, _, err := NewBuilder(testSchema, opts).BuildOutput(fsys)
	if err != nil {
		t.Fatalf("build:\n%v", err)
	}
	return out
}

// fsEdits returns makers of edits to fsys, to run later as steps of a
// test: set writes a file, edit replaces text in one.
func fsEdits(t testing.TB, fsys fstest.MapFS) (set func(name, text string) func(), edit func(name, old, new string) func()) {
	set = func(name, text string) func() {
		return func() { fsys[name] = &fstest.MapFile{Data: []byte(text)} }
	}
	edit = func(name, old, new string) func() {
		return func() { sitetest.Replace(t, fsys, name, old, new) }
	}
	return set, edit
}

// build builds the site in the txtar file.
func build(t testing.TB, file string, opts Options) Output {
	t.Helper()
	return buildFS(t, sitetest.Archive(t, file), opts)
}

// buildErr builds the site in fsys and returns its problems.
func buildErr(fsys fstest.MapFS, opts Options) error {
	_, err := NewBuilder(testSchema, opts).Build(fsys, func(string, []byte) error { return nil })
	return err
}
