package content

import (
	"bytes"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastFrontMatter turns flatNode on; FuzzFrontMatterFastPath turns it off
// to compare.
var fastFrontMatter = true

// flatNode returns the document node yaml.v3 parses fm into, when fm is
// flat: nothing but lines "key: value" and blank lines, each key plain
// ASCII at the start of its line and each value a plain scalar on one
// line. It reports false for anything else (lists, nested keys, quotes,
// comments, values yaml.v3 reads across lines or could read as anything
// but a plain scalar), which yaml.v3 then parses itself.
//
// Most pages' front matter is flat (title and summary), and yaml.v3's
// scanner and parser are most of what decoding it costs. The node built
// here is the one yaml.v3 builds, down to each scalar's tag (from
// yaml.v3's own resolver, Node.ShortTag), line and column, so decodeStrict
// does the same with it from there on: the same values, the same unknown
// keys, type errors and duplicate keys at the same lines.
// FuzzFrontMatterFastPath holds it to yaml.Unmarshal.
func flatNode(fm []byte) (*yaml.Node, bool) {
	top := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for lineNo, rest := 1, fm; len(rest) > 0; lineNo++ {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		rest = next
		if len(bytes.Trim(line, " ")) == 0 {
			continue
		}
		k, v, col, ok := flatLine(line)
		if !ok {
			return nil, false
		}
		if len(top.Content) == 0 {
			top.Line, top.Column = lineNo, 1
		}
		key := &yaml.Node{Kind: yaml.ScalarNode, Value: string(k), Line: lineNo, Column: 1}
		val := &yaml.Node{Kind: yaml.ScalarNode, Value: string(v), Line: lineNo, Column: col}
		key.Tag, val.Tag = key.ShortTag(), val.ShortTag()
		top.Content = append(top.Content, key, val)
	}
	if len(top.Content) == 0 {
		return nil, false // no keys: yaml.v3's answer is cheap
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: top.Line, Column: 1, Content: []*yaml.Node{top}}, true
}

// flatLine splits a "key: value" line into its key and its value (the
// value from column col, trailing blanks cut). It reports false for any
// line that is not a plain key and a plain scalar as flatNode describes.
func flatLine(line []byte) (key, value []byte, col int, ok bool) {
	k := 0
	for k < len(line) && isKeyByte(line[k]) {
		k++
	}
	// yaml.v3 limits implicit keys to 1024 characters; this is shorter.
	if k == 0 || k > 128 || k+2 >= len(line) || line[k] != ':' || line[k+1] != ' ' {
		return nil, nil, 0, false
	}
	v := k + 2
	for v < len(line) && line[v] == ' ' {
		v++
	}
	end := len(line)
	for end > v && line[end-1] == ' ' {
		end--
	}
	if v == end || !plainValue(line[v:end]) {
		return nil, nil, 0, false
	}
	return line[:k], line[v:end], v + 1, true
}

func isKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// plainValue reports whether s, with no blank at either end, is read by
// yaml.v3 as one plain scalar whose value is s itself: it starts with no
// indicator, holds no ": " or " #" (a mapping or a comment), does not end
// in ":", and has no character YAML takes as a line break or does not
// allow (controls, tabs, U+0085, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF).
func plainValue(s []byte) bool {
	switch s[0] {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	if s[len(s)-1] == ':' {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f || c == ':' && s[i+1] == ' ' || c == ' ' && s[i+1] == '#' {
				return false // s[i+1] exists: s does not end in a blank or ':'
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError || r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			return false
		}
		i += n
	}
	return true
}
