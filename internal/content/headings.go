package content

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// renderHeading gives every heading a link to itself, which the site's
// script turns into a copy-link; without the script it is an ordinary
// anchor link.
func renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if entering {
		fmt.Fprintf(w, "<h%d", n.Level)
		if n.Attributes() != nil {
			html.RenderAttributes(w, n, html.HeadingAttributeFilter)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if v, ok := n.AttributeString("id"); ok {
		id, _ := v.([]byte)
		fmt.Fprintf(w, ` <a class="heading-link" href="#%s" aria-label="Link to this section: %s">#</a>`,
			util.EscapeHTML(util.URLEscape(id, false)), util.EscapeHTML([]byte(plainText(n, src))))
	}
	fmt.Fprintf(w, "</h%d>\n", n.Level)
	return ast.WalkContinue, nil
}
