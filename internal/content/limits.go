package content

import (
	"bytes"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// Limits on the shapes of Markdown that goldmark takes more than linear
// time over (reliability review F3): deeply nested containers, many
// brackets in one paragraph, link destinations that never close, and very
// many link reference definitions. No page written by a person comes near
// them; a generated or hostile page that does is refused at its line
// instead of stalling the build for minutes. Inside the bounds, parsing
// grows linearly with the page: the worst 4 MiB page takes a few seconds
// of CPU, not minutes (TestLimitsBoundTime).
const (
	maxNesting  = 16     // blockquote and list markers opening one line
	maxIndent   = 64     // columns of indentation before a line's text
	maxBrackets = 1e9    // sum over paragraphs of "]" count × line count
	maxDestScan = 1e8    // sum over "](" of the bytes to the next blank
	maxRefDefs  = 10_000 // link reference definitions in a page
)

// checkLimits reports the first place where body, which starts at line
// bodyLine of file, passes one of the limits.
func checkLimits(file string, body []byte, bodyLine int) error {
	var (
		brackets, destScan     float64
		paraClosers, paraLines float64
		refDefs                int
		line                   = bodyLine
	)
	for start := 0; start < len(body); line++ {
		end := bytes.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start
		}
		text := body[start:end]
		indent, nesting, rest := lineStart(text)
		switch {
		case nesting > maxNesting:
			return problem.Errorf(file, line, "Markdown nested %d deep (blockquotes and lists); at most %d, so that no page can stall the build", nesting, maxNesting)
		case indent > maxIndent:
			return problem.Errorf(file, line, "line indented %d columns; at most %d, so that no page can stall the build", indent, maxIndent)
		}
		if len(rest) == 0 { // a blank line ends a paragraph
			brackets += paraClosers * paraLines
			paraClosers, paraLines = 0, 0
		} else {
			paraLines++
		}
		if len(rest) > 1 && rest[0] == '[' && isRefDef(rest) {
			if refDefs++; refDefs > maxRefDefs {
				return problem.Errorf(file, line, "more than %d link reference definitions in one page", maxRefDefs)
			}
		}
		// "](" opens a link destination, which goldmark reads up to the
		// next blank; any other "]" may close a [bracket].
		links := 0
		for rest := text; ; {
			i := bytes.Index(rest, []byte("]("))
			if i < 0 {
				break
			}
			links++
			rest = rest[i+2:]
			reach := bytes.IndexAny(rest, " \t\r")
			if reach < 0 {
				reach = len(rest)
			}
			if destScan += float64(reach); destScan > maxDestScan {
				return problem.Errorf(file, line, "too many links whose ( is never closed; close them, so that no page can stall the build")
			}
		}
		paraClosers += float64(bytes.Count(text, []byte("]")) - links)
		if brackets+paraClosers*paraLines > maxBrackets {
			return problem.Errorf(file, line, "too many [brackets] on the lines of one paragraph; split the paragraph, so that no page can stall the build")
		}
		start = end + 1
	}
	return nil
}

// lineStart measures how a line opens: its indentation in columns (tabs
// to the next multiple of 4), and how many container markers (">" and
// list bullets or numbers followed by a space) open it; rest is the line
// after them.
func lineStart(text []byte) (indent, nesting int, rest []byte) {
	i, col := 0, 0
	for {
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			if text[i] == '\t' {
				col += 4 - col%4
			} else {
				col++
			}
			i++
		}
		if nesting == 0 {
			indent = col
		}
		switch n := markerLen(text[i:]); {
		case n > 0:
			nesting++
			i += n
		default:
			return indent, nesting, trimRight(text[i:])
		}
	}
}

// markerLen is the length of a container marker at the start of b: ">",
// or a bullet or ordered-list number followed by a space; 0 if none.
func markerLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '>':
		return 1
	case '-', '*', '+':
		if len(b) > 1 && (b[1] == ' ' || b[1] == '\t') {
			return 2
		}
		return 0
	}
	d := 0
	for d < len(b) && d < 9 && b[d] >= '0' && b[d] <= '9' {
		d++
	}
	if d > 0 && d+1 < len(b) && (b[d] == '.' || b[d] == ')') && (b[d+1] == ' ' || b[d+1] == '\t') {
		return d + 2
	}
	return 0
}

func trimRight(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// isRefDef reports whether a line looks like a link reference definition,
// "[label]: destination".
func isRefDef(b []byte) bool {
	for i := 1; i < len(b) && i < 1000; i++ {
		if b[i] == ']' {
			return i+1 < len(b) && b[i+1] == ':'
		}
	}
	return false
}
