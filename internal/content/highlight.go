package content

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/sipcodes/sipcodes/internal/highlight"
	"github.com/sipcodes/sipcodes/internal/problem"
)

// renderFenced renders fenced code blocks through package highlight, as CSS
// classes, in the languages it highlights, and as escaped plain text in any
// other. It replaces goldmark-highlighting, which builds a new chroma
// formatter, and recompiles its style, for every block, and asks chroma's
// registry for the lexer of every block (about 13 ms a block for a
// language chroma does not know).
//
// A ```sip block is written with its structure (highlight.WriteLines): the
// start line, whose status code is emphasised, the body, and the lines its
// info string marks: ```sip {mark="Retry-After"} marks every line of that
// header (see fenceMarks). Every block sits in a <div class="code-block">,
// where the site's script puts a copy button.
func renderFenced(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
	lang := strings.ToLower(string(n.Language(src)))
	w.WriteString(`<div class="code-block">`)
	defer w.WriteString("</div>\n")
	if l := highlight.Lexer(lang); l != nil {
		if it, err := l.Tokenise(nil, code.String()); err == nil {
			w.WriteString(`<pre class="chroma"><code>`)
			if lang == "sip" {
				lines := highlight.Lines{Start: true, Body: bodyLine(code.String())}
				// A bad mark is reported by checkFences; here it marks nothing.
				lines.Mark, _ = fenceMarks(lang, infoAttrs(n, src), code.String())
				highlight.WriteLines(w, it, lines)
			} else {
				highlight.WriteTokens(w, it)
			}
			w.WriteString("</code></pre>")
			return ast.WalkContinue, nil
		}
	}
	w.WriteString("<pre><code")
	if lang != "" {
		w.WriteString(` class="language-`)
		w.Write(util.EscapeHTML([]byte(lang)))
		w.WriteString(`"`)
	}
	w.WriteByte('>')
	w.Write(util.EscapeHTML(code.Bytes()))
	w.WriteString("</code></pre>")
	return ast.WalkContinue, nil
}

// infoAttrs is what a fence's info string holds after its language:
// `{mark="Retry-After"}` for "```sip {mark="Retry-After"}".
func infoAttrs(n *ast.FencedCodeBlock, src []byte) string {
	if n.Info == nil {
		return ""
	}
	return fenceAttrs(string(n.Info.Segment.Value(src)))
}

// fenceAttrs cuts the language off an info string.
func fenceAttrs(info string) string {
	info = strings.TrimSpace(info)
	if i := strings.IndexAny(info, " \t{"); i >= 0 {
		return strings.TrimSpace(info[i:])
	}
	return ""
}

var attrsRE = regexp.MustCompile(`^\{\s*([a-z]+)="([^"]*)"\s*\}$`)

// fenceMarks reads the attributes of a fence, `{mark="Retry-After"}` or
// `{mark="Unsupported, Require"}`, and returns the 0-based lines of text
// they mark: every line of each header named (its continuation lines
// included; names ignore case). It is an error to mark a header the block
// does not have, to mark in a language other than sip, or to write any
// other attribute.
func fenceMarks(lang, attrs, text string) (map[int]bool, error) {
	if attrs == "" {
		return nil, nil
	}
	m := attrsRE.FindStringSubmatch(attrs)
	if m == nil {
		return nil, fmt.Errorf("code block: attributes %s: want {mark=\"Header-Name\"}", attrs)
	}
	if m[1] != "mark" {
		return nil, fmt.Errorf("code block: unknown attribute %q; want mark, as in {mark=\"Retry-After\"}", m[1])
	}
	if lang != "sip" {
		return nil, fmt.Errorf("code block: mark works in ```sip blocks only, not ```%s", lang)
	}
	names := headerLines(text)
	marks := map[int]bool{}
	var bad []string
	for want := range strings.SplitSeq(m[2], ",") {
		want = strings.TrimSpace(want)
		if want == "" {
			continue
		}
		found := false
		for i, name := range names {
			if strings.EqualFold(name, want) {
				marks[i] = true
				found = true
			}
		}
		if !found {
			bad = append(bad, want)
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("code block: mark %q: no such header in this message; it has %s", strings.Join(bad, ", "), strings.Join(headerNames(names), ", "))
	}
	if len(marks) == 0 {
		return nil, fmt.Errorf("code block: mark is empty; name a header, as in {mark=\"Retry-After\"}")
	}
	return marks, nil
}

// headerLines maps each line of a message's header section to the name of
// the header it belongs to ("" for the start line and the body), folding
// continuation lines (RFC 3261 §7.3.1) into the header above them.
func headerLines(text string) []string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	names := make([]string, len(lines))
	current := ""
	for i, line := range lines {
		switch {
		case i == 0:
		case strings.TrimSpace(line) == "":
			return names // the body follows
		case line[0] == ' ' || line[0] == '\t':
			names[i] = current
		default:
			if name, _, ok := strings.Cut(line, ":"); ok {
				current = strings.TrimSpace(name)
				names[i] = current
			} else {
				current = ""
			}
		}
	}
	return names
}

// headerNames lists the names once each, in order.
func headerNames(names []string) []string {
	var out []string
	for _, n := range names {
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// bodyLine is the 0-based line where a message's body starts: the line
// after the first blank one, or 0 when there is no body.
func bodyLine(text string) int {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, line := range lines {
		if i > 0 && strings.TrimSpace(line) == "" {
			if i+1 < len(lines) && strings.TrimSpace(strings.Join(lines[i+1:], "")) != "" {
				return i + 1
			}
			return 0
		}
	}
	return 0
}

// checkFences reports each fenced block whose attributes are wrong, at
// the line of its fence.
func checkFences(file string, blocks []Block) []error {
	var errs []error
	for _, b := range blocks {
		if _, err := fenceMarks(strings.ToLower(b.Lang), fenceAttrs(b.Info), b.Text); err != nil {
			errs = append(errs, &problem.Error{File: file, Line: b.Line, Err: err})
		}
	}
	return errs
}
