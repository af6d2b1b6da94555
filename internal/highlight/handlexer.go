package highlight

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// A handLexer is one of chroma's lexers written out by hand (json.go,
// bash.go): chroma's configuration, names and aliases included, and a
// scanner that gives chroma's tokens for the text as chroma reads it.
type handLexer struct {
	config chroma.Config
	scan   func(text string) chroma.Iterator
}

// newHandLexer is the hand-made copy of like, scanning with scan.
func newHandLexer(like chroma.Lexer, scan func(text string) chroma.Iterator) *handLexer {
	return &handLexer{config: *like.Config(), scan: scan}
}

func (l *handLexer) Config() *chroma.Config { return &l.config }

func (l *handLexer) Tokenise(opts *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	return l.scan(asChromaReads(opts, text)), nil
}

func (l *handLexer) SetRegistry(*chroma.LexerRegistry) chroma.Lexer { return l }

func (l *handLexer) SetAnalyser(func(string) float32) chroma.Lexer { return l }

func (l *handLexer) AnalyseText(string) float32 { return 0 }

// asChromaReads is text as a chroma.RegexLexer reads it: with LF line
// endings (TokeniseOptions.EnsureLF, the default), and each byte of
// invalid UTF-8 a U+FFFD, for it reads text as runes.
func asChromaReads(opts *chroma.TokeniseOptions, text string) string {
	if opts == nil || opts.EnsureLF {
		text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	}
	if !utf8.ValidString(text) {
		text = string([]rune(text))
	}
	return text
}
