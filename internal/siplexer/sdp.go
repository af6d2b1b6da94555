package siplexer

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// bodySection decides how to lex the body that starts at s.pos.
func (s *scanner) bodySection() section {
	switch {
	case s.contentType == "" && strings.HasPrefix(s.src[s.pos:], "v="):
		return inSDP
	case strings.EqualFold(s.contentType, "application/sdp"):
		return inSDP
	default:
		return inOpaqueBody
	}
}

// scanSDPLine emits one line of an SDP body (RFC 8866 §5): a type letter,
// "=", and a value. Lines not of that form are unknown text.
func (s *scanner) scanSDPLine(line string) {
	if isBlank(line) {
		s.emit(chroma.TextWhitespace, line)
		return
	}
	if len(line) < 2 || line[1] != '=' || !isLetter(line[0]) {
		s.emitUnknown(line)
		return
	}
	typ, value := line[0], line[2:]
	s.emit(chroma.NameTag, line[:1])
	s.emit(chroma.Operator, line[1:2])
	switch typ {
	case 's', 'i': // session name and information are free text
		s.emit(chroma.LiteralString, value)
	case 'a', 'b': // a=name[:value], b=type:bandwidth
		s.scanSDPValue(typ, s.emitSDPAttributeName(value))
	default:
		s.scanSDPValue(typ, value)
	}
}

// emitSDPAttributeName emits the name of an a= attribute or b= bandwidth
// type and the colon after it, if any, and returns the rest of the value.
func (s *scanner) emitSDPAttributeName(v string) string {
	n := wordLen(v, ": \t")
	s.emit(chroma.NameAttribute, v[:n])
	if strings.HasPrefix(v[n:], ":") {
		s.emit(chroma.Punctuation, v[n:n+1])
		n++
	}
	return v[n:]
}

// scanSDPValue emits an SDP value of type typ as words, counting the
// space-separated fields so that o= and c= addresses are known by place.
func (s *scanner) scanSDPValue(typ byte, v string) {
	field := 0
	for v != "" {
		switch v[0] {
		case ' ', '\t':
			n := spaceLen(v)
			s.emit(chroma.TextWhitespace, v[:n])
			v, field = v[n:], field+1
			continue
		case '/', ';', ',':
			s.emit(chroma.Punctuation, v[:1])
			v = v[1:]
			continue
		case '=':
			s.emit(chroma.Operator, v[:1])
			v = v[1:]
			continue
		}
		n := wordLen(v, " \t/;,=")
		s.emit(sdpWordType(typ, field, v[:n], v[n:]), v[:n])
		v = v[n:]
	}
}

// sdpWordType returns the token type of word w, in field field of an SDP
// value of type typ, followed in the value by after.
func sdpWordType(typ byte, field int, w, after string) chroma.TokenType {
	switch {
	case strings.HasPrefix(after, "="): // fmtp parameters: "mode=30"
		return chroma.NameAttribute
	case isDigits(w):
		return chroma.LiteralNumberInteger
	case w == "IN" || w == "IP4" || w == "IP6":
		return chroma.KeywordConstant
	case typ == 'm' && field == 0: // m=<media> <port> <proto> <fmt>...
		return chroma.KeywordType
	case typ == 'm' && field == 2:
		return chroma.KeywordConstant
	case isSDPAddressField(typ, field) || looksLikeIP(w):
		return chroma.NameConstant
	default:
		return chroma.LiteralString
	}
}

// isSDPAddressField reports whether field of a value of type typ is an
// address: o=<username> <sess-id> <sess-version> <nettype> <addrtype>
// <address> and c=<nettype> <addrtype> <address>.
func isSDPAddressField(typ byte, field int) bool {
	return (typ == 'o' && field == 5) || (typ == 'c' && field == 2)
}
