package content

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// footnoteDef is the start of a footnote's definition: "[^label]: text".
var footnoteDef = regexp.MustCompile(`^ {0,3}\[\^([^\]\s]+)\]:`)

// checkFootnotes reports the two footnote mistakes goldmark keeps quiet
// about, each at its line: a reference with no definition, which is shown
// as written ("[^2]"), and a definition that nothing refers to, which is
// left out of the page.
func checkFootnotes(root ast.Node, src []byte) []bodyProblem {
	if !bytes.Contains(src, []byte("[^")) {
		return nil // each problem is at a "[^", and so is every footnote goldmark makes
	}
	var ps []bodyProblem
	used := map[string]bool{}
	code := map[int]bool{} // lines of code blocks, where "[^1]:" is code
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			for i := range n.Lines().Len() {
				code[lineAt(src, n.Lines().At(i).Start)] = true
			}
			return ast.WalkSkipChildren, nil
		case *extast.Footnote: // only footnotes something refers to stay in the tree
			used[string(n.Ref)] = true
		case *ast.Text:
			seg := n.Segment
			for i := seg.Start; i < seg.Stop; i++ {
				if src[i] != '[' || i+1 >= len(src) || src[i+1] != '^' || i > 0 && src[i-1] == '\\' {
					continue
				}
				if label, ok := footnoteLabel(src[i:]); ok {
					ps = append(ps, bodyProblem{lineAt(src, i), fmt.Sprintf("footnote [^%s] has no definition, so it would be shown as written; add a line \"[^%s]: the note\" below the paragraph", label, label)})
				}
			}
		}
		return ast.WalkContinue, nil
	})
	line := 1
	for rest := src; len(rest) > 0; line++ {
		l, next, _ := bytes.Cut(rest, []byte("\n"))
		rest = next
		if m := footnoteDef.FindSubmatch(l); m != nil && !code[line] && !used[string(m[1])] {
			ps = append(ps, bodyProblem{line, fmt.Sprintf("footnote [^%s] is defined but nothing refers to it, so it is left out; refer to it with [^%s] where it belongs", m[1], m[1])})
		}
	}
	return ps
}

// footnoteLabel returns the label of the "[^label]" that b starts with.
func footnoteLabel(b []byte) (string, bool) {
	end := bytes.IndexAny(b, "]\n")
	if end < 3 || b[end] != ']' || bytes.ContainsAny(b[2:end], " \t[") {
		return "", false
	}
	return string(b[2:end]), true
}
