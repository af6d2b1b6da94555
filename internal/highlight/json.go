package highlight

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// newJSONLexer is chroma's JSON lexer written out by hand: the same tokens
// for any input (FuzzJSONLikeChroma holds the two to that), in 4 µs for a
// line of JSON where chroma's regular expressions took 120 µs. Chroma's
// JSON and Bash lexers were over a quarter of the CPU time of a cold build
// of pages with such code blocks in them.
//
// It is chroma's state machine (lexers/embedded/json.xml): a value is
// whitespace, true, false or null, a number, a string, a // comment, or
// the start of an object or an array; in an object, a string is a key
// (NameTag) and what follows its colon a value; a character no rule takes
// is one Error token. As in chroma, \s, \d and \b are Unicode's, line
// endings become LF (TokeniseOptions.EnsureLF, the default) and each byte
// of invalid UTF-8 becomes U+FFFD.
func newJSONLexer() chroma.Lexer {
	return newHandLexer(jsonChroma, func(text string) chroma.Iterator {
		return (&jsonScanner{s: text, stack: []jsonState{jsonRoot}}).next
	})
}

var jsonChroma = lexers.Get("json")

// jsonState is a state of chroma's JSON lexer.
type jsonState int

const (
	jsonRoot      jsonState = iota
	jsonObject              // objectvalue: keys
	jsonAttribute           // objectattribute: after a key
	jsonArray               // arrayvalue
)

type jsonScanner struct {
	s     string
	pos   int
	stack []jsonState
}

// next returns the next token, or chroma.EOF.
func (j *jsonScanner) next() chroma.Token {
	for j.pos < len(j.s) {
		rest := j.s[j.pos:]
		state := j.stack[len(j.stack)-1]
		typ, n := j.match(state, rest)
		if n == 0 {
			if rest[0] == '\n' && state != jsonRoot {
				j.stack = j.stack[:1]
				continue
			}
			_, n = utf8.DecodeRuneInString(rest)
			typ = chroma.Error
		}
		j.pos += n
		return chroma.Token{Type: typ, Value: rest[:n]}
	}
	return chroma.EOF
}

// match tries the rules of state, in chroma's order, on rest, and returns
// the first that matches and its length (0 for none), with its push or
// pop done.
func (j *jsonScanner) match(state jsonState, rest string) (chroma.TokenType, int) {
	switch state {
	case jsonObject:
		if n := spaceLen(rest); n > 0 {
			return chroma.Text, n
		}
		if n := commentLen(rest); n > 0 {
			return chroma.CommentSingle, n
		}
		if n := stringLen(rest); n > 0 {
			j.stack = append(j.stack, jsonAttribute)
			return chroma.NameTag, n
		}
		if rest[0] == '}' {
			j.stack = j.stack[:len(j.stack)-1]
			return chroma.Punctuation, 1
		}
		return 0, 0
	case jsonAttribute:
		if typ, n := j.value(rest); n > 0 {
			return typ, n
		}
		switch rest[0] {
		case ':':
			return chroma.Punctuation, 1
		case ',':
			j.stack = j.stack[:len(j.stack)-1]
			return chroma.Punctuation, 1
		case '}':
			j.stack = j.stack[:len(j.stack)-2]
			return chroma.Punctuation, 1
		}
		return 0, 0
	case jsonArray:
		if typ, n := j.value(rest); n > 0 { // its whitespace first, as chroma's
			return typ, n
		}
		switch rest[0] {
		case ',':
			return chroma.Punctuation, 1
		case ']':
			j.stack = j.stack[:len(j.stack)-1]
			return chroma.Punctuation, 1
		}
		return 0, 0
	default:
		return j.value(rest)
	}
}

// value is the rules of a value (chroma's "value" state).
func (j *jsonScanner) value(rest string) (chroma.TokenType, int) {
	if n := spaceLen(rest); n > 0 {
		return chroma.Text, n
	}
	for _, kw := range [...]string{"true", "false", "null"} {
		if strings.HasPrefix(rest, kw) && !wordAt(rest[len(kw):]) {
			return chroma.KeywordConstant, len(kw)
		}
	}
	if n, float := numberLen(rest); n > 0 {
		if float {
			return chroma.LiteralNumberFloat, n
		}
		return chroma.LiteralNumberInteger, n
	}
	if n := stringLen(rest); n > 0 {
		return chroma.LiteralStringDouble, n
	}
	if n := commentLen(rest); n > 0 {
		return chroma.CommentSingle, n
	}
	switch rest[0] {
	case '{':
		j.stack = append(j.stack, jsonObject)
		return chroma.Punctuation, 1
	case '[':
		j.stack = append(j.stack, jsonArray)
		return chroma.Punctuation, 1
	}
	return 0, 0
}

// spaceLen is the length of the run of white space (\s: unicode.IsSpace,
// as chroma's regexp2 has it) that starts s.
func spaceLen(s string) int { return runLen(s, unicode.IsSpace) }

// digitsLen is the length of the run of digits (\d: Unicode's Nd) that
// starts s.
func digitsLen(s string) int { return runLen(s, unicode.IsDigit) }

// wordsLen is the length of the run of word characters (\w) that starts s.
func wordsLen(s string) int { return runLen(s, isWordRune) }

// runLen is the length of the run of runes of s, from its start, that ok
// takes.
func runLen(s string, ok func(rune) bool) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !ok(r) {
			break
		}
		n += size
	}
	return n
}

// isWordRune reports whether r is a word character as regexp2 has \w:
// a letter, a non-spacing mark, a decimal digit, a connector (_), or a
// zero-width joiner or non-joiner.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.In(r, unicode.L, unicode.Mn, unicode.Nd, unicode.Pc) || r == '\u200D' || r == '\u200C'
}

// wordAt reports whether s starts with a word character, so that no word
// boundary lies before s after a character that is not one.
func wordAt(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

// numberLen matches chroma's number rules at the start of s, the float
// -?(0|[1-9]\d*)(\.\d+[eE](\+|-)?\d+|[eE](\+|-)?\d+|\.\d+) first, then
// the integer -?(0|[1-9]\d*), and returns the length of the match and
// whether it is the float.
func numberLen(s string) (int, bool) {
	n := 0
	if n < len(s) && s[n] == '-' {
		n++
	}
	switch {
	case n < len(s) && s[n] == '0':
		n++
	case n < len(s) && '1' <= s[n] && s[n] <= '9':
		n++
		n += digitsLen(s[n:])
	default:
		return 0, false
	}
	exponent := func(i int) int { // [eE](\+|-)?\d+ at i, or 0
		if i >= len(s) || s[i] != 'e' && s[i] != 'E' {
			return 0
		}
		k := i + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if d := digitsLen(s[k:]); d > 0 {
			return k + d - i
		}
		return 0
	}
	if n < len(s) && s[n] == '.' {
		if d := digitsLen(s[n+1:]); d > 0 {
			if e := exponent(n + 1 + d); e > 0 {
				return n + 1 + d + e, true
			}
			return n + 1 + d, true
		}
		return n, false
	}
	if e := exponent(n); e > 0 {
		return n + e, true
	}
	return n, false
}

// jsonString is chroma's string rule, for the rare input where the
// greedy reading below finds no closing quote and the regular
// expression's backtracking decides (Go's regexp picks the match a
// backtracking engine would).
var jsonString = regexp.MustCompile(`^"(\\\\|\\"|[^"])*"`)

// stringLen is the length of the match of "(\\\\|\\"|[^"])*" at the start
// of s, or 0.
func stringLen(s string) int {
	if s == "" || s[0] != '"' {
		return 0
	}
	for i := 1; i < len(s); {
		switch {
		case s[i] == '"':
			return i + 1
		case s[i] == '\\' && i+1 < len(s) && (s[i+1] == '\\' || s[i+1] == '"'):
			i += 2
		default:
			i++
		}
	}
	return len(jsonString.FindString(s))
}

// commentLen is the length of the match of //.*?\n (dot matching
// newlines) at the start of s, or 0.
func commentLen(s string) int {
	if !strings.HasPrefix(s, "//") {
		return 0
	}
	if i := strings.IndexByte(s[2:], '\n'); i >= 0 {
		return i + 3
	}
	return 0
}
