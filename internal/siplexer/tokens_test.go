package siplexer

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

var update = flag.Bool("update", false, "rewrite golden files from current output")

// TestGolden lexes each testdata/NAME.sip and compares the tokens, one per
// line as "Type<TAB>%q", with testdata/NAME.golden.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.sip")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*.sip: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			tokens := tokenise(t, string(src))
			if got := concat(tokens); got != string(src) {
				t.Fatalf("tokens concatenate to %q, want the input %q", got, src)
			}
			got := formatTokens(tokens)
			golden := strings.TrimSuffix(file, ".sip") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			} else if want, _ := os.ReadFile(golden); !bytes.Equal(got, want) {
				t.Errorf("%s: output changed; rerun with -update and review the diff", golden)
			}
		})
	}
}

// tokenise lexes src with a new SIP lexer and returns all its tokens.
func tokenise(t testing.TB, src string) []chroma.Token {
	t.Helper()
	it, err := New().Tokenise(nil, src)
	if err != nil {
		t.Fatalf("Tokenise: %v", err)
	}
	return it.Tokens()
}

// concat joins the values of tokens.
func concat(tokens []chroma.Token) string {
	var b strings.Builder
	for _, tok := range tokens {
		b.WriteString(tok.Value)
	}
	return b.String()
}

// formatTokens writes tokens one per line as "Type<TAB>%q".
func formatTokens(tokens []chroma.Token) []byte {
	var b bytes.Buffer
	for _, tok := range tokens {
		fmt.Fprintf(&b, "%s\t%q\n", tok.Type, tok.Value)
	}
	return b.Bytes()
}

// TestRoundTrip checks that awkward inputs tokenise back to themselves,
// without empty tokens.
func TestRoundTrip(t *testing.T) {
	inputs := []string{
		"",
		"\n",
		"\r\n\r\n",
		"\r",
		"INVITE",
		"SIP/2.0",
		"SIP/2.0 ",
		"INVITE sip:a@b SIP/2.0", // no line ending
		"SIP/2.0 200 OK\nVia: SIP/2.0/UDP h\nCSeq: 1 INVITE", // no blank line
		"SIP/2.0 200 OK\rVia: x\r\rv=0\r",                    // lone CR line endings
		"v=0\r\no=- 1 1 IN IP6 ::1\r\n",                      // SDP only
		"From: <sip:a@[::1\n",                                // unclosed IPv6 and bracket
		"To: \"a\\\n",                                        // escape at end of line
		"X: ;=;=,,<>>\"\"",
		" folded before any header\n",
		"SIP/2.0 200 OK\n\nv=0\nbad\n\x00\xff\na=\nb=:\n",
		strings.Repeat("\xff", 10),
		"\x00\n\x00",
	}
	for _, in := range inputs {
		tokens := tokenise(t, in)
		if got := concat(tokens); got != in {
			t.Errorf("tokens of %q concatenate to %q", in, got)
		}
		for _, tok := range tokens {
			if tok.Value == "" {
				t.Errorf("tokens of %q: empty %s token", in, tok.Type)
			}
		}
	}
}

// TestCRLF checks that each testdata message lexes the same with CRLF line
// endings as with LF, apart from the line endings themselves.
func TestCRLF(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.sip")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lf := strings.ReplaceAll(string(src), "\r\n", "\n")
		crlf := strings.ReplaceAll(lf, "\n", "\r\n")
		want, got := tokenise(t, lf), tokenise(t, crlf)
		for i := range got {
			got[i].Value = strings.ReplaceAll(got[i].Value, "\r\n", "\n")
		}
		if !bytes.Equal(formatTokens(got), formatTokens(want)) {
			t.Errorf("%s: tokens differ between CRLF and LF line endings", file)
		}
	}
}

// TestTokenTypes checks the type of one token in each of a set of lines.
func TestTokenTypes(t *testing.T) {
	tests := []struct {
		line, value string
		want        chroma.TokenType
	}{
		{"OPTIONS sip:carol@chicago.example.com SIP/2.0", "OPTIONS", chroma.NameFunction},
		{"MY-EXT sip:carol@chicago.example.com SIP/2.0", "MY-EXT", chroma.NameFunction},
		{"INVITE tel:+15555550100 SIP/2.0", "+15555550100", chroma.NameVariable},
		{"INVITE urn:service:sos SIP/2.0", "service:sos", chroma.LiteralString},
		{"SIP/2.0 603 Decline", "Decline", chroma.NameException},
		{"SIP/2.0 6033 Decline", "6033", chroma.Error},
		{"Expires: 3600", "3600", chroma.LiteralNumberInteger},
		{"RAck: 776656 1 INVITE", "INVITE", chroma.NameFunction},
		{"Proxy-Authenticate: Digest realm=\"atlanta.example.com\"", "Digest", chroma.Keyword},
		{"Reason: SIP;cause=200;text=\"Call completed elsewhere\"", "SIP", chroma.Keyword},
		{"Contact: sip:alice@192.0.2.4;expires=60", "expires", chroma.NameAttribute},
		{"Contact: sip:alice@192.0.2.4:5070", "5070", chroma.LiteralNumberInteger},
		{"Record-Route: <sip:p1.example.com;lr>", "lr", chroma.NameAttribute},
		{"Subject: lunch at 12:30", "12:30", chroma.LiteralString},
		{"Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK", "WSS", chroma.KeywordConstant},
		{"Via: SIP/2.0/UDP [2001:db8::9]:5060", "[2001:db8::9]", chroma.NameConstant},
		{"Accept-Contact: *;audio", "audio", chroma.NameAttribute},
		{"Via: SIP/2.0/UDP 10.0.0.1;received=192.0.2.1", "192.0.2.1", chroma.NameConstant},
		{"Contact: <sip:a@b>;q=0.7", "0.7", chroma.LiteralNumberFloat},
		{"Timestamp: 54.21", "54.21", chroma.LiteralNumberFloat},
		{"Date: Sat, 13 Nov 2010 23:29:00 GMT", "Sat, 13 Nov 2010 23:29:00 GMT", chroma.LiteralDate},
		{"Content-Type: application/sdp", "application/sdp", chroma.LiteralString},
		{"no colon here", "no colon here", chroma.Text},
		{"\x01\x02 junk", "\x01\x02 junk", chroma.Error},
	}
	for _, tt := range tests {
		if got := typeOf(t, tt.line, tt.value); got != tt.want {
			t.Errorf("%q: %q is %s, want %s", tt.line, tt.value, got, tt.want)
		}
	}
}

// TestCompactForms checks that every compact header name of RFC 3261 and
// later RFCs lexes as a header name, as the long forms do.
func TestCompactForms(t *testing.T) {
	for _, name := range strings.Split("v f t i m l c k s e o r u x y b a j d n", " ") {
		if got := typeOf(t, name+": x", name); got != chroma.NameTag {
			t.Errorf("compact header %q is %s, want NameTag", name, got)
		}
	}
}

// typeOf returns the type of the first token in line whose value is value.
func typeOf(t *testing.T, line, value string) chroma.TokenType {
	t.Helper()
	for _, tok := range tokenise(t, line+"\r\n") {
		if tok.Value == value {
			return tok.Type
		}
	}
	t.Fatalf("%q: no token %q", line, value)
	return chroma.EOFType
}

// FuzzTokenise checks that any input tokenises without panicking, into
// non-empty tokens that concatenate back to the input. The seeds (testdata
// messages and the edge cases below) run in every go test.
func FuzzTokenise(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.sip")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	for _, seed := range []string{
		"",
		"\r",
		"\n\n",
		"SIP/2.0 200 OK\r\n\r\nv=0\r\na=rtpmap:0 PCMU/8000\r\n",
		"INVITE sip:a:b@[::1]:5060;x=y?h=v&i SIP/2.0\n",
		"From: \"\\\" <sip:x>;tag\n \t;a=b=c,,\n",
		"Date: \n\tSun, 1 Jan 2023\n",
		"Via: SIP/\n",
		"\xff\xfe\x00SIP/2.0 \x80\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		it, err := New().Tokenise(nil, src)
		if err != nil {
			t.Fatalf("Tokenise: %v", err)
		}
		var got []byte
		for tok := it(); tok != chroma.EOF; tok = it() {
			if tok.Value == "" {
				t.Fatalf("empty %s token", tok.Type)
			}
			got = append(got, tok.Value...)
		}
		if string(got) != src {
			t.Fatalf("tokens concatenate to %q, want %q", got, src)
		}
		if tok := it(); tok != chroma.EOF {
			t.Fatalf("after EOF the iterator returned %v", tok.GoString())
		}
	})
}
