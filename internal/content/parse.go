package content

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// MaxFileSize bounds a source file. Pages are a few KiB; anything this large is
// a mistake (a pasted capture, a binary), reported instead of rendered.
const MaxFileSize = 4 << 20

// meta is the front matter of one kind of page.
type meta interface {
	// check reports every problem in the decoded front matter of file.
	check(file string, lines keyLines) []error
}

// Kind says which part of the site a source file is, from its path.
type Kind int

const (
	KindHome  Kind = iota // content/_index.md: home page and site settings
	KindClass             // content/classes/Nxx.md
	KindCode              // content/codes/NNN.md
	KindPlain             // any other content/**/*.md
)

// Page is one parsed source file.
type Page struct {
	File        string // e.g. "content/codes/486.md"
	Kind        Kind
	Sum         [32]byte // SHA-256 of the file as read, when the caller sets it
	FrontMatter []byte   // the YAML between the --- lines

	// Exactly one of these is set, by Kind.
	Site  *Settings
	Class *Class
	Code  *Code
	Plain *Plain

	keys keyLines // line of each front-matter key

	HTML     string    // the rendered Markdown body
	Headings []Heading // every heading, in order
	Blocks   []Block   // every fenced code block, in order
	Links    []string  // the target of every link and image, as written, in order
}

// KindOf returns the kind of the source file at file, a slash path that
// starts with "content/".
func KindOf(file string) Kind {
	rel := strings.TrimPrefix(file, "content/")
	switch {
	case rel == "_index.md":
		return KindHome
	case strings.HasPrefix(rel, "classes/"):
		return KindClass
	case strings.HasPrefix(rel, "codes/"):
		return KindCode
	}
	return KindPlain
}

// Parse reads one source file: front matter, decoded strictly into the
// struct for its kind, and the Markdown body, rendered to HTML. It returns
// every problem it finds, joined, each an *problem.Error. The page is returned even
// with problems when its front matter could be decoded, so that checks
// across pages can still see it; it is nil otherwise.
func Parse(file string, src []byte) (*Page, error) {
	if err := checkBytes(file, src); err != nil {
		return nil, err
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	fm, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		return nil, &problem.Error{File: file, Line: 1, Err: err}
	}
	// Keep a copy of the front matter only, not the whole source: at ten
	// thousand pages, sources would be most of the memory a build holds.
	p := &Page{File: file, Kind: KindOf(file), FrontMatter: bytes.Clone(fm)}
	var m meta
	switch p.Kind {
	case KindHome:
		p.Site = &Settings{}
		m = p.Site
	case KindClass:
		p.Class = &Class{}
		m = p.Class
	case KindCode:
		p.Code = &Code{}
		m = p.Code
	default:
		p.Plain = &Plain{}
		m = p.Plain
	}
	lines, errs := decodeStrict(file, fm, 2, m)
	p.keys = lines
	if len(errs) == 0 {
		errs = m.check(file, lines)
	}
	usable := len(errs) == 0
	if err := checkLimits(file, body, bodyLine); err != nil {
		return nil, problem.Join(append(errs, err))
	}
	doc, err := render(body)
	if err != nil {
		errs = append(errs, &problem.Error{File: file, Line: bodyLine, Err: err})
	} else {
		p.HTML = doc.html
		p.Links = doc.links
		for _, h := range doc.headings {
			h.Line += bodyLine - 1
			p.Headings = append(p.Headings, h)
		}
		for _, b := range doc.blocks {
			b.Line += bodyLine - 1
			p.Blocks = append(p.Blocks, b)
		}
	}
	errs = append(errs, checkHeadings(p)...)
	if usable && p.Kind == KindCode && doc != nil {
		errs = append(errs, checkCodeBody(p, bodyLine)...)
	}
	if !usable { // the front matter is wrong: leave the page out
		return nil, problem.Join(errs)
	}
	return p, problem.Join(errs)
}

// checkBytes rejects files that are not text we can render.
func checkBytes(file string, src []byte) error {
	switch {
	case len(src) > MaxFileSize:
		return problem.Errorf(file, 0, "file is %.1f MiB; the limit is %d MiB", float64(len(src))/(1<<20), MaxFileSize>>20)
	case len(bytes.TrimSpace(src)) == 0:
		return problem.Errorf(file, 1, "file is empty; want front matter between --- lines, then Markdown")
	case bytes.IndexByte(src, 0) >= 0:
		return problem.Errorf(file, lineAt(src, bytes.IndexByte(src, 0)), "file holds a NUL byte; want UTF-8 text")
	case !utf8.Valid(src):
		return problem.Errorf(file, lineAt(src, firstInvalid(src)), "invalid UTF-8; save the file as UTF-8")
	}
	return nil
}

func firstInvalid(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(src)
}

// lineAt returns the 1-based line holding byte offset off of src.
func lineAt(src []byte, off int) int {
	return bytes.Count(src[:min(off, len(src))], []byte("\n")) + 1
}

// Line returns the line of a front-matter key, or 1 (the opening ---) when
// the page does not set it.
func (p *Page) Line(key string) int { return p.keys.lineOf(key, 1) }

// Title is the page's title, for any kind.
func (p *Page) Title() string {
	switch p.Kind {
	case KindHome:
		return p.Site.Title
	case KindClass:
		return p.Class.Title
	case KindCode:
		return fmt.Sprintf("%d %s", p.Code.Code, p.Code.Reason)
	}
	return p.Plain.Title
}

// Summary is the page's one-sentence description, for any kind.
func (p *Page) Summary() string {
	switch p.Kind {
	case KindHome:
		return p.Site.Description
	case KindClass:
		return p.Class.Summary
	case KindCode:
		return p.Code.Summary
	}
	return p.Plain.Summary
}
