package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Shapes are the corpora the benchmarks build: "codes", pages shaped like
// the site's code pages (Pages), and "prose", which stresses a generator
// differently: longer sentences of ordinary words with punctuation, inline
// markup, relative links between pages of a folder, nested lists, three
// code blocks in different languages and pages spread over nested folders.
var Shapes = []string{"codes", "prose"}

// SiteOf returns the files of the benchmark site of a shape (see Shapes).
func SiteOf(shape string, n int, seed uint64) (map[string][]byte, error) {
	switch shape {
	case "codes":
		return Site(n, seed), nil
	case "prose":
		return proseSite(n, seed), nil
	}
	return nil, fmt.Errorf("corpus: no shape %q; want one of %v", shape, Shapes)
}

const proseDir = "docs"

// folders is how many sections and topics the prose pages spread over.
const sections, topics = 10, 5

// prosePath returns the path of prose page i under content/, without ".md",
// and the folder it is in.
func prosePath(i int) (path, folder string) {
	folder = fmt.Sprintf("%s/s%d/t%d", proseDir, i%sections, i/sections%topics)
	return fmt.Sprintf("%s/article-%05d", folder, i), folder
}

var prose = strings.Fields(`the a an of to in and for on with as by at from that this it is was
are be have has not or but when where which while before after because if then than only also
most many some every each other new old first last long short high low early late simple common
system service message network address number request answer device person office team customer
provider carrier account setting option problem reason result change update release version
record report value field header body line list table note example section page document
configure restart check compare measure replace upgrade enable disable forward register accept
reject retry wait send receive return follow describe explain show expect allow prevent`)

func proseSentence(r *rand.Rand, n int) string { return sentenceOf(r, n, true) }

// sentenceOf makes a sentence of n words, with inline markup now and then
// when markup is set (not for front matter, where "*" starts YAML syntax).
func sentenceOf(r *rand.Rand, n int, markup bool) string {
	w := make([]string, n)
	for i := range w {
		w[i] = prose[r.IntN(len(prose))]
		k := r.IntN(40)
		if !markup && k < 3 {
			k = 39
		}
		switch k {
		case 0:
			w[i] = "`" + w[i] + "`"
		case 1:
			w[i] = "*" + w[i] + "*"
		case 2:
			w[i] = "**" + w[i] + "**"
		case 3:
			w[i] += ","
		}
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	end := "."
	if r.IntN(8) == 0 {
		end = "?"
	}
	return strings.TrimSuffix(strings.Join(w, " "), ",") + end
}

func proseParagraph(r *rand.Rand, sentences int) string {
	s := make([]string, sentences)
	for i := range s {
		s[i] = proseSentence(r, 12+r.IntN(16))
	}
	return strings.Join(s, " ")
}

// neighbour links, relatively, to another page of page i's folder, or to
// the first page of the corpus when i's folder has no other.
func neighbour(r *rand.Rand, i, n int) string {
	var peers []int
	for j := i % (sections * topics); j < n; j += sections * topics {
		if j != i && j >= 1 {
			peers = append(peers, j)
		}
		if len(peers) == 8 {
			break
		}
	}
	if len(peers) == 0 {
		p, _ := prosePath(1)
		return fmt.Sprintf("[the first article](/%s/)", p)
	}
	j := peers[r.IntN(len(peers))]
	return fmt.Sprintf("[article %d](../article-%05d/)", j, j)
}

func prosePage(r *rand.Rand, i, n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Article %d on %s\nsummary: %s\n---\n", i, prose[r.IntN(len(prose))], sentenceOf(r, 14, false))
	fmt.Fprintf(&b, "%s\n\n", proseParagraph(r, 4))
	for s := 1; s <= 3; s++ {
		fmt.Fprintf(&b, "## Part %d: %s\n\n%s See %s.\n\n", s, proseSentence(r, 4), proseParagraph(r, 5), neighbour(r, i, n))
		fmt.Fprintf(&b, "### Details\n\n%s\n\n", proseParagraph(r, 3))
		for k := range 4 {
			fmt.Fprintf(&b, "- %s\n", proseSentence(r, 8))
			if k == 1 {
				fmt.Fprintf(&b, "  1. %s\n  2. %s\n", proseSentence(r, 6), proseSentence(r, 6))
			}
		}
		fmt.Fprintf(&b, "\n> %s\n\n", proseSentence(r, 18))
	}
	fmt.Fprintf(&b, "```bash\n# %s\nsystemctl restart service-%d && journalctl -u service-%d --since '-10 min' | grep -c error\n```\n\n", proseSentence(r, 5), i, i)
	fmt.Fprintf(&b, "```json\n{\"page\": %d, \"ok\": %v, \"items\": [%d, %d, %d], \"note\": \"%s\"}\n```\n\n", i, r.IntN(2) == 0, r.IntN(99), r.IntN(99), r.IntN(99), prose[r.IntN(len(prose))])
	fmt.Fprintf(&b, "```sip\nSIP/2.0 %d Example\r\nVia: SIP/2.0/TLS 198.51.100.%d:5061;branch=z9hG4bK%06d\r\nCall-ID: %d@example.org\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n```\n\n", codes[r.IntN(len(codes))], i%250, i, i)
	fmt.Fprintf(&b, "## Further reading\n\n- %s\n- %s\n", neighbour(r, i, n), neighbour(r, i, n))
	if i < n { // a chain from the home page reaches every page, as a real site's lists do
		next, _ := prosePath(i + 1)
		fmt.Fprintf(&b, "- [the next article](/%s/)\n", next)
	}
	return []byte(b.String())
}

func proseSite(n int, seed uint64) map[string][]byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9105e))
	first, _ := prosePath(1)
	files := map[string][]byte{
		"content/_index.md": []byte("---\ntitle: Benchmark\ndescription: Synthetic articles.\nbase_url: https://bench.example\n---\nA corpus of " +
			fmt.Sprint(n) + " articles, starting at [the first](/" + first + "/).\n"),
	}
	for i := 1; i <= n; i++ {
		p, _ := prosePath(i)
		files["content/"+p+".md"] = prosePage(r, i, n)
	}
	return files
}
