// Package highlight turns code into highlighted HTML and writes the
// stylesheet for it, in one place: the token classes it emits and the CSS
// rules for exactly those classes (TestEveryClassHasARule).
//
// Code is highlighted with chroma, as CSS classes rather than inline
// styles, so a strict Content-Security-Policy holds. JSON and Bash, the
// languages of most code blocks in documentation, are lexed by hand-made
// copies of chroma's lexers (json.go, bash.go) that give chroma's tokens
// 25-30 times faster (go test -bench Lexers), under all of chroma's
// aliases (jsonl, zsh, ...). Only the languages listed in Languages,
// those aliases, and lexers added with Register, are highlighted:
// some of chroma's lexers never end on some inputs (alecthomas/chroma#1377:
// a "jungle" block holding "/"), and one page must not hang a build. A
// block in any other language is the caller's to show as plain text.
package highlight

import (
	"html"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// Languages are the chroma lexers tested to end on hostile input
// (TestLanguagesEnd).
var Languages = []string{
	"bash", "sh", "shell", "console", "ini", "json", "yaml", "toml", "xml", "html",
	"http", "diff", "go", "python", "javascript", "c", "sql", "lua",
}

var (
	mu       sync.RWMutex
	added    = map[string]chroma.Lexer{} // by alias, from Register
	lexerMem sync.Map                    // language → chroma.Lexer, or none{}
)

type none struct{}

// handWritten serve for chroma's lexers of the same languages, with the
// same tokens: JSON (json.go) and Bash (bash.go).
var handWritten = []chroma.Lexer{newJSONLexer(), newBashLexer()}

// Register adds a lexer of the caller's (one known to end on any input),
// under each of its aliases. It is meant for set-up, before any Lexer call.
func Register(l chroma.Lexer) {
	mu.Lock()
	defer mu.Unlock()
	for _, alias := range l.Config().Aliases {
		added[alias] = l
	}
}

// Lexer returns the lexer for a fence's language (lower case), or nil when
// the language is not highlighted. Each name is looked up once: for a
// language chroma does not know, its registry's search tries every lexer's
// file patterns and costs milliseconds.
func Lexer(lang string) chroma.Lexer {
	if v, ok := lexerMem.Load(lang); ok {
		l, _ := v.(chroma.Lexer)
		return l
	}
	mu.RLock()
	l := added[lang]
	mu.RUnlock()
	for _, h := range handWritten {
		if l == nil && slices.Contains(h.Config().Aliases, lang) {
			l = h
		}
	}
	if l == nil && slices.Contains(Languages, lang) {
		l = lexers.Get(lang)
	}
	if l == nil {
		lexerMem.Store(lang, none{})
		return nil
	}
	l = chroma.Coalesce(l)
	lexerMem.Store(lang, l)
	return l
}

// Writer is what WriteTokens writes to: a bufio.Writer, goldmark's
// util.BufWriter, a bytes.Buffer.
type Writer interface {
	io.Writer
	io.StringWriter
}

// WriteTokens writes each token escaped, in a span of its class when the
// stylesheet has a rule for that class, and as plain text otherwise: no
// span per line as chroma's formatter writes (a fifth of a page's weight),
// none around whitespace, none that no rule styles.
func WriteTokens(w Writer, it chroma.Iterator) {
	classes := styledClasses()
	for t := it(); t != chroma.EOF; t = it() {
		text := html.EscapeString(t.Value)
		cls, ok := classes[t.Type]
		if !ok { // a type of chroma's outside StandardTypes: look it up
			cls = styledClass(t.Type)
		}
		if cls == "" || t.Type == chroma.TextWhitespace {
			w.WriteString(text)
			continue
		}
		w.WriteString(`<span class="`)
		w.WriteString(cls)
		w.WriteString(`">`)
		w.WriteString(text)
		w.WriteString(`</span>`)
	}
}

// styledClasses maps each token type of chroma's to the class WriteTokens
// gives it: the class of the nearest of itself and its parents that has a
// role (see roles), or "" when none has. One lookup a token, not a walk up
// its parents; and the stylesheet needs a rule per role entry only, not
// one per token type.
var styledClasses = sync.OnceValue(func() map[chroma.TokenType]string {
	m := map[chroma.TokenType]string{}
	for t := range chroma.StandardTypes {
		m[t] = styledClass(t)
	}
	return m
})

// styledClass is the class of t's nearest styled self or parent, or "".
func styledClass(t chroma.TokenType) string {
	for ; t != 0; t = t.Parent() {
		if _, ok := roles[t]; ok {
			return chroma.StandardTypes[t]
		}
	}
	return ""
}

// Lines says what WriteLines adds to a block's lines, by 0-based line
// number.
type Lines struct {
	Start bool         // line 0 is a start line: its status code is emphasised
	Body  int          // the first line of a message's body; 0 for none
	Mark  map[int]bool // lines to emphasise, each written as a <mark>
}

// WriteLines writes tokens as WriteTokens does, and the structure of a
// message around them: the start line in <span class="start">, the body
// (from Lines.Body on) in <span class="body">, and each marked line,
// with its line ending, in a <mark>. Tokens that span a line ending are
// split there; the text written is still exactly the input, escaped.
func WriteLines(w Writer, it chroma.Iterator, l Lines) {
	line := 0
	body := false       // the body's span is open, to the end
	var inLine []string // the line's own elements, innermost last
	begin := func() {
		if l.Body > 0 && line == l.Body {
			w.WriteString(`<span class="body">`)
			body = true
		}
		if l.Start && line == 0 {
			w.WriteString(`<span class="start">`)
			inLine = append(inLine, "</span>")
		}
		if l.Mark[line] {
			w.WriteString(`<mark>`)
			inLine = append(inLine, "</mark>")
		}
	}
	end := func() {
		for i := len(inLine) - 1; i >= 0; i-- {
			w.WriteString(inLine[i])
		}
		inLine = inLine[:0]
	}
	begin()
	var pending []chroma.Token
	flush := func() {
		i := 0
		WriteTokens(w, func() chroma.Token {
			if i == len(pending) {
				return chroma.EOF
			}
			i++
			return pending[i-1]
		})
		pending = pending[:0]
	}
	for t := it(); t != chroma.EOF; t = it() {
		for {
			nl := strings.IndexByte(t.Value, '\n')
			if nl < 0 {
				if t.Value != "" {
					pending = append(pending, t)
				}
				break
			}
			pending = append(pending, chroma.Token{Type: t.Type, Value: t.Value[:nl+1]})
			flush()
			end()
			line++
			t.Value = t.Value[nl+1:]
			begin()
		}
	}
	flush()
	end()
	if body {
		w.WriteString("</span>")
	}
}
