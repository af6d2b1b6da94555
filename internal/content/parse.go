package content

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// MaxFileSize bounds a source file. Pages are a few KiB; anything this large is
// a mistake (a pasted capture, a binary), reported instead of rendered.
const MaxFileSize = 4 << 20

// Checker is front matter that checks itself once decoded.
type Checker interface {
	// Check reports every problem with the front matter through r.
	Check(r *Report)
}

// BodyChecker is front matter whose kind of page has rules for the body
// too (sections a kind of page must have, say).
type BodyChecker interface {
	// CheckBody reports every problem with d's body through r. It is
	// called only when the front matter has none.
	CheckBody(r *Report, d *Doc)
}

// Defaulter is front matter with defaults for keys a page may leave out.
type Defaulter interface {
	// Default fills in what the page did not set. It runs after
	// decoding, before Check.
	Default()
}

// Doc is one parsed source file.
type Doc struct {
	File string // e.g. "content/guides/nat.md"
	Meta any    // the front matter, decoded into what the caller passed Parse
	Keys Keys   // the line of each front-matter key

	HTML     string    // the rendered Markdown body
	Headings []Heading // every heading, in order
	Blocks   []Block   // every fenced code block, in order
	Links    []string  // the target of every link and image, as written, in order
}

// Line returns the line of a front-matter key, or 1 (the opening ---) when
// the page does not set it.
func (d *Doc) Line(key string) int { return d.Keys.Line(key) }

// Parse reads one source file: its front matter, decoded strictly into
// meta (a pointer to a struct with yaml tags), and its Markdown body,
// rendered to HTML. meta may be a Defaulter, a Checker and a BodyChecker.
// Parse returns every problem it finds, joined, each a *problem.Error. The
// Doc is returned even with problems in the body, so that checks across
// pages can still see it; it is nil when the front matter is wrong.
func Parse(file string, src []byte, meta any) (*Doc, error) {
	return parse(file, src, meta, nil)
}

func parse(file string, src []byte, meta any, cache BodyCache) (*Doc, error) {
	if err := checkBytes(file, src); err != nil {
		return nil, err
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	fm, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		return nil, &problem.Error{File: file, Line: 1, Err: err}
	}
	d := &Doc{File: file, Meta: meta}
	keys, errs := decodeStrict(file, fm, 2, meta)
	d.Keys = keys
	r := &Report{File: file, Keys: keys}
	if len(errs) == 0 {
		if m, ok := meta.(Defaulter); ok {
			m.Default()
		}
		if m, ok := meta.(Checker); ok {
			m.Check(r)
		}
		errs = r.errs
	}
	usable := len(errs) == 0
	if err := checkLimits(file, body, bodyLine); err != nil {
		return nil, problem.Join(append(errs, err))
	}
	md, err := renderCached(body, cache)
	if err != nil {
		errs = append(errs, &problem.Error{File: file, Line: bodyLine, Err: err})
	} else {
		d.HTML = md.html
		d.Links = md.links
		for _, h := range md.headings {
			h.Line += bodyLine - 1
			d.Headings = append(d.Headings, h)
		}
		for _, b := range md.blocks {
			b.Line += bodyLine - 1
			d.Blocks = append(d.Blocks, b)
		}
		for _, p := range md.problems {
			errs = append(errs, problem.Errorf(file, p.line+bodyLine-1, "%s", p.msg))
		}
	}
	errs = append(errs, checkHeadings(d)...)
	errs = append(errs, checkFences(file, d.Blocks)...)
	if m, ok := meta.(BodyChecker); ok && usable && md != nil {
		r := &Report{File: file, Keys: keys, BodyLine: bodyLine}
		m.CheckBody(r, d)
		errs = append(errs, r.errs...)
	}
	if !usable { // the front matter is wrong: leave the page out
		return nil, problem.Join(errs)
	}
	return d, problem.Join(errs)
}

// DecodeYAML decodes a whole YAML data file strictly into v, as Parse
// decodes front matter: an unknown key at any depth, a value of the wrong
// type or a key given twice is an error at its line. It returns the line
// of every key and list item (see Keys), and every problem, joined.
func DecodeYAML(file string, src []byte, v any) (Keys, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, problem.Errorf(file, 1, "file is empty")
	}
	if err := checkBytes(file, src); err != nil {
		return nil, err
	}
	keys, errs := decodeStrict(file, src, 1, v)
	for i, err := range errs { // a data file has no front matter to name
		if e, ok := err.(*problem.Error); ok {
			if msg, cut := strings.CutPrefix(e.Err.Error(), "front matter: "); cut {
				errs[i] = &problem.Error{File: e.File, Line: e.Line, Err: errors.New(msg)}
			}
		}
	}
	return keys, problem.Join(errs)
}

// FrontMatter returns the YAML between the --- lines of src, or nil when
// src has none: enough to tell whether two versions of a file differ in
// their front matter alone.
func FrontMatter(src []byte) []byte {
	fm, _, _, err := splitFrontMatter(bytes.TrimPrefix(src, []byte("\uFEFF")))
	if err != nil {
		return nil
	}
	return fm
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
