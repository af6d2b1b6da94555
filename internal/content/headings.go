package content

import (
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
		w.WriteString("<h")
		w.WriteByte(byte('0' + n.Level)) // goldmark's levels are 1 to 6
		if n.Attributes() != nil {
			html.RenderAttributes(w, n, html.HeadingAttributeFilter)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if v, ok := n.AttributeString("id"); ok {
		id, _ := v.([]byte)
		w.WriteString(` <a class="heading-link" href="#`)
		w.Write(util.EscapeHTML(util.URLEscape(id, false)))
		w.WriteString(`" aria-label="Link to this section: `)
		w.Write(util.EscapeHTML([]byte(plainText(n, src))))
		w.WriteString(`">#</a>`)
	}
	w.WriteString("</h")
	w.WriteByte(byte('0' + n.Level))
	w.WriteString(">\n")
	return ast.WalkContinue, nil
}
