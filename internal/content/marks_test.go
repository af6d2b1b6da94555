package content

import (
	"errors"
	"strings"
	"testing"

	"github.com/sipcodes/sipcodes/internal/highlight"
	"github.com/sipcodes/sipcodes/internal/problem"
	"github.com/sipcodes/sipcodes/internal/siplexer"
)

func init() { highlight.Register(siplexer.New()) } // ```sip blocks are highlighted, as the site's are

const message = "SIP/2.0 503 Service Unavailable\n" +
	"Via: SIP/2.0/UDP 192.0.2.44:5060\n" +
	"WWW-Authenticate: Digest realm=\"a\",\n" +
	"  nonce=\"b\"\n" +
	"Retry-After: 120\n" +
	"retry-after: 60\n" +
	"Content-Length: 0\n"

func TestFenceMarks(t *testing.T) {
	tests := []struct {
		lang, attrs string
		want        []int  // marked lines
		err         string // or the start of the error
	}{
		{"sip", "", nil, ""},
		{"sip", `{mark="Retry-After"}`, []int{4, 5}, ""},      // names ignore case
		{"sip", `{mark="www-authenticate"}`, []int{2, 3}, ""}, // continuation lines too
		{"sip", `{mark="Via, Content-Length"}`, []int{1, 6}, ""},
		{"sip", `{ mark="Via" }`, []int{1}, ""},
		{"sip", `{mark="Warning"}`, nil, `code block: mark "Warning": no such header in this message; it has Via, WWW-Authenticate, Retry-After, retry-after, Content-Length`},
		{"sip", `{mark="SIP/2.0 503 Service Unavailable"}`, nil, `code block: mark "SIP/2.0 503 Service Unavailable": no such header`},
		{"sip", `{mark=""}`, nil, "code block: mark is empty"},
		{"sip", `{line="3"}`, nil, `code block: unknown attribute "line"; want mark`},
		{"sip", `mark="Via"`, nil, `code block: attributes mark="Via": want {mark="Header-Name"}`},
		{"sip", `{mark=Via}`, nil, "code block: attributes {mark=Via}: want"},
		{"json", `{mark="Via"}`, nil, "code block: mark works in ```sip blocks only, not ```json"},
	}
	for _, tt := range tests {
		got, err := fenceMarks(tt.lang, tt.attrs, message)
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("%s %s: error %v, want %q", tt.lang, tt.attrs, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", tt.lang, tt.attrs, err)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s %s: marks %v, want lines %v", tt.lang, tt.attrs, got, tt.want)
		}
		for _, l := range tt.want {
			if !got[l] {
				t.Errorf("%s %s: line %d is not marked (%v)", tt.lang, tt.attrs, l, got)
			}
		}
	}
}

// The body of a message is not searched for headers: "a=sendrecv" is SDP.
func TestFenceMarksStopAtTheBody(t *testing.T) {
	msg := "SIP/2.0 200 OK\nContent-Type: application/sdp\n\nv=0\nx-header: not a header\n"
	if _, err := fenceMarks("sip", `{mark="x-header"}`, msg); err == nil {
		t.Error("a line of the body was taken for a header")
	}
	if got := bodyLine(msg); got != 3 {
		t.Errorf("bodyLine = %d, want 3", got)
	}
	if got := bodyLine("SIP/2.0 200 OK\nContent-Length: 0\n"); got != 0 {
		t.Errorf("bodyLine of a message with no body = %d, want 0", got)
	}
}

// A marked ```sip block renders its lines in <mark>, its start line in a
// span whose status code the stylesheet emphasises, and its body apart.
func TestMarkedBlockRenders(t *testing.T) {
	md := "```sip {mark=\"Retry-After\"}\nSIP/2.0 503 Service Unavailable\nRetry-After: 120\nContent-Type: application/sdp\n\nv=0\n```\n"
	doc, err := render([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	html := doc.html
	for _, want := range []string{
		`<div class="code-block"><pre class="chroma"><code><span class="start"><span class="kr">SIP/2.0</span> <span class="mi">503</span>`,
		"<mark><span class=\"nt\">Retry-After</span><span class=\"p\">:</span> <span class=\"mi\">120</span>\n</mark>",
		`<span class="body"><span class="nt">v</span>`,
		"</span></code></pre></div>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered\n%s\nwant it to contain\n%s", html, want)
		}
	}
}

// A bad mark is a problem at the line of its fence, each one in the same
// run, and the page still renders.
func TestBadMarkIsReportedAtItsFence(t *testing.T) {
	src := "---\ntitle: T\nsummary: S\n---\n\n## Example\n\n```sip {mark=\"Warning\"}\nSIP/2.0 488 Not Acceptable Here\nVia: SIP/2.0/UDP h\n```\n\n```sip {colour=\"red\"}\nSIP/2.0 200 OK\n```\n"
	_, err := Parse("content/codes/488.md", []byte(src), &note{})
	if err == nil {
		t.Fatal("no error for a mark of a header the message does not have")
	}
	var pe *problem.Error
	if !errors.As(err, &pe) {
		t.Fatalf("%v is not a problem.Error", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`content/codes/488.md:8: code block: mark "Warning": no such header in this message; it has Via`,
		`content/codes/488.md:13: code block: unknown attribute "colour"; want mark`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors:\n%s\nwant\n%s", msg, want)
		}
	}
}
