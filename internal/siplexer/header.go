package siplexer

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// headerKind is a group of headers whose values are lexed alike. Headers
// not listed in headerKinds are otherHeader.
type headerKind int

const (
	otherHeader       headerKind = iota
	viaHeader                    // protocol, sent-by host:port, then ;params
	methodHeader                 // words are method names (CSeq, RAck, Allow)
	authHeader                   // an auth scheme, then name=value pairs
	reasonHeader                 // a protocol (Q.850, SIP), then ;params
	dateHeader                   // one RFC 1123 date
	contentTypeHeader            // a media type, which decides how the body is lexed
)

// headerKinds maps header names, long and compact (RFC 3261 §7.3.3), to the
// kinds that need more than the generic value lexing. All other compact
// forms (f, t, i, m, l, k, s, e, o, r, u, x, y, b, a, j, d, n...) are lexed
// like any other header.
var headerKinds = []struct {
	name string
	kind headerKind
}{
	{"Via", viaHeader}, {"v", viaHeader},
	{"CSeq", methodHeader}, {"RAck", methodHeader}, {"Allow", methodHeader},
	{"WWW-Authenticate", authHeader}, {"Authorization", authHeader},
	{"Proxy-Authenticate", authHeader}, {"Proxy-Authorization", authHeader},
	{"Reason", reasonHeader},
	{"Date", dateHeader},
	{"Content-Type", contentTypeHeader}, {"c", contentTypeHeader},
}

// kindOf returns the kind of the header called name, in any case.
func kindOf(name string) headerKind {
	for _, k := range headerKinds {
		if strings.EqualFold(name, k.name) {
			return k.kind
		}
	}
	return otherHeader
}

// headerState is where the scanner is in a header value; it outlives a line
// so that folded continuation lines carry on where the last line stopped.
type headerState struct {
	kind  headerKind
	field int  // words since the value, or its last comma, began
	param bool // the next word names a parameter: it follows ";"
	value bool // the next word is a parameter value: it follows "="
}

// scanHeaderLine emits "Name: value", or the line as unknown text if it does
// not start with a header name and a colon.
func (s *scanner) scanHeaderLine(line string) {
	n := tokenLen(line)
	space, rest := cutSpace(line[n:])
	if n == 0 || !strings.HasPrefix(rest, ":") {
		s.emitUnknown(line)
		return
	}
	s.emit(chroma.NameTag, line[:n])
	s.emit(chroma.TextWhitespace, space)
	s.emit(chroma.Punctuation, ":")
	s.header = headerState{kind: kindOf(line[:n])}
	s.scanValue(rest[1:])
}

// scanValue emits a header value, or the part of it on one line.
func (s *scanner) scanValue(v string) {
	if s.header.kind == dateHeader {
		space, rest := cutSpace(v)
		s.emit(chroma.TextWhitespace, space)
		s.emit(chroma.LiteralDate, rest)
		return
	}
	for v != "" {
		v = v[s.scanValueItem(v):]
	}
}

// scanValueItem emits the item that starts v, a non-empty value, and
// returns its length, which is at least 1.
func (s *scanner) scanValueItem(v string) int {
	h := &s.header
	switch v[0] {
	case ' ', '\t':
		n := spaceLen(v)
		s.emit(chroma.TextWhitespace, v[:n])
		return n
	case '"':
		n := quotedLen(v)
		s.emit(chroma.LiteralStringDouble, v[:n])
		h.field, h.param, h.value = h.field+1, false, false
		return n
	case '<':
		return s.scanAngleURI(v)
	case ';':
		h.param, h.value = true, false
	case ',':
		h.param, h.value = false, false
		if h.kind != authHeader {
			h.field = 0
		}
	case '=':
		h.value = true
		s.emit(chroma.Operator, v[:1])
		return 1
	case '>':
	default:
		return s.scanValueWord(v)
	}
	s.emit(chroma.Punctuation, v[:1])
	return 1
}

// scanValueWord emits the word that starts v: a parameter name, a parameter
// value, or a word of the value proper. It returns the word's length.
func (s *scanner) scanValueWord(v string) int {
	h := &s.header
	if h.value {
		n := wordLen(v, " \t;,<>\"")
		s.emitParamValue(v[:n])
		h.value = false
		return n
	}
	n := wordLen(v, " \t;,<>\"=")
	if h.param || strings.HasPrefix(v[n:], "=") {
		s.emit(chroma.NameAttribute, v[:n])
		h.param = false
		return n
	}
	s.emitValueWord(v[:n])
	h.field++
	return n
}

// wordLen returns the length of the run of bytes at the start of s that are
// not in stops; callers pass an s that starts with a byte not in stops.
func wordLen(s, stops string) int {
	if n := strings.IndexAny(s, stops); n >= 0 {
		return n
	}
	return len(s)
}

// emitValueWord emits a word of a header value by what the header kind and
// the word's place say it is.
func (s *scanner) emitValueWord(w string) {
	h := s.header
	switch {
	case h.kind == viaHeader && h.field == 0:
		s.emitViaProtocol(w)
	case h.kind == viaHeader && h.field == 1:
		s.emitHostPort(w)
	case (h.kind == authHeader || h.kind == reasonHeader) && h.field == 0:
		s.emit(chroma.Keyword, w)
	case isDigits(w):
		s.emit(chroma.LiteralNumberInteger, w)
	case isDecimal(w):
		s.emit(chroma.LiteralNumberFloat, w)
	case h.kind == methodHeader:
		s.emit(chroma.NameFunction, w)
	case h.kind == contentTypeHeader && h.field == 0:
		s.contentType = w
		s.emit(chroma.LiteralString, w)
	case hasBareURIScheme(w):
		s.scanURI(w)
	default:
		s.emit(chroma.LiteralString, w)
	}
}

// emitViaProtocol emits a Via sent-protocol such as "SIP/2.0/UDP": the
// version, a slash and the transport.
func (s *scanner) emitViaProtocol(w string) {
	slash := strings.LastIndexByte(w, '/')
	if !hasPrefixFold(w, "SIP/") || slash < len("SIP/") {
		s.emit(chroma.LiteralString, w)
		return
	}
	s.emit(chroma.KeywordReserved, w[:slash])
	s.emit(chroma.Punctuation, w[slash:slash+1])
	s.emit(chroma.KeywordConstant, w[slash+1:])
}

// scanAngleURI emits "<uri>" at the start of v, or "<uri" to the end of v if
// the bracket is not closed, and returns its length.
func (s *scanner) scanAngleURI(v string) int {
	h := &s.header
	h.field, h.param, h.value = h.field+1, false, false
	s.emit(chroma.Punctuation, v[:1])
	end := strings.IndexByte(v, '>')
	if end < 0 {
		s.scanURI(v[1:])
		return len(v)
	}
	s.scanURI(v[1:end])
	s.emit(chroma.Punctuation, v[end:end+1])
	return end + 1
}
