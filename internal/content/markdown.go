package content

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// Heading is a Markdown heading with its generated anchor.
type Heading struct {
	Level int
	Text  string
	ID    string // stable anchor: derived from the text, made unique per page
	Line  int
}

// Block is a fenced code block.
type Block struct {
	Lang    string
	Text    string
	Section string // text of the nearest level-2 heading above it
	Line    int    // line of the opening fence
	Info    string // the fence's info string: "sip {mark=\"Warning\"}"
}

// md renders Markdown: GitHub Flavored Markdown, footnotes and definition
// lists (which Hugo renders too, so pages written for it keep them), an id
// on every heading, and code blocks highlighted by chroma with CSS classes
// (see renderFenced), and a link on every heading to itself (see
// renderHeading).
var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList, nodeRenderers{}),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// mdLinkifyStub is md with, in place of GFM's linkify parser, one that is
// called where linkify is and never finds a link (see parseMarkdown).
var mdLinkifyStub = goldmark.New(
	goldmark.WithExtensions(linkifyStub{}, extension.Table, extension.Strikethrough, extension.TaskList, extension.Footnote, extension.DefinitionList, nodeRenderers{}),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// parseMarkdown parses body as md does, in most cases for less.
//
// GFM's autolinks (goldmark's linkify parser) cost a seventh of the
// Markdown parsing of a typical page: goldmark calls the parser at every
// space, and nearly always it finds nothing. What it can find is a URL
// starting "http:", "https:", "ftp:" or "www.", or an e-mail address, with
// its "@", and only in the page's inline text. So body is parsed first with
// a stand-in that finds nothing, and again with linkify only when the text
// nodes of that parse (code spans and link labels included) hold one of
// those. The stand-in keeps goldmark's calls where they were, so the two
// parses agree, down to whitespace, wherever linkify finds nothing;
// FuzzParseMarkdown holds the result to md's parse of the same body.
func parseMarkdown(body []byte) ast.Node {
	root := mdLinkifyStub.Parser().Parse(text.NewReader(body))
	if mayLinkify(root, body) {
		root = md.Parser().Parse(text.NewReader(body))
	}
	return root
}

// mayLinkify reports whether the text under n holds anything that
// goldmark's linkify parser, with its default options, could make a link.
// A block whose source lines hold none of it is skipped whole, and code
// and HTML blocks, which have no inline text, are not read at all.
func mayLinkify(n ast.Node, src []byte) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if hasLinkMarker(c.Segment.Value(src)) {
				return true
			}
			continue
		case *ast.String:
			if hasLinkMarker(c.Value) {
				return true
			}
			continue
		}
		if c.Type() == ast.TypeBlock && (c.IsRaw() || c.Lines().Len() > 0 && !linesHaveMarker(c.Lines(), src)) {
			continue
		}
		if mayLinkify(c, src) {
			return true
		}
	}
	return false
}

func linesHaveMarker(lines *text.Segments, src []byte) bool {
	for i := range lines.Len() {
		if seg := lines.At(i); hasLinkMarker(seg.Value(src)) {
			return true
		}
	}
	return false
}

// hasLinkMarker reports whether b holds the start of a URL that linkify
// recognises ("http:", "https:", "ftp:", "www."), or an "@". Each is found
// from its last byte, which prose seldom holds, so b is read three times
// and not five (a search for "http:" stops at every "h").
func hasLinkMarker(b []byte) bool {
	return bytes.IndexByte(b, '@') >= 0 || after(b, ':', "http", "https", "ftp") || after(b, '.', "www")
}

// after reports whether c comes right after one of words somewhere in b.
func after(b []byte, c byte, words ...string) bool {
	for i := bytes.IndexByte(b, c); i >= 0; {
		for _, w := range words {
			if ends(b[:i], w) {
				return true
			}
		}
		j := bytes.IndexByte(b[i+1:], c)
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return false
}

// ends reports whether b ends with w.
func ends(b []byte, w string) bool {
	return len(b) >= len(w) && string(b[len(b)-len(w):]) == w
}

// linkifyStub registers linkifyStubParser where extension.Linkify
// registers goldmark's linkify parser.
type linkifyStub struct{}

func (linkifyStub) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(linkifyStubParser{}, 999)))
}

type linkifyStubParser struct{}

// Trigger is linkify's: any space, and "*", "_", "~" and "(".
func (linkifyStubParser) Trigger() []byte { return extension.NewLinkifyParser().Trigger() }

func (linkifyStubParser) Parse(ast.Node, text.Reader, parser.Context) ast.Node { return nil }

// nodeRenderers replaces goldmark's renderers of fenced code blocks and
// headings with ours.
type nodeRenderers struct{}

// Extend adds the renderers to a goldmark instance.
func (nodeRenderers) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(nodeRenderers{}, 100)))
}

// RegisterFuncs claims the nodes.
func (nodeRenderers) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderFenced)
	reg.Register(ast.KindHeading, renderHeading)
}

type document struct {
	html     string
	headings []Heading
	blocks   []Block
	links    []string
	problems []bodyProblem // what the body holds that sitegen does not render
}

// render converts a Markdown body; lines in the result count from 1 at the
// top of body.
func render(body []byte) (*document, error) {
	root := parseMarkdown(body)
	d := &document{}
	section := ""
	err := ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			h := Heading{Level: n.Level, Text: plainText(n, body), Line: nodeLine(n, body)}
			if id, ok := n.AttributeString("id"); ok {
				h.ID = string(id.([]byte))
			}
			if h.Level == 2 {
				section = h.Text
			}
			d.headings = append(d.headings, h)
		case *ast.FencedCodeBlock:
			var buf bytes.Buffer
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				buf.Write(seg.Value(body))
			}
			line, info := 0, ""
			if n.Info != nil {
				info = string(n.Info.Segment.Value(body))
				line = lineAt(body, n.Info.Segment.Start)
			} else if n.Lines().Len() > 0 {
				line = lineAt(body, n.Lines().At(0).Start) - 1
			}
			d.blocks = append(d.blocks, Block{Lang: string(n.Language(body)), Text: buf.String(), Section: section, Line: line, Info: info})
		case *ast.Link:
			d.links = append(d.links, string(n.Destination))
		case *ast.Image:
			d.links = append(d.links, string(n.Destination))
		case *ast.AutoLink:
			d.links = append(d.links, string(n.URL(body)))
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return nil, err
	}
	d.problems = append(checkUnsupported(root, body), checkFootnotes(root, body)...)
	out := htmlBuffers.Get().(*htmlBuffer)
	defer htmlBuffers.Put(out)
	out.buf.Reset()
	out.w.Reset(&out.buf)
	if err := md.Renderer().Render(out.w, body, root); err != nil {
		return nil, fmt.Errorf("markdown: %v", err)
	}
	if err := out.w.Flush(); err != nil {
		return nil, fmt.Errorf("markdown: %v", err)
	}
	d.html = out.buf.String()
	return d, nil
}

// htmlBuffer is where goldmark writes a page: a buffer, and the buffered
// writer goldmark would otherwise allocate for every page. Pooled, a page
// costs one allocation of its exact size instead of a buffer grown by
// doubling, a 4 KiB writer and a copy.
type htmlBuffer struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var htmlBuffers = sync.Pool{New: func() any {
	b := new(htmlBuffer)
	b.w = bufio.NewWriter(&b.buf)
	return b
}}

// plainText gathers the literal text under n.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// nodeLine returns the line of a block node's first content line.
func nodeLine(n ast.Node, src []byte) int {
	if n.Lines().Len() > 0 {
		return lineAt(src, n.Lines().At(0).Start)
	}
	return 0
}

// checkHeadings rejects level-1 headings in a body: the layout renders the
// page title as the only h1.
func checkHeadings(d *Doc) []error {
	var errs []error
	for _, h := range d.Headings {
		if h.Level == 1 {
			errs = append(errs, problem.Errorf(d.File, h.Line, "heading %q is level 1; the title is the page's h1, so start sections at ##", h.Text))
		}
	}
	return errs
}
