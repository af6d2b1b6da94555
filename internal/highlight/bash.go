package highlight

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// newBashLexer is chroma's Bash lexer written out by hand, as
// newJSONLexer is its JSON lexer: the same tokens for any input
// (FuzzBashLikeChroma), in 10 µs for a two-line command where chroma took
// 240 µs.
//
// It is chroma's state machine (lexers/embedded/bash.xml), rule by rule
// in chroma's order: keywords, builtins, comments, escapes, assignments,
// operators and here-documents; strings, with $ interpolation in double
// quotes; command substitution, arithmetic, backticks and ${...}. Its
// expressions are chroma's, in multi-line mode: ^ and $ match at line
// ends, and \s, \d, \w and \b are Unicode's as regexp2 has them. A few
// that Go's regexp can take as they are (leftmost-first matching is what
// a backtracking engine finds first) run as Go expressions; the others
// are code.
func newBashLexer() chroma.Lexer {
	return newHandLexer(bashChroma, func(text string) chroma.Iterator {
		return (&bashScanner{s: text, stack: []bashState{bashRoot}}).next
	})
}

var bashChroma = lexers.Get("bash")

type bashState int

const (
	bashRoot bashState = iota
	bashString
	bashParen
	bashMath
	bashBackticks
	bashCurly
)

type bashScanner struct {
	s       string
	pos     int
	stack   []bashState
	pending []chroma.Token // the rest of a rule's groups
}

func (b *bashScanner) push(s bashState) { b.stack = append(b.stack, s) }
func (b *bashScanner) pop()             { b.stack = b.stack[:len(b.stack)-1] }

func (b *bashScanner) next() chroma.Token {
	for len(b.pending) > 0 {
		t := b.pending[0]
		b.pending = b.pending[1:]
		if t.Value != "" {
			return t
		}
	}
	for b.pos < len(b.s) && len(b.stack) > 0 {
		state := b.stack[len(b.stack)-1]
		toks := b.match(state)
		if toks == nil {
			if b.s[b.pos] == '\n' && state != bashRoot {
				b.stack = b.stack[:1]
				continue
			}
			_, n := utf8.DecodeRuneInString(b.s[b.pos:])
			b.pos += n
			return chroma.Token{Type: chroma.Error, Value: b.s[b.pos-n : b.pos]}
		}
		b.pending = toks
		return b.next()
	}
	if b.pos < len(b.s) { // the stack emptied: chroma gives the rest as an error
		rest := b.s[b.pos:]
		b.pos = len(b.s)
		return chroma.Token{Type: chroma.Error, Value: rest}
	}
	return chroma.EOF
}

// tok makes the tokens of one rule's match: types and the lengths of its
// groups, in order; the position moves past them.
func (b *bashScanner) tok(parts ...any) []chroma.Token {
	var toks []chroma.Token
	for i := 0; i < len(parts); i += 2 {
		n := parts[i+1].(int)
		toks = append(toks, chroma.Token{Type: parts[i].(chroma.TokenType), Value: b.s[b.pos : b.pos+n]})
		b.pos += n
	}
	if toks == nil {
		toks = []chroma.Token{}
	}
	return toks
}

// match tries the rules of state at the position, in chroma's order, and
// returns the tokens of the first that matches, its push or pop done, or
// nil when none does.
func (b *bashScanner) match(state bashState) []chroma.Token {
	rest := b.s[b.pos:]
	switch state {
	case bashString:
		if rest[0] == '"' {
			b.pop()
			return b.tok(chroma.LiteralStringDouble, 1)
		}
		if n := len(bashStringPart.FindString(rest)); n > 0 {
			return b.tok(chroma.LiteralStringDouble, n)
		}
		return b.interp(rest)
	case bashParen:
		if rest[0] == ')' {
			b.pop()
			return b.tok(chroma.Keyword, 1)
		}
	case bashMath:
		if strings.HasPrefix(rest, "))") {
			b.pop()
			return b.tok(chroma.Keyword, 2)
		}
		if strings.IndexByte("-+*/%^|&", rest[0]) >= 0 { // before ** and ||, as chroma's alternation
			return b.tok(chroma.Operator, 1)
		}
		if d := digitsLen(rest); d > 0 {
			if d < len(rest) && rest[d] == '#' {
				if e := digitsLen(rest[d+1:]); e > 0 {
					return b.tok(chroma.LiteralNumber, d+1+e)
				}
				if d+1 >= len(rest) || rest[d+1] != ' ' {
					return b.tok(chroma.LiteralNumber, d+1)
				}
			}
			return b.tok(chroma.LiteralNumber, d)
		}
	case bashBackticks:
		if rest[0] == '`' {
			b.pop()
			return b.tok(chroma.LiteralStringBacktick, 1)
		}
	case bashCurly:
		switch {
		case rest[0] == '}':
			b.pop()
			return b.tok(chroma.LiteralStringInterpol, 1)
		case strings.HasPrefix(rest, ":-"):
			return b.tok(chroma.Keyword, 2)
		}
		if n := wordsLen(rest); n > 0 {
			return b.tok(chroma.NameVariable, n)
		}
		if n := runLen(rest, func(r rune) bool { return !strings.ContainsRune("}:\"'`$\\", r) }); n > 0 {
			return b.tok(chroma.Punctuation, n)
		}
		if rest[0] == ':' {
			return b.tok(chroma.Punctuation, 1)
		}
	}
	return b.root(rest)
}

// root is the rules of the root state: basic, a backtick, data, interp.
func (b *bashScanner) root(rest string) []chroma.Token {
	if toks := b.basic(rest); toks != nil {
		return toks
	}
	if rest[0] == '`' {
		b.push(bashBackticks)
		return b.tok(chroma.LiteralStringBacktick, 1)
	}
	if toks := b.data(rest); toks != nil {
		return toks
	}
	return b.interp(rest)
}

var (
	bashKeywords = []string{"if", "fi", "else", "while", "do", "done", "for", "then", "return", "function", "case", "select", "continue", "until", "esac", "elif"}
	bashBuiltins = []string{"alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "popd", "printf", "pushd", "pwd", "read", "readonly", "set", "shift", "shopt", "source", "suspend", "test", "time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait"}

	// The same, by first letter, in order.
	bashKeywordsBy, bashBuiltinsBy = byFirst(bashKeywords), byFirst(bashBuiltins)

	// Chroma's expressions that Go's regexp takes as they are, with \s
	// spelled out as unicode.IsSpace's set.
	bashDouble     = regexp.MustCompile(`^(?s)\$?"(\\\\|\\[0-7]+|\\.|[^"\\$])*"`)
	bashDollarQ    = regexp.MustCompile(`^(?s)\$'(\\\\|\\[0-7]+|\\.|[^'\\])*'`)
	bashStringPart = regexp.MustCompile(`^(?s)(\\\\|\\[0-7]+|\\.|[^"\\$])+`)
)

// basic is chroma's basic state.
func (b *bashScanner) basic(rest string) []chroma.Token {
	boundary := b.wordBoundary(b.pos)
	if c := rest[0]; boundary && 'a' <= c && c <= 'z' { // every keyword and builtin starts so
		// \b(if|...)(\s*)\b: the keyword and the spaces after it when a
		// word follows them; otherwise backtracking gives up every space
		// (no boundary lies between two), and a boundary follows the
		// keyword itself only if a space or no word character does.
		for _, kw := range bashKeywordsBy[rest[0]-'a'] {
			if !strings.HasPrefix(rest, kw) {
				continue
			}
			end, sp := b.pos+len(kw), spaceLen(rest[len(kw):])
			if sp > 0 && !b.wordBoundary(end+sp) {
				sp = 0
			}
			if b.wordBoundary(end + sp) {
				return b.tok(chroma.Keyword, len(kw), chroma.Text, sp)
			}
		}
		// \b(alias|...)(?=[\s)`]): the first of the alternatives, in
		// order, that is followed by one of those.
		for _, bi := range bashBuiltinsBy[rest[0]-'a'] {
			if strings.HasPrefix(rest, bi) && len(rest) > len(bi) {
				r, _ := utf8.DecodeRuneInString(rest[len(bi):])
				if unicode.IsSpace(r) || r == ')' || r == '`' {
					return b.tok(chroma.NameBuiltin, len(bi))
				}
			}
		}
	}
	// \A#!.+\n
	if b.pos == 0 && strings.HasPrefix(rest, "#!") {
		if nl := strings.IndexByte(rest, '\n'); nl > 2 {
			return b.tok(chroma.CommentPreproc, nl+1)
		}
	}
	if rest[0] == '#' {
		// #.*(\S|$): . takes all but a newline, and $ matches at a line's
		// end (multi-line mode), so the comment is the rest of the line.
		n := strings.IndexByte(rest, '\n')
		if n < 0 {
			n = len(rest)
		}
		return b.tok(chroma.CommentSingle, n)
	}
	if rest[0] == '\\' && len(rest) > 1 {
		_, n := utf8.DecodeRuneInString(rest[1:])
		return b.tok(chroma.LiteralStringEscape, 1+n)
	}
	// (\b\w+)(\s*)(\+?=)
	if boundary {
		if w := wordsLen(rest); w > 0 {
			// \w+ gives up characters only to put a boundary, \s* and
			// +?= after it; no shorter word can be followed by spaces or
			// =, so only the whole run is tried.
			sp := spaceLen(rest[w:])
			after := rest[w+sp:]
			switch {
			case strings.HasPrefix(after, "+="):
				return b.tok(chroma.NameVariable, w, chroma.Text, sp, chroma.Operator, 2)
			case strings.HasPrefix(after, "="):
				return b.tok(chroma.NameVariable, w, chroma.Text, sp, chroma.Operator, 1)
			}
		}
	}
	switch {
	case strings.IndexByte("[]{}()=", rest[0]) >= 0:
		return b.tok(chroma.Operator, 1)
	case strings.HasPrefix(rest, "<<<"):
		return b.tok(chroma.Operator, 3)
	}
	if n := heredocLen(rest); n > 0 {
		return b.tok(chroma.LiteralString, n)
	}
	if strings.HasPrefix(rest, "&&") || strings.HasPrefix(rest, "||") {
		return b.tok(chroma.Operator, 2)
	}
	return nil
}

// data is chroma's data state.
func (b *bashScanner) data(rest string) []chroma.Token {
	if rest[0] == '"' || rest[0] == '$' && len(rest) > 1 && rest[1] == '"' {
		if n := len(bashDouble.FindString(rest)); n > 0 {
			return b.tok(chroma.LiteralStringDouble, n)
		}
	}
	if rest[0] == '"' {
		b.push(bashString)
		return b.tok(chroma.LiteralStringDouble, 1)
	}
	if strings.HasPrefix(rest, "$'") {
		if n := len(bashDollarQ.FindString(rest)); n > 0 {
			return b.tok(chroma.LiteralStringSingle, n)
		}
	}
	if rest[0] == '\'' {
		if i := strings.IndexByte(rest[1:], '\''); i >= 0 {
			return b.tok(chroma.LiteralStringSingle, i+2)
		}
	}
	switch rest[0] {
	case ';', '&', '|':
		return b.tok(chroma.Punctuation, 1)
	}
	if n := spaceLen(rest); n > 0 {
		return b.tok(chroma.Text, n)
	}
	// \d+(?= |$): only the whole run of digits can be followed by a
	// space or a line's end (a shorter one is followed by a digit).
	if d := digitsLen(rest); d > 0 && (d == len(rest) || rest[d] == ' ' || rest[d] == '\n') {
		return b.tok(chroma.LiteralNumber, d)
	}
	if n := runLen(rest, func(r rune) bool { return !unicode.IsSpace(r) && !strings.ContainsRune("=[]{}()$\"'`\\<&|;", r) }); n > 0 {
		return b.tok(chroma.Text, n)
	}
	if rest[0] == '<' {
		return b.tok(chroma.Text, 1)
	}
	return nil
}

// interp is chroma's interp state.
func (b *bashScanner) interp(rest string) []chroma.Token {
	if rest[0] != '$' {
		return nil
	}
	switch {
	case strings.HasPrefix(rest, "$(("):
		b.push(bashMath)
		return b.tok(chroma.Keyword, 3)
	case strings.HasPrefix(rest, "$("):
		b.push(bashParen)
		return b.tok(chroma.Keyword, 2)
	case strings.HasPrefix(rest, "${#"):
		b.push(bashCurly)
		return b.tok(chroma.LiteralStringInterpol, 3)
	case strings.HasPrefix(rest, "${"):
		b.push(bashCurly)
		return b.tok(chroma.LiteralStringInterpol, 2)
	}
	if len(rest) > 1 {
		if c := rest[1]; c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return b.tok(chroma.NameVariable, 2+wordsLen(rest[2:]))
		}
		if d := digitsLen(rest[1:]); d > 0 {
			return b.tok(chroma.NameVariable, 1+d)
		}
		if strings.IndexByte("#$?!_*@-", rest[1]) >= 0 {
			return b.tok(chroma.NameVariable, 2)
		}
	}
	return b.tok(chroma.Text, 1)
}

// wordBoundary reports whether \b holds at byte i of the text: a word
// character on one side of it and none on the other.
func (b *bashScanner) wordBoundary(i int) bool {
	before := false
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(b.s[:i])
		before = isWordRune(r)
	}
	return before != wordAt(b.s[i:])
}

// byFirst sorts words, all of lower-case ASCII letters, by first letter,
// keeping their order.
func byFirst(words []string) (by [26][]string) {
	for _, w := range words {
		by[w[0]-'a'] = append(by[w[0]-'a'], w)
	}
	return by
}

// prevRuneStart is the start of the rune of s that ends at byte i.
func prevRuneStart(s string, i int) int {
	_, n := utf8.DecodeLastRuneInString(s[:i])
	return i - n
}

// heredocLen matches <<-?\s*(\'?)\\?(\w+)[\w\W]+?\2 at the start of s:
// the word, then the text up to and with the word's next appearance (at
// least one character on). When it appears no more, backtracking tries
// the word's shorter beginnings, longest first.
func heredocLen(s string) int {
	if !strings.HasPrefix(s, "<<") {
		return 0
	}
	i := 2
	if i < len(s) && s[i] == '-' {
		i++
	}
	i += spaceLen(s[i:])
	if i < len(s) && s[i] == '\'' {
		i++
	}
	if i < len(s) && s[i] == '\\' {
		i++
	}
	w := wordsLen(s[i:])
	for k := w; k > 0; k = prevRuneStart(s[i:], k) {
		word := s[i : i+k]
		from := i + k
		if from >= len(s) {
			continue
		}
		_, first := utf8.DecodeRuneInString(s[from:])
		if j := strings.Index(s[from+first:], word); j >= 0 {
			return from + first + j + len(word)
		}
	}
	return 0
}
