package site

import (
	"bytes"
	"errors"
	"path"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// maxCSSErrors bounds what one stylesheet reports: past a few dozen, the
// rest follow from the first.
const maxCSSErrors = 50

// checkStylesheets checks every stylesheet under assets/ (see checkCSS);
// assets holds the files by their name under assets/.
func checkStylesheets(assets map[string][]byte) []error {
	var errs []error
	for name, data := range assets {
		if path.Ext(name) == ".css" {
			errs = append(errs, checkCSS("assets/"+name, data)...)
		}
	}
	return errs
}

// checkCSS reports the syntax errors of the stylesheet src, named file,
// each at its line and column. The minifier is lenient: it drops what it
// cannot read, so an unclosed brace or a stray one built "successfully"
// and took every rule after it down with it (UX review §3.5). tdewolff's
// CSS parser, the one the minifier uses, finds the errors it recovers
// from; what it lets pass quietly, an unclosed block, string or comment,
// is found from its tokens.
func checkCSS(file string, src []byte) []error {
	var errs []error
	report := func(off int, msg string) {
		line, col, _ := parse.Position(bytes.NewReader(src), off)
		errs = append(errs, &problem.Error{File: file, Line: line, Col: col, Err: errors.New("CSS: " + msg)})
	}
	lexCSS(src, report)
	p := css.NewParser(parse.NewInputBytes(src), false)
	var open []int // offsets of the "{" of each block not yet closed
	for len(errs) < maxCSSErrors {
		gt, tt, _ := p.Next()
		switch gt {
		case css.ErrorGrammar:
			if !p.HasParseError() {
				for i := len(open) - 1; i >= 0; i-- { // at the end: what is still open
					report(open[i], "unclosed {: the block it opens has no }")
				}
				return errs
			}
			var pe *parse.Error
			if errors.As(p.Err(), &pe) {
				errs = append(errs, &problem.Error{File: file, Line: pe.Line, Col: pe.Column, Err: errors.New("CSS: " + pe.Message)})
			}
		case css.BeginRulesetGrammar, css.BeginAtRuleGrammar:
			open = append(open, p.Offset()-1)
		case css.EndRulesetGrammar, css.EndAtRuleGrammar:
			if tt == css.ErrorToken { // closed by the end of the file
				continue
			}
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	return append(errs, problem.Errorf(file, 0, "CSS: more than %d errors; fix these first", maxCSSErrors))
}

// lexCSS reports the tokens that the parser reads without a word: a
// string that a line break ends, a bad url(...), and a comment that runs
// to the end of the file.
func lexCSS(src []byte, report func(off int, msg string)) {
	l := css.NewLexer(parse.NewInputBytes(src))
	for off := 0; ; {
		tt, data := l.Next()
		switch tt {
		case css.ErrorToken:
			return
		case css.BadStringToken:
			report(off, "unclosed string: a line break ends it; close the quote, or write \\A for a line break")
		case css.BadURLToken:
			report(off, "bad url(): quote the address, or escape its spaces, quotes and parentheses")
		case css.CommentToken:
			if !bytes.HasSuffix(data, []byte("*/")) || len(data) < 4 {
				report(off, "unclosed comment: /* with no */")
			}
		}
		off += len(data)
	}
}
