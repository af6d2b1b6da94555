package highlight

import (
	"slices"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// lexed is every token of text by the lexer l, coalesced as Lexer's are.
func lexed(t testing.TB, l chroma.Lexer, text string) []chroma.Token {
	it, err := chroma.Coalesce(l).Tokenise(nil, text)
	if err != nil {
		t.Fatal(err)
	}
	return it.Tokens()
}

// The hand-written JSON lexer gives chroma's tokens for any input: JSON,
// JSON with comments, broken JSON, control characters, Unicode digits
// and spaces, invalid UTF-8 and CRLF line endings.
func FuzzJSONLikeChroma(f *testing.F) {
	for _, s := range []string{
		`{"page": 12, "ok": true, "items": [3, 45, 67], "note": "The proxy forwards it."}`,
		"{\n  \"a\": [1.5e-3, -0, 0.25, 1E9, -12],\n  // a comment\n  \"b\": {\"c\": null, \"d\": false}\n}\n",
		`{"esc": "a\"b\\c\u00e9", "k\"ey": "v"}`,
		`["unclosed \", 1, 2]`, `{"a" "b"}`, `{"a": 1 "b": 2}`, "tru truex null1 -x 0123 1. .5 1e 1e+ 01.5",
		"[1,\r\n2]\r", "{\"a\":\x00\xff\"\xfe\"}", "[\u00a0\u2003 \u0663\u0661 1\u0663]", "{}}}]]", `"a\\\"b`, "/ // x\n //",
		"{\"x\": {\"y\": [ {\"z\": \"\\\\\"}, \"\\\"\" ]}}", "\"\u200d\" true\u200d false_ null\u0301",
	} {
		f.Add(s)
	}
	lexer := newJSONLexer()
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return // chroma's expressions time out after 250 ms on long hostile input
		}
		want, got := lexed(t, jsonChroma, s), lexed(t, lexer, s)
		if !slices.Equal(got, want) {
			t.Errorf("%q:\n got %v\nwant %v", s, got, want)
		}
	})
}

// Lexer gives the hand-written lexer for json.
func TestJSONLexerServes(t *testing.T) {
	for _, lang := range []string{"json", "jsonl"} {
		if l := Lexer(lang); l == nil || l.Config() != handWritten[0].Config() { // the same config: the same lexer, coalesced
			t.Errorf("Lexer(%q) is not the hand-written lexer", lang)
		}
	}
}

// The hand-written Bash lexer gives chroma's tokens for any input.
func FuzzBashLikeChroma(f *testing.F) {
	for _, s := range []string{
		"# Restart the service\nsystemctl restart service-12 && journalctl -u service-12 --since '-10 min' | grep -c error\n",
		"#!/bin/bash\nset -euo pipefail\nfor f in *.txt; do\n  echo \"file: $f ${f%.txt} $(wc -l < \"$f\")\"\ndone\n",
		"x=1 y+=2 z = 3\nif [ \"$x\" -eq 1 ]; then echo yes; elif true; then :; else echo no; fi\n",
		"echo $((1 + 2 * 3)) $((16#ff)) $((2#)) ${#arr[@]} ${x:-default} `date` $'a\\nb' $\"t\" $? $1 $@ $$ $\n",
		"cat <<EOF\nhello $name\nEOF\ncat <<-'END'\n\tx\nEND\ngrep x <<< \"$y\"\n",
		"case $1 in\n  start) run ;;\n  *) exit 1 ;;\nesac\nfunction f() { return 0; }\nwhile read -r l; do :; done\n",
		"echo \"unterminated\n$(ls", "a\\\nb \\", "'unterminated", "done donex xdone do\u00a0ne if\u200d", "12 34x 56\n7", "\xff\x00\r\n$",
		"echo ${x:-\"$(cat)\"} $(( (1) )) $(echo `echo \"$(x)\"`)", "test x; type typeset times time readonly read)",
	} {
		f.Add(s)
	}
	lexer := newBashLexer()
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		want, got := lexed(t, bashChroma, s), lexed(t, lexer, s)
		if !slices.Equal(got, want) {
			t.Errorf("%q:\n got %v\nwant %v", s, got, want)
		}
	})
}

// BenchmarkLexers times the hand-written lexers and chroma's on the code
// blocks of the prose corpus (internal/corpus): go test -bench Lexers.
func BenchmarkLexers(b *testing.B) {
	blocks := map[string]string{
		"bash": "# Restart the service when the log shows errors\nsystemctl restart service-12 && journalctl -u service-12 --since '-10 min' | grep -c error\n",
		"json": `{"page": 12, "ok": true, "items": [3, 45, 67], "note": "The proxy forwards the request."}` + "\n",
	}
	for _, l := range []struct {
		name, lang string
		lexer      chroma.Lexer
	}{
		{"bash/chroma", "bash", bashChroma}, {"bash/hand", "bash", newBashLexer()},
		{"json/chroma", "json", jsonChroma}, {"json/hand", "json", newJSONLexer()},
	} {
		b.Run(l.name, func(b *testing.B) {
			for b.Loop() {
				lexed(b, l.lexer, blocks[l.lang])
			}
		})
	}
}
