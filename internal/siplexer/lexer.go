// Package siplexer is a chroma lexer for SIP messages (RFC 3261), with
// SDP bodies (RFC 8866), written as a hand-made scanner rather than a
// chroma.RegexLexer.
//
// Importing the package registers the lexer with chroma's global registry,
// so code fences marked "sip" are highlighted (see internal/content):
//
//	import _ "github.com/sipcodes/sipcodes/internal/siplexer"
//
// The lexer is named "SIP", with the alias "sip", the file name "*.sip"
// and the MIME type "message/sip".
//
// # Tokens
//
// Every token type the lexer emits, and what it marks:
//
//	NameFunction          method: request line, CSeq, RAck and Allow values
//	KeywordReserved       SIP version "SIP/2.0", in start lines and Via
//	KeywordConstant       Via transport (UDP, TCP, TLS, WS...); SDP IN, IP4, IP6 and
//	                      m= transport protocol (RTP/AVP)
//	KeywordType           SDP m= media type (audio, video, ...)
//	Keyword               first word of an auth header ("Digest") or of Reason ("Q.850", "SIP")
//	LiteralNumberInteger  status code, port, and any all-digit word or value
//	LiteralNumberFloat    a decimal word or value, such as q=0.5 or a Timestamp
//	NameException         reason phrase of a status line
//	NameTag               header name, long ("Call-ID") or compact ("i"); SDP type letter
//	NameAttribute         parameter name (";tag", ";lr", "realm=", "cause="); SDP attribute name
//	Operator              "=" between a parameter and its value, and after an SDP type letter
//	Punctuation           ":" after a header name, and < > ; , @ ? & / inside values and URIs
//	NameNamespace         URI scheme (sip, sips, tel, ...)
//	NameVariable          URI user part, telephone number of a tel URI
//	NameConstant          host (URI, Via sent-by), IP address parameter value
//	                      (received=192.0.2.1), SDP connection or origin address
//	LiteralString         parameter values and other words of a header or SDP value
//	LiteralStringDouble   quoted string with its quotes (display name, text="...")
//	LiteralDate           the whole value of a Date header
//	TextWhitespace        spaces, tabs, line endings and the blank line before the body
//	Text                  a body that is not SDP, lines that fit nowhere, and stray
//	                      text after a port or a request line's version
//	Error                 a line of control bytes or invalid UTF-8 where a header or
//	                      SDP line was due, and a status code that is not three digits
//
// # Structure
//
// The first non-blank line is a status line if it starts with "SIP/", and a
// request line if it is a method, a space and a URI. A first line "v=..."
// starts an SDP snippet, and anything else is lexed as a header line, so
// snippets that show only headers or only SDP work too. Lines that
// start with a space or tab continue the previous header's value (RFC 3261
// §7.3.1). A blank line, or one of only spaces, ends the headers. The body
// is lexed as SDP if Content-Type (or "c") says application/sdp, or if there
// is no Content-Type and the body starts with "v="; any other body is one
// Text token.
//
// Lines may end in CRLF, LF or a lone CR. The tokens always concatenate to
// exactly the input: Tokenise ignores TokeniseOptions, including EnsureLF,
// because SIP's CRLF line endings are part of the message.
package siplexer

import (
	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// Lexer is a chroma.Lexer for SIP messages. Its Tokenise is safe for
// concurrent use; SetRegistry and SetAnalyser are not, and are meant for
// set-up.
type Lexer struct {
	config   chroma.Config
	registry *chroma.LexerRegistry
	analyser func(text string) float32
}

// New returns a SIP lexer that is not registered anywhere; the package's
// init registers one with chroma's global registry.
func New() *Lexer {
	return &Lexer{config: chroma.Config{
		Name:      "SIP",
		Aliases:   []string{"sip"},
		Filenames: []string{"*.sip"},
		MimeTypes: []string{"message/sip"},
	}}
}

func init() {
	lexers.Register(New())
}

// Config describes the lexer: its name, aliases, file names and MIME types.
func (l *Lexer) Config() *chroma.Config { return &l.config }

// Tokenise returns an iterator over the tokens of text, which never fails.
// Options are ignored: see the package documentation.
func (l *Lexer) Tokenise(_ *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	return newScanner(text).token, nil
}

// SetRegistry records the registry the lexer belongs to. The lexer does not
// delegate bodies to other lexers yet, so it only keeps it.
func (l *Lexer) SetRegistry(registry *chroma.LexerRegistry) chroma.Lexer {
	l.registry = registry
	return l
}

// SetAnalyser replaces the lexer's own AnalyseText scoring with analyser.
func (l *Lexer) SetAnalyser(analyser func(text string) float32) chroma.Lexer {
	l.analyser = analyser
	return l
}

// AnalyseText scores text 1 if its first non-blank line is a SIP/2.0 status
// or request line, and 0 otherwise.
func (l *Lexer) AnalyseText(text string) float32 {
	if l.analyser != nil {
		return l.analyser(text)
	}
	if looksLikeSIP(firstLine(text)) {
		return 1
	}
	return 0
}
