package siplexer

import (
	"strings"
	"unicode/utf8"
)

// splitLine splits s after its first line: line is the text and eol its
// ending, which is "\r\n", "\n", a lone "\r", or "" at the end of the input.
func splitLine(s string) (line, eol string) {
	i := strings.IndexAny(s, "\r\n")
	switch {
	case i < 0:
		return s, ""
	case s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n':
		return s[:i], s[i : i+2]
	default:
		return s[:i], s[i : i+1]
	}
}

// firstLine returns the first line of s that is not empty.
func firstLine(s string) string {
	line, _ := splitLine(strings.TrimLeft(s, "\r\n"))
	return line
}

// isTokenChar reports whether c may appear in an RFC 3261 token, the syntax
// of methods, header names and parameter names.
func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-.!%*_+`'~", c) >= 0
}

// tokenLen returns the length of the run of token characters that starts s.
func tokenLen(s string) int {
	for i := 0; i < len(s); i++ {
		if !isTokenChar(s[i]) {
			return i
		}
	}
	return len(s)
}

// isToken reports whether s is a non-empty RFC 3261 token.
func isToken(s string) bool { return s != "" && tokenLen(s) == len(s) }

// isScheme reports whether s is a URI scheme: a letter, then letters,
// digits, "+", "-" or ".".
func isScheme(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'A' <= c&^0x20 && c&^0x20 <= 'Z' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digitsLen returns the length of the run of ASCII digits that starts s.
func digitsLen(s string) int {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return i
		}
	}
	return len(s)
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool { return s != "" && digitsLen(s) == len(s) }

// isDecimal reports whether s is digits, a dot and digits, like "0.5".
func isDecimal(s string) bool {
	whole, fraction, found := strings.Cut(s, ".")
	return found && isDigits(whole) && isDigits(fraction)
}

// spaceLen returns the length of the run of spaces and tabs that starts s.
func spaceLen(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return i
		}
	}
	return len(s)
}

// isBlank reports whether s is empty or only spaces and tabs.
func isBlank(s string) bool { return spaceLen(s) == len(s) }

// cutSpace splits s after its leading spaces and tabs.
func cutSpace(s string) (space, rest string) {
	n := spaceLen(s)
	return s[:n], s[n:]
}

// cutWord splits s before its first space or tab.
func cutWord(s string) (word, rest string) {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// hasPrefixFold reports whether s begins with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// quotedLen returns the length of the quoted string that starts s, quotes
// included, honouring backslash escapes. An unclosed string runs to the end
// of s.
func quotedLen(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(s)
}

// isJunk reports whether s holds control characters other than tab, or is
// not valid UTF-8: bytes that cannot be a SIP header or SDP line.
func isJunk(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return true
		}
	}
	return !utf8.ValidString(s)
}

// looksLikeIP reports whether s looks like an IPv4 address (four dotted
// numbers) or an IPv6 one (hex digits and at least two colons).
func looksLikeIP(s string) bool {
	if strings.Count(s, ".") == 3 && strings.Trim(s, "0123456789.") == "" {
		return !strings.Contains(s, "..") && s[0] != '.' && s[len(s)-1] != '.'
	}
	return strings.Count(s, ":") >= 2 && strings.Trim(s, "0123456789abcdefABCDEF:.") == ""
}
