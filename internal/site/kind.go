package site

import (
	"cmp"
	"path"
	"strings"
)

// Meta is the front matter of a page, decoded into the struct of its kind.
// It may also be a content.Checker, content.BodyChecker or
// content.Defaulter.
type Meta interface {
	// About gives the page's title (its h1) and one-sentence summary.
	About() (title, summary string)
}

// A Kind is one kind of page: which source files it takes, the front
// matter they have, where they are published and the layout that renders
// them.
type Kind struct {
	// Name is the page's kind as layouts see it (.Kind), and by default
	// its layout, layouts/<Name>.html.
	Name string
	// Path says which files under content/ are this kind, as a slash
	// pattern: "_index.md", "notes/*.md" (path.Match), or "notes/**",
	// any file under notes/ at any depth. A file is the first kind it
	// matches, schema kinds before the built-in ones.
	Path string
	// Meta returns a new, empty front matter to decode the page at rel
	// (a path under content/) into.
	Meta func(rel string) Meta
	// URL returns the site path of the page whose file is rel (a path
	// under content/, "notes/7.md"): "/7/". A path ending in "/" is
	// published as its index.html. Nil means the file's own path:
	// "guides/nat.md" is /guides/nat/, "guides/_index.md" /guides/.
	URL func(rel string) string
	// Layout names the layout file, if not Name.
	Layout string
	// Unlisted pages are left out of the sitemap (a 404 page).
	Unlisted bool
}

func (k *Kind) layout() string { return "layouts/" + cmp.Or(k.Layout, k.Name) + ".html" }

func (k *Kind) matches(rel string) bool {
	if dir, ok := strings.CutSuffix(k.Path, "/**"); ok {
		return strings.HasPrefix(rel, dir+"/")
	}
	if k.Path == "**" {
		return true
	}
	ok, _ := path.Match(k.Path, rel)
	return ok
}

func (k *Kind) url(rel string) string {
	if k.URL != nil {
		return k.URL(rel)
	}
	return PathURL(rel)
}

// PathURL is the site path of the page at rel, a path under content/:
// "guides/nat.md" is /guides/nat/, and an _index.md or index.md stands for
// its directory.
func PathURL(rel string) string {
	rel = strings.TrimSuffix(rel, ".md")
	if base := path.Base(rel); base == "_index" || base == "index" {
		rel = path.Dir(rel)
	}
	if rel == "." {
		return "/"
	}
	return "/" + rel + "/"
}

// NameURL publishes a page at its file name alone: "notes/7.md" is /7/.
func NameURL(rel string) string { return "/" + strings.TrimSuffix(path.Base(rel), ".md") + "/" }

// The kinds every site has, after the schema's own. A schema replaces one
// with a kind of the same Path.
var builtinKinds = []Kind{
	{Name: "home", Path: "_index.md", Meta: func(string) Meta { return &Settings{} }},
	{Name: "404", Path: "404.md", Meta: func(string) Meta { return &Plain{} }, URL: func(string) string { return "/404.html" }, Unlisted: true},
	{Name: "page", Path: "**", Meta: func(string) Meta { return &Plain{} }},
}

// notFound is the 404 page of a site without content/404.md.
var notFound = Plain{Title: "Page not found", Summary: "There is no page at this address."}

// A Schema is what a site is about: its kinds of page, and a hook that sees
// the whole site once every page is loaded.
type Schema struct {
	Kinds []Kind
	// Bind checks what needs more than one page, and returns what the
	// build needs from the schema. It may be nil.
	Bind func(s *Site) (Hooks, []error)
}

// Hooks are what a schema adds to one build.
type Hooks struct {
	// Data returns what the layouts see as .Data on page p. It may be nil.
	Data func(p *Page) any
	// Files are extra outputs: an API, redirects, a search index. A
	// file's Data is not changed once handed over: watch mode knows a
	// slice it minified before (Site.Keep hands the same ones back).
	Files []File
}

// kinds is the schema's kinds, then the built-in ones it does not replace.
func (sc Schema) kinds() []Kind {
	kinds := append([]Kind(nil), sc.Kinds...)
	for _, b := range builtinKinds {
		replaced := false
		for _, k := range sc.Kinds {
			replaced = replaced || k.Path == b.Path
		}
		if !replaced {
			kinds = append(kinds, b)
		}
	}
	return kinds
}
