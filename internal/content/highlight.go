package content

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/sipcodes/sipcodes/internal/highlight"
)

// renderFenced renders fenced code blocks through package highlight, as CSS
// classes, in the languages it highlights, and as escaped plain text in any
// other. It replaces goldmark-highlighting, which builds a new chroma
// formatter, and recompiles its style, for every block, and asks chroma's
// registry for the lexer of every block (about 13 ms a block for a
// language chroma does not know).
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
	if l := highlight.Lexer(lang); l != nil {
		if it, err := l.Tokenise(nil, code.String()); err == nil {
			w.WriteString(`<pre class="chroma"><code>`)
			highlight.WriteTokens(w, it)
			w.WriteString("</code></pre>\n")
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
	w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}
