package highlight

import (
	"fmt"
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// A role is what a token is in the structure of a message, and the colour
// it has in each theme. Token types map to roles, not to colours, so a
// header name is the same role, and so the same kind of colour, in light
// and in dark: only the shade changes with the background.
type role struct {
	name        string // the custom property: --hl-<name>
	light, dark string // each at least 4.5:1 on its theme's panel (#f6f8fa, #161b22)
	bold        bool
	italic      bool
}

var (
	roleName    = role{name: "name", light: "#0550ae", dark: "#79c0ff"}               // header names, SDP type letters, keys
	roleParam   = role{name: "param", light: "#953800", dark: "#ffa657"}              // parameter and SDP attribute names
	roleValue   = role{name: "value", light: "#24292f", dark: "#e6edf3"}              // values, numbers, dates
	roleQuoted  = role{name: "quoted", light: "#116329", dark: "#7ee787"}             // quoted strings
	roleAddress = role{name: "address", light: "#0a6b74", dark: "#56d4dd"}            // URI scheme, user, host, IP addresses
	roleKeyword = role{name: "keyword", light: "#6639ba", dark: "#d2a8ff"}            // methods, transports, auth schemes, Reason protocols
	roleVersion = role{name: "version", light: "#57606a", dark: "#9198a1"}            // SIP/2.0
	rolePhrase  = role{name: "phrase", light: "#1b1f24", dark: "#e6edf3", bold: true} // a status line's reason phrase
	rolePunct   = role{name: "punct", light: "#57606a", dark: "#9198a1"}              // : ; = < > and the like
	roleComment = role{name: "comment", light: "#57606a", dark: "#9198a1", italic: true}
	roleDeleted = role{name: "deleted", light: "#a40e26", dark: "#ffa198"}
	roleAdded   = role{name: "added", light: "#116329", dark: "#7ee787"}
	roleError   = role{name: "error", light: "#a40e26", dark: "#ffa198"}
)

// roles gives each token type with a rule its role. A type not listed
// is written with the class of its nearest listed parent (see
// styledClass); Text and whitespace have none and are written plain. The SIP lexer's types are documented in
// package siplexer.
var roles = map[chroma.TokenType]role{
	chroma.NameTag:         roleName,
	chroma.NameAttribute:   roleParam,
	chroma.NameFunction:    roleKeyword,
	chroma.NameException:   rolePhrase,
	chroma.NameNamespace:   roleAddress,
	chroma.NameVariable:    roleAddress,
	chroma.NameConstant:    roleAddress,
	chroma.NameBuiltin:     roleKeyword,
	chroma.Keyword:         roleKeyword,
	chroma.KeywordReserved: roleVersion,
	chroma.KeywordConstant: roleKeyword,
	chroma.KeywordType:     roleKeyword,
	chroma.LiteralNumber:   roleValue,

	// The SIP lexer's numbers keep their own classes, so that the
	// stylesheet can tell a status code (.start .mi) from a port.
	chroma.LiteralNumberInteger: roleValue,
	chroma.LiteralNumberFloat:   roleValue,

	chroma.LiteralStringDouble: roleQuoted,
	chroma.LiteralStringSingle: roleQuoted,
	chroma.Operator:            rolePunct,
	chroma.Punctuation:         rolePunct,
	chroma.Comment:             roleComment,
	chroma.GenericDeleted:      roleDeleted,
	chroma.GenericInserted:     roleAdded,
	chroma.GenericHeading:      roleName,
	chroma.GenericSubheading:   roleName,
	chroma.Error:               roleError,
}

// allRoles lists every role once, by name.
func allRoles() []role {
	seen := map[string]role{}
	for _, r := range roles {
		seen[r.name] = r
	}
	var out []role
	for _, r := range seen {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b role) int { return strings.Compare(a.name, b.name) })
	return out
}

// CSS is the stylesheet for the classes WriteTokens puts on highlighted
// code, and for the structure WriteLines adds (the start line, its status
// code, a message's body, marked lines). Each class takes its colour from
// a custom property per role, light-dark(light, dark): which one applies
// is the page's color-scheme (the site's stylesheet sets it from the
// system's preference or the reader's choice).
func CSS() ([]byte, error) {
	var vars strings.Builder
	for _, r := range allRoles() {
		fmt.Fprintf(&vars, "--hl-%s:light-dark(%s,%s);", r.name, r.light, r.dark)
	}
	vars.WriteString("--hl-mark:light-dark(rgb(255 212 59 / 35%),rgb(187 128 9 / 30%));")
	var rules strings.Builder
	for _, tt := range tokenTypes() {
		r, ok := roles[tt]
		if !ok {
			continue
		}
		fmt.Fprintf(&rules, ".chroma .%s{color:var(--hl-%s)", chroma.StandardTypes[tt], r.name)
		if r.bold {
			rules.WriteString(";font-weight:600")
		}
		if r.italic {
			rules.WriteString(";font-style:italic")
		}
		rules.WriteString("}\n")
	}
	var b strings.Builder
	b.WriteString("\n/* Code highlighting: one colour per role, the same roles in light and dark (internal/highlight). */\n")
	fmt.Fprintf(&b, ":root{%s}\n", vars.String())
	b.WriteString(rules.String())
	b.WriteString(structureCSS)
	return []byte(b.String()), nil
}

// structureCSS styles what WriteLines marks: the status code of a start
// line in the page's class colour (--accent, set by the site's stylesheet),
// a body's SDP type letters apart from header names, and marked lines.
const structureCSS = `.chroma .start .mi{color:var(--accent,inherit);font-weight:700}
.chroma .start .nf{font-weight:700}
.chroma .body .nt{color:var(--hl-quoted)}
.chroma mark{display:block;margin:0 -1rem;padding:0 1rem 0 calc(1rem - 4px);border-left:4px solid var(--accent,currentColor);background:var(--hl-mark);color:inherit}
`

// tokenTypes lists the token types that have a CSS class, in a fixed order.
func tokenTypes() []chroma.TokenType {
	var types []chroma.TokenType
	for tt, cls := range chroma.StandardTypes {
		if cls != "" {
			types = append(types, tt)
		}
	}
	slices.Sort(types)
	return types
}
