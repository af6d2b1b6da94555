package siplexer

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// isSIPScheme reports whether scheme is sip or sips, in any case.
func isSIPScheme(scheme string) bool {
	return strings.EqualFold(scheme, "sip") || strings.EqualFold(scheme, "sips")
}

// hasBareURIScheme reports whether a header value word is a sip, sips or
// tel URI written without angle brackets. Other schemes are only
// recognised inside <>, so that words such as "23:29:00" stay words.
func hasBareURIScheme(word string) bool {
	return hasPrefixFold(word, "sip:") || hasPrefixFold(word, "sips:") || hasPrefixFold(word, "tel:")
}

// scanURI emits the URI u: its scheme, and for sip and sips URIs the user,
// host, port, parameters and headers (RFC 3261 §19.1.1); for tel URIs the
// number and parameters (RFC 3966). After other schemes' colon comes one
// LiteralString; text without a scheme is one LiteralString.
func (s *scanner) scanURI(u string) {
	scheme, rest, found := strings.Cut(u, ":")
	if !found || !isScheme(scheme) {
		s.emit(chroma.LiteralString, u)
		return
	}
	s.emit(chroma.NameNamespace, scheme)
	s.emit(chroma.Punctuation, ":")
	switch {
	case isSIPScheme(scheme):
		s.scanSIPURIBody(rest)
	case strings.EqualFold(scheme, "tel"):
		n := paramsStart(rest)
		s.emit(chroma.NameVariable, rest[:n])
		s.scanURIParams(rest[n:])
	default:
		s.emit(chroma.LiteralString, rest)
	}
}

// scanSIPURIBody emits what follows "sip:": [user[:password]@]host[:port],
// then ;parameters and ?headers.
func (s *scanner) scanSIPURIBody(rest string) {
	if at := strings.IndexByte(rest, '@'); at >= 0 {
		user, password, found := strings.Cut(rest[:at], ":")
		s.emit(chroma.NameVariable, user)
		if found {
			s.emit(chroma.Punctuation, ":")
			s.emit(chroma.NameVariable, password)
		}
		s.emit(chroma.Punctuation, "@")
		rest = rest[at+1:]
	}
	n := paramsStart(rest)
	s.emitHostPort(rest[:n])
	s.scanURIParams(rest[n:])
}

// paramsStart returns the index in s of the ";" or "?" that starts a URI's
// parameters or headers, skipping an IPv6 reference such as "[2001:db8::1]".
func paramsStart(s string) int {
	from := 0
	if strings.HasPrefix(s, "[") {
		if end := strings.IndexByte(s, ']'); end >= 0 {
			from = end + 1
		}
	}
	if i := strings.IndexAny(s[from:], ";?"); i >= 0 {
		return from + i
	}
	return len(s)
}

// emitHostPort emits "host", "host:port" or "[v6]:port". Text after the
// port digits is not part of a host and is emitted as Text.
func (s *scanner) emitHostPort(hp string) {
	hostEnd := len(hp)
	if strings.HasPrefix(hp, "[") {
		if end := strings.IndexByte(hp, ']'); end >= 0 {
			hostEnd = end + 1
		}
	} else if colon := strings.IndexByte(hp, ':'); colon >= 0 {
		hostEnd = colon
	}
	s.emit(chroma.NameConstant, hp[:hostEnd])
	rest := hp[hostEnd:]
	if strings.HasPrefix(rest, ":") {
		s.emit(chroma.Punctuation, ":")
		n := digitsLen(rest[1:])
		s.emit(chroma.LiteralNumberInteger, rest[1:1+n])
		rest = rest[1+n:]
	}
	s.emit(chroma.Text, rest)
}

// scanURIParams emits a URI's ";name=value" parameters and
// "?name=value&name=value" headers; p starts with ";" or "?" if not empty.
func (s *scanner) scanURIParams(p string) {
	isName := true
	for p != "" {
		switch p[0] {
		case ';', '?', '&':
			s.emit(chroma.Punctuation, p[:1])
			p, isName = p[1:], true
			continue
		case '=':
			s.emit(chroma.Operator, p[:1])
			p, isName = p[1:], false
			continue
		}
		n := strings.IndexAny(p, ";?&=")
		if n < 0 {
			n = len(p)
		}
		if isName {
			s.emit(chroma.NameAttribute, p[:n])
		} else {
			s.emitParamValue(p[:n])
		}
		p, isName = p[n:], false
	}
}

// emitParamValue emits a parameter value: an integer if it is all digits,
// a float if it is a decimal such as q=0.5, a host if it is an IP address
// such as received=192.0.2.1, a string otherwise.
func (s *scanner) emitParamValue(v string) {
	switch {
	case isDigits(v):
		s.emit(chroma.LiteralNumberInteger, v)
	case isDecimal(v):
		s.emit(chroma.LiteralNumberFloat, v)
	case looksLikeIP(v):
		s.emit(chroma.NameConstant, v)
	default:
		s.emit(chroma.LiteralString, v)
	}
}
