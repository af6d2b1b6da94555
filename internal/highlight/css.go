package highlight

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// Chroma styles for code blocks, light and dark.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// CSS is the stylesheet for the classes WriteTokens puts on highlighted
// code. Each class takes its colour from a custom property, set from the
// light style on :root and from the dark style when the reader prefers dark
// (unless the page says data-theme="light") or the page says
// data-theme="dark". Every class gets both colours, resolved through the
// styles' inheritance, so that no light colour is left over on a dark
// background.
func CSS() ([]byte, error) {
	light, dark := styles.Get(lightStyle), styles.Get(darkStyle)
	if light == styles.Fallback || dark == styles.Fallback {
		return nil, fmt.Errorf("highlighting: chroma has no style %q or %q", lightStyle, darkStyle)
	}
	var rules, lightVars, darkVars strings.Builder
	for _, tt := range tokenTypes() {
		cls := chroma.StandardTypes[tt]
		l, d := light.Get(tt), dark.Get(tt)
		lc, dc := colour(l, light), colour(d, dark)
		if !hasRule(l, d, light, dark) {
			continue
		}
		fmt.Fprintf(&rules, ".chroma .%s{", cls)
		if lc != "" || dc != "" {
			fmt.Fprintf(&rules, "color:var(--hl-%s)", cls)
			fmt.Fprintf(&lightVars, "--hl-%s:%s;", cls, or(lc, "inherit"))
			fmt.Fprintf(&darkVars, "--hl-%s:%s;", cls, or(dc, "inherit"))
		}
		if l.Bold == chroma.Yes {
			rules.WriteString(";font-weight:600")
		}
		if l.Italic == chroma.Yes {
			rules.WriteString(";font-style:italic")
		}
		rules.WriteString("}\n")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n/* Code highlighting, from chroma's %s and %s styles. */\n", lightStyle, darkStyle)
	fmt.Fprintf(&b, ":root{%s}\n", lightVars.String())
	fmt.Fprintf(&b, "@media (prefers-color-scheme: dark){:root:not([data-theme=\"light\"]){%s}}\n", darkVars.String())
	fmt.Fprintf(&b, ":root[data-theme=\"dark\"]{%s}\n", darkVars.String())
	b.WriteString(rules.String())
	return []byte(b.String()), nil
}

// hasRule reports whether a token type's entries in the two styles call
// for a rule: a colour in either, or bold or italic in the light one.
func hasRule(l, d chroma.StyleEntry, light, dark *chroma.Style) bool {
	return colour(l, light) != "" || colour(d, dark) != "" || l.Bold == chroma.Yes || l.Italic == chroma.Yes
}

// styled is the set of classes that CSS writes a rule for.
var styled = sync.OnceValue(func() map[string]bool {
	light, dark := styles.Get(lightStyle), styles.Get(darkStyle)
	set := map[string]bool{}
	for _, tt := range tokenTypes() {
		if hasRule(light.Get(tt), dark.Get(tt), light, dark) {
			set[chroma.StandardTypes[tt]] = true
		}
	}
	return set
})

// colour is an entry's text colour, or "" when it is the style's own text
// colour (the code block's colour is the page's).
func colour(e chroma.StyleEntry, s *chroma.Style) string {
	base := s.Get(chroma.Background)
	if !e.Colour.IsSet() || e.Colour == base.Colour {
		return ""
	}
	return e.Colour.String()
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// tokenTypes lists the token types that have a CSS class, in a fixed order.
func tokenTypes() []chroma.TokenType {
	var types []chroma.TokenType
	for tt, cls := range chroma.StandardTypes {
		if cls != "" && tt > 0 {
			types = append(types, tt)
		}
	}
	slices.Sort(types)
	return types
}
