package siplexer

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// section is the part of a message the scanner has reached.
type section int

const (
	inStartLine  section = iota // before the first non-blank line
	inHeaders                   // header lines, up to the blank line
	inSDP                       // an SDP body, lexed line by line
	inOpaqueBody                // any other body, passed on as one Text token
)

// scanner turns a SIP message into tokens one line at a time, so
// tokenising costs one small buffer however long the message is. Token
// values are slices of the input, never copies.
type scanner struct {
	src         string
	pos         int // start of the next line to scan
	section     section
	header      headerState    // the header the last value line belonged to
	contentType string         // first word of Content-Type, "" until seen
	buf         []chroma.Token // tokens of the line being handed out
	next        int            // index in buf of the next token to hand out
}

func newScanner(src string) *scanner {
	return &scanner{src: src, buf: make([]chroma.Token, 0, 32)}
}

// token returns the next token, and chroma.EOF once the input is used up;
// it is the chroma.Iterator that Tokenise returns.
func (s *scanner) token() chroma.Token {
	for s.next == len(s.buf) {
		if s.pos >= len(s.src) {
			return chroma.EOF
		}
		s.buf, s.next = s.buf[:0], 0
		s.scanLine()
	}
	t := s.buf[s.next]
	s.next++
	return t
}

// emit appends a token to the current line's tokens. Empty text is dropped:
// chroma.EOF is the empty token, and an empty value carries nothing.
func (s *scanner) emit(typ chroma.TokenType, text string) {
	if text != "" {
		s.buf = append(s.buf, chroma.Token{Type: typ, Value: text})
	}
}

// scanLine scans the line at s.pos, with its line ending, and moves past it.
// Every line is at least one byte, so the scanner always advances.
func (s *scanner) scanLine() {
	if s.section == inOpaqueBody {
		s.emit(chroma.Text, s.src[s.pos:])
		s.pos = len(s.src)
		return
	}
	line, eol := splitLine(s.src[s.pos:])
	s.pos += len(line) + len(eol)
	switch s.section {
	case inStartLine:
		s.scanFirstLine(line)
	case inHeaders:
		s.scanHeaderSectionLine(line)
	case inSDP:
		s.scanSDPLine(line)
	}
	s.emit(chroma.TextWhitespace, eol)
}

// scanFirstLine scans a line before any header: blank lines are skipped
// (RFC 3261 §7.5), then comes a status line, a request line, or, in a
// snippet that shows only headers or only SDP, the first header or "v=".
func (s *scanner) scanFirstLine(line string) {
	switch {
	case isBlank(line):
		s.emit(chroma.TextWhitespace, line)
		return
	case strings.HasPrefix(line, "v="):
		s.section = inSDP
		s.scanSDPLine(line)
		return
	case isStatusLine(line):
		s.scanStatusLine(line)
	case isRequestLine(line):
		s.scanRequestLine(line)
	default:
		s.scanHeaderSectionLine(line)
	}
	s.section = inHeaders
}

// scanHeaderSectionLine scans a header line, a folded continuation of the
// previous one, or the blank line that ends the headers.
func (s *scanner) scanHeaderSectionLine(line string) {
	switch {
	case isBlank(line):
		s.emit(chroma.TextWhitespace, line)
		s.section = s.bodySection()
	case line[0] == ' ' || line[0] == '\t':
		space, rest := cutSpace(line)
		s.emit(chroma.TextWhitespace, space)
		s.scanValue(rest)
	default:
		s.scanHeaderLine(line)
	}
}

// emitUnknown emits a line that fits nowhere: Error if it holds bytes that
// cannot be SIP text, Text otherwise.
func (s *scanner) emitUnknown(line string) {
	if isJunk(line) {
		s.emit(chroma.Error, line)
		return
	}
	s.emit(chroma.Text, line)
}

// isStatusLine reports whether line starts like a status line: a "SIP/"
// version followed by a space.
func isStatusLine(line string) bool {
	version, rest := cutWord(line)
	return hasPrefixFold(version, "SIP/") && rest != ""
}

// isRequestLine reports whether line starts like a request line: a method
// token, spaces, and a URI, which must be a sip, sips or tel URI unless the
// line ends in a "SIP/" version.
func isRequestLine(line string) bool {
	method, rest := cutWord(line)
	if !isToken(method) || rest == "" {
		return false
	}
	_, rest = cutSpace(rest)
	uri, rest := cutWord(rest)
	scheme, _, found := strings.Cut(uri, ":")
	if !found || !isScheme(scheme) {
		return false
	}
	return isSIPScheme(scheme) || strings.EqualFold(scheme, "tel") ||
		hasPrefixFold(lastWord(rest), "SIP/")
}

// looksLikeSIP reports whether line is a SIP/2.0 status line with a
// three-digit code, or a request line that ends in SIP/2.0.
func looksLikeSIP(line string) bool {
	if isStatusLine(line) {
		version, rest := cutWord(line)
		_, rest = cutSpace(rest)
		code, _ := cutWord(rest)
		return strings.EqualFold(version, "SIP/2.0") && isStatusCode(code)
	}
	return isRequestLine(line) && strings.EqualFold(lastWord(line), "SIP/2.0")
}

// isStatusCode reports whether s is a three-digit status code.
func isStatusCode(s string) bool { return len(s) == 3 && isDigits(s) }

// lastWord returns the last word of s, ignoring trailing spaces and tabs.
func lastWord(s string) string {
	s = strings.TrimRight(s, " \t")
	return s[strings.LastIndexAny(s, " \t")+1:]
}

// scanStatusLine emits "SIP/2.0 486 Busy Here": version, code, reason.
func (s *scanner) scanStatusLine(line string) {
	version, rest := cutWord(line)
	s.emit(chroma.KeywordReserved, version)
	space, rest := cutSpace(rest)
	s.emit(chroma.TextWhitespace, space)
	code, rest := cutWord(rest)
	if isStatusCode(code) {
		s.emit(chroma.LiteralNumberInteger, code)
	} else {
		s.emit(chroma.Error, code)
	}
	space, rest = cutSpace(rest)
	s.emit(chroma.TextWhitespace, space)
	s.emit(chroma.NameException, rest)
}

// scanRequestLine emits "INVITE sip:bob@example.com SIP/2.0": method,
// Request-URI, version, and as Text anything after them.
func (s *scanner) scanRequestLine(line string) {
	method, rest := cutWord(line)
	s.emit(chroma.NameFunction, method)
	space, rest := cutSpace(rest)
	s.emit(chroma.TextWhitespace, space)
	uri, rest := cutWord(rest)
	s.scanURI(uri)
	space, rest = cutSpace(rest)
	s.emit(chroma.TextWhitespace, space)
	version, rest := cutWord(rest)
	if hasPrefixFold(version, "SIP/") {
		s.emit(chroma.KeywordReserved, version)
	} else {
		s.emit(chroma.Text, version)
	}
	space, rest = cutSpace(rest)
	s.emit(chroma.TextWhitespace, space)
	s.emit(chroma.Text, rest)
}
