// Package corpus writes synthetic pages for benchmarks: N plain pages shaped
// like the site's code pages (about 600 words under headings, a list, a
// table, a ```sip block, links to other pages of the corpus), the same for a
// given seed on every run.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Dir is the folder under content/ that holds the pages.
const Dir = "bench"

// Name returns the file name of page i (1-based), without ".md".
func Name(i int) string { return fmt.Sprintf("page-%05d", i) }

// Pages returns n pages by file name under content/ ("bench/page-00001.md").
func Pages(n int, seed uint64) map[string][]byte {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	pages := make(map[string][]byte, n)
	for i := 1; i <= n; i++ {
		pages[Dir+"/"+Name(i)+".md"] = page(r, i, n)
	}
	return pages
}

var words = strings.Fields(`call caller callee proxy registrar trunk gateway carrier
handset softphone dialog transaction request response header route contact via
branch tag realm nonce codec media stream port address session offer answer
timer retry failure success provisional final early remote local network server
client busy ringing forward redirect cancel invite register subscribe notify
option update refer message publish bye ack prack info sdp rtp rtcp nat firewall
policy account credential password certificate identity signature trace log
capture packet latency jitter loss echo tone announcement voicemail queue agent`)

var codes = []int{180, 183, 200, 401, 403, 404, 407, 408, 480, 481, 486, 487, 488, 500, 503, 603}

func sentence(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[r.IntN(len(words))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

func paragraph(r *rand.Rand, sentences int) string {
	s := make([]string, sentences)
	for i := range s {
		s[i] = sentence(r, 8+r.IntN(10))
	}
	return strings.Join(s, " ")
}

// link points at another page of the corpus.
func link(r *rand.Rand, n int) string {
	j := 1 + r.IntN(n)
	return fmt.Sprintf("[page %d](/%s/%s/)", j, Dir, Name(j))
}

func page(r *rand.Rand, i, n int) []byte {
	code := codes[r.IntN(len(codes))]
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Benchmark page %d\nsummary: %s\n---\n", i, sentence(r, 12))
	fmt.Fprintf(&b, "## In short\n\n%s See %s.\n\n", paragraph(r, 3), link(r, n))
	fmt.Fprintf(&b, "## What it means\n\n%s\n\n%s Compare %s and %s.\n\n%s\n\n", paragraph(r, 6), paragraph(r, 5), link(r, n), link(r, n), paragraph(r, 5))
	b.WriteString("## Common causes\n\n")
	for range 5 {
		fmt.Fprintf(&b, "- **%s** %s\n", sentence(r, 3), sentence(r, 12))
	}
	b.WriteString("\n## How to fix\n\n| Who | What to check | Where |\n|---|---|---|\n")
	for range 4 {
		fmt.Fprintf(&b, "| %s | %s | `%s` |\n", words[r.IntN(len(words))], sentence(r, 6), words[r.IntN(len(words))])
	}
	fmt.Fprintf(&b, "\n%s\n\n## Example\n\n```sip\n", paragraph(r, 5))
	fmt.Fprintf(&b, "SIP/2.0 %d Example Reason\r\nVia: SIP/2.0/UDP 192.0.2.%d:5060;branch=z9hG4bK%06d\r\n", code, i%250, i)
	fmt.Fprintf(&b, "From: <sip:alice@example.com>;tag=%d\r\nTo: <sip:bob@example.net>;tag=%d\r\n", r.IntN(1e6), r.IntN(1e6))
	fmt.Fprintf(&b, "Call-ID: %d@example.com\r\nCSeq: %d INVITE\r\nContent-Length: 0\r\n```\n\n", i, 1+r.IntN(100))
	fmt.Fprintf(&b, "## Related pages\n\n- %s\n- %s\n- %s\n", link(r, n), link(r, n), link(r, n))
	if i < n { // a chain from the home page reaches every page, as a real site's lists do
		fmt.Fprintf(&b, "- [next page](/%s/%s/)\n", Dir, Name(i+1))
	}
	return []byte(b.String())
}

// Site returns the files of a complete benchmark site besides layouts and
// assets: a home page and the n pages, by path under the site root.
func Site(n int, seed uint64) map[string][]byte {
	files := map[string][]byte{
		"content/_index.md": []byte("---\ntitle: Benchmark\ndescription: Synthetic pages.\nbase_url: https://bench.example\n---\nA corpus of " +
			fmt.Sprint(n) + " pages, starting at [page 1](/" + Dir + "/" + Name(1) + "/).\n"),
	}
	for name, data := range Pages(n, seed) {
		files["content/"+name] = data
	}
	return files
}
