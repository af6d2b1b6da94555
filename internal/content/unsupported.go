package content

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
)

// A bodyProblem is a problem at a line of a Markdown body (counted from 1
// at the body's first line).
type bodyProblem struct {
	line int
	msg  string
}

// checkUnsupported reports what an author coming from another generator
// writes and sitegen does not render, each at its line: a Hugo shortcode,
// which would be shown as written, braces and all, and raw HTML, which
// goldmark leaves out ("<!-- raw HTML omitted -->"; sitegen never renders
// HTML from Markdown, so that no page can carry a script or an inline
// style past the Content-Security-Policy). Both are errors: either way the
// page would differ from what its author wrote, and no setting makes it
// right. Text in code spans and code blocks is code, shown as written, and
// HTML comments are notes to other authors: neither is reported.
func checkUnsupported(root ast.Node, src []byte) []bodyProblem {
	var ps []bodyProblem
	seen := map[string]bool{} // line and tag already reported
	add := func(off int, msg string) {
		p := bodyProblem{lineAt(src, off), msg}
		if key := fmt.Sprint(p.line, p.msg); !seen[key] {
			seen[key] = true
			ps = append(ps, p)
		}
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			for _, off := range shortcodes(src, n.Segment.Start, n.Segment.Stop) {
				add(off, fmt.Sprintf("Hugo shortcode %s would be shown as written: sitegen has no shortcodes; write it in Markdown (a \"> \" quote for a note)", quoteShortcode(src[off:])))
			}
		case *ast.RawHTML:
			if n.Segments.Len() == 0 {
				break
			}
			start := n.Segments.At(0).Start
			if isComment(src[start:]) || bytes.HasSuffix(src[:start], []byte("{{")) {
				break // a comment, or the "<" of a shortcode written {{<name>}}
			}
			tag := tagOf(src[start:])
			add(start, fmt.Sprintf("raw HTML %s is left out of the page: sitegen renders no HTML written in Markdown; write it in Markdown, or in `backticks` if %s is text", tag, tag))
		case *ast.HTMLBlock:
			if n.HTMLBlockType == ast.HTMLBlockType2 || n.Lines().Len() == 0 {
				break // a comment
			}
			start := n.Lines().At(0).Start
			add(start, fmt.Sprintf("raw HTML block %s is left out of the page, with the text in it: sitegen renders no HTML written in Markdown; write it in Markdown", tagOf(src[start:])))
		}
		return ast.WalkContinue, nil
	})
	return ps
}

// shortcodes returns the offset of each "{{<" and "{{%" that starts in
// src[start:stop], unless its brace is escaped.
func shortcodes(src []byte, start, stop int) []int {
	var offs []int
	for i := start; i < stop; i++ {
		if src[i] != '{' || i+2 >= len(src) || src[i+1] != '{' || src[i+2] != '<' && src[i+2] != '%' {
			continue
		}
		if i > 0 && src[i-1] == '\\' {
			continue
		}
		offs = append(offs, i)
		i += 2
	}
	return offs
}

// quoteShortcode returns the shortcode that b starts with, up to its
// closing ">}}" or "%}}" on the same line; a long one is cut to its name:
// "{{< figure ... >}}".
func quoteShortcode(b []byte) string {
	if nl := bytes.IndexByte(b, '\n'); nl >= 0 {
		b = b[:nl]
	}
	open, closer := "{{<", ">}}"
	if b[2] == '%' {
		open, closer = "{{%", "%}}"
	}
	if end := bytes.Index(b[3:], []byte(closer)); end >= 0 {
		b = b[:3+end+3]
	}
	if len(b) <= 40 {
		return string(b)
	}
	name, _, _ := bytes.Cut(bytes.TrimLeft(b[3:], " "), []byte(" "))
	if len(name) > 20 {
		name = name[:20]
	}
	return open + " " + string(name) + " ... " + closer
}

// isComment reports whether b starts with an HTML comment.
func isComment(b []byte) bool { return bytes.HasPrefix(b, []byte("<!--")) }

// tagOf names the tag that b starts with, for a message: "<details>" for
// "<details open>" and for "</details>", "<!DOCTYPE>" for a declaration.
func tagOf(b []byte) string {
	i := 1
	if i < len(b) && (b[i] == '/' || b[i] == '!' || b[i] == '?') {
		i++
	}
	j := i
	for j < len(b) && (b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9' || b[j] == '-' || b[j] == '[') {
		j++
	}
	name := string(b[i:j])
	if i == 2 && b[1] != '/' {
		name = string(b[1]) + name
	}
	return "<" + name + ">"
}
