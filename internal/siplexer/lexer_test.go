package siplexer

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// TestRegistered checks that chroma's global registry finds the lexer by
// name, alias, file name and MIME type.
func TestRegistered(t *testing.T) {
	lookups := map[string]chroma.Lexer{
		`lexers.Get("sip")`:                   lexers.Get("sip"),
		`lexers.Get("SIP")`:                   lexers.Get("SIP"),
		`lexers.Match("call.sip")`:            lexers.Match("call.sip"),
		`lexers.MatchMimeType("message/sip")`: lexers.MatchMimeType("message/sip"),
	}
	for lookup, lexer := range lookups {
		if _, ok := lexer.(*Lexer); !ok {
			t.Errorf("%s = %T, want *siplexer.Lexer", lookup, lexer)
		}
	}
	if got := lexers.Get("sip").Config().Name; got != "SIP" {
		t.Errorf("name = %q, want SIP", got)
	}
}

// TestAnalyseText checks the scores AnalyseText gives.
func TestAnalyseText(t *testing.T) {
	tests := map[string]float32{
		"SIP/2.0 200 OK\r\n":                         1,
		"\r\nINVITE sip:bob@example.com SIP/2.0\r\n": 1,
		"GET / HTTP/1.1\r\n":                         0,
		"HTTP/1.1 200 OK\r\n":                        0,
		"SIP/2.0 20 OK\r\n":                          0,
		"Via: SIP/2.0/UDP host\r\n":                  0,
		"":                                           0,
		"MESSAGE sip:user2@domain.example SIP/2.0\n": 1,
		"NOTIFY urn:x SIP/3.0\n":                     0,
		"package main\n\nfunc main() { x := a:b }\n": 0,
	}
	for text, want := range tests {
		if got := New().AnalyseText(text); got != want {
			t.Errorf("AnalyseText(%q) = %v, want %v", text, got, want)
		}
	}
	custom := New().SetAnalyser(func(string) float32 { return 0.5 })
	if got := custom.AnalyseText("SIP/2.0 200 OK"); got != 0.5 {
		t.Errorf("AnalyseText with SetAnalyser = %v, want 0.5", got)
	}
}

// TestHTMLFormatter is a smoke test of the lexer through chroma's HTML
// formatter with CSS classes, as the site uses it.
func TestHTMLFormatter(t *testing.T) {
	src, err := os.ReadFile("testdata/invite_sdp.sip")
	if err != nil {
		t.Fatal(err)
	}
	it, err := lexers.Get("sip").Tokenise(nil, string(src))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	formatter := chromahtml.New(chromahtml.WithClasses(true))
	if err := formatter.Format(&out, styles.Get("github"), it); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<span class="nf">INVITE</span>`,
		`<span class="nt">Via</span>`,
		`<span class="na">rtpmap</span>`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("HTML lacks %s:\n%s", want, out.String())
		}
	}
}

// TestConcurrentTokenise tokenises with one lexer from many goroutines, for
// the race detector.
func TestConcurrentTokenise(t *testing.T) {
	lexer := lexers.Get("sip")
	want := formatTokens(tokenise(t, inviteWithSDP))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			it, err := lexer.Tokenise(nil, inviteWithSDP)
			if err != nil {
				t.Error(err)
				return
			}
			if got := formatTokens(it.Tokens()); !bytes.Equal(got, want) {
				t.Error("concurrent tokenising gave different tokens")
			}
		})
	}
	wg.Wait()
}

// inviteWithSDP is a realistic INVITE, with CRLF line endings as on the
// wire, that the benchmarks tokenise.
var inviteWithSDP = strings.ReplaceAll(`INVITE sip:+15555550177@sip.carrier.example.net;user=phone SIP/2.0
Via: SIP/2.0/UDP 192.0.2.55:5060;branch=z9hG4bK-524287-1---a1b2c3d4e5f6;rport
Via: SIP/2.0/TCP 10.0.0.12:5060;branch=z9hG4bK-77ab3e;received=198.51.100.4
Max-Forwards: 69
Record-Route: <sip:sbc1.example.com;lr;ftag=6d2b90e1>
Contact: <sip:3100@192.0.2.55:5060;transport=udp>;+sip.instance="<urn:uuid:0f2d8c1e-7c3b-4f59-9d6a-3b1e2f4a5c6d>"
To: <sip:+15555550177@sip.carrier.example.net;user=phone>
From: "Sales Desk" <sip:3100@example.com>;tag=6d2b90e1
Call-ID: f43a10c2b8e5aa41@192.0.2.55
CSeq: 21 INVITE
Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY, REFER, UPDATE, PRACK
Supported: replaces, timer, 100rel
Session-Expires: 1800;refresher=uac
P-Asserted-Identity: "Sales Desk" <sip:+15555550100@example.com>
User-Agent: ExamplePBX/16.4.2
Content-Type: application/sdp
Content-Length: 283

v=0
o=- 3917238471 3917238471 IN IP4 192.0.2.55
s=ExamplePBX
c=IN IP4 192.0.2.55
t=0 0
m=audio 18432 RTP/AVP 0 8 9 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:9 G722/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:20
a=maxptime:150
a=sendrecv
`, "\n", "\r\n")

// BenchmarkSIPLexer tokenises inviteWithSDP with this package's lexer.
func BenchmarkSIPLexer(b *testing.B) { benchmarkLexer(b, lexers.Get("sip")) }

// BenchmarkHTTPLexer tokenises the same text with chroma's HTTP lexer, the
// nearest lexer chroma ships. Its start-line rules know only HTTP, so on
// SIP text it emits one Error token per character.
func BenchmarkHTTPLexer(b *testing.B) { benchmarkLexer(b, lexers.Get("http")) }

// BenchmarkHTTPLexerHTTPStartLine tokenises the same message with an HTTP
// request line, so that chroma's HTTP lexer takes its header and body rules:
// a like-for-like comparison of the work per line.
func BenchmarkHTTPLexerHTTPStartLine(b *testing.B) {
	text := strings.Replace(inviteWithSDP, "INVITE sip:+15555550177@sip.carrier.example.net;user=phone SIP/2.0",
		"POST /+15555550177@sip.carrier.example.net;user=phone HTTP/1.1", 1)
	benchmarkLexerOn(b, lexers.Get("http"), text)
}

func benchmarkLexer(b *testing.B, lexer chroma.Lexer) { benchmarkLexerOn(b, lexer, inviteWithSDP) }

// benchmarkLexerOn tokenises text with lexer, taking every token, and
// reports the tokens per operation.
func benchmarkLexerOn(b *testing.B, lexer chroma.Lexer, text string) {
	if lexer == nil {
		b.Fatal("lexer not registered")
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	tokens := 0
	for b.Loop() {
		it, err := lexer.Tokenise(nil, text)
		if err != nil {
			b.Fatal(err)
		}
		tokens = 0
		for t := it(); t != chroma.EOF; t = it() {
			tokens++
		}
	}
	b.ReportMetric(float64(tokens), "tokens/op")
}
