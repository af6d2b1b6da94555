// Command proxy extracts the SIP replies, reason phrases and timer defaults
// that the SIP proxies Kamailio and OpenSIPS generate themselves, from their
// C sources at a pinned commit, and prints them as the YAML of
// data/platforms/kamailio.yaml or data/platforms/opensips.yaml. The two
// share their code base's history, so one extractor serves both; each has a
// file of its own for its paths, its commit and its wording (kamailio.go,
// opensips.go).
//
// It reads either a git directory (git show COMMIT:PATH) or a directory that
// holds the files at their repository paths:
//
//	go run ./internal/platform/gen/proxy kamailio -git-dir /work/.mirror/kamailio+kamailio/repo \
//		-commit 38711a3e788de0130d48cb485578c482b57d9351 > data/platforms/kamailio.yaml
//	go run ./internal/platform/gen/proxy opensips -git-dir /work/.mirror/OpenSIPS+opensips/repo \
//		-commit 8f4f1e1b4015a52f88953e6c16758f800bd0e9fb > data/platforms/opensips.yaml
//
// Only facts (numbers, names, phrases on the wire, line numbers) are taken;
// the sentences are our own. The generator fails when a pattern it relies on
// is no longer found, so a moved line cannot go stale silently.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/sipcodes/sipcodes/internal/registry"
)

// cfgRule names what a stock configuration's reply is for, by a marker
// found near it.
type cfgRule struct{ marker, what string }

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: proxy kamailio|opensips -git-dir DIR | -src DIR [-commit HASH]")
		os.Exit(2)
	}
	platform := os.Args[1]
	os.Args = append(os.Args[:1], os.Args[2:]...)
	switch platform {
	case "kamailio":
		run(platform, "38711a3e788de0130d48cb485578c482b57d9351", extractKamailio)
	case "opensips":
		run(platform, "8f4f1e1b4015a52f88953e6c16758f800bd0e9fb", extractOpenSIPS)
	default:
		fmt.Fprintf(os.Stderr, "proxy: no platform %q; want kamailio or opensips\n", platform)
		os.Exit(2)
	}
}

type reply struct {
	SIP        int
	Phrase     string
	Line       int
	File       string // only when it differs from the table's file
	Function   string // only when it differs from the table's function
	Registered bool
	When       string
}

type phrase struct {
	SIP    int
	Phrase string
	Line   int
	File   string // only when it differs from the table's file
}

type setting struct {
	Name, Value, File string
	Line              int
	Text              string
}

type fact struct {
	Text, File string
	Line       int
}

type doc struct {
	Platform, Repository, Commit string
	RepliesFile, RepliesFunction string
	Replies                      []reply
	PhrasesFile                  string
	Phrases                      []phrase
	Defaults                     []setting
	Facts                        []fact
}

type define struct {
	Value int
	Line  int
}

var defineRe = regexp.MustCompile(`^\s*#define\s+(\w+)\s+(-?\d+)\b`)

// parseDefines returns every numeric #define in src, by name.
// Commented-out defines ("/* #define X -4 */") do not match.
func parseDefines(src string) map[string]define {
	out := map[string]define{}
	for i, l := range strings.Split(src, "\n") {
		if m := defineRe.FindStringSubmatch(l); m != nil {
			v, _ := strconv.Atoi(m[2])
			out[m[1]] = define{v, i + 1}
		}
	}
	return out
}

// errCase is one arm of err2reason_phrase's switch: the internal errors it
// handles, the text it writes and the SIP code it picks.
type errCase struct {
	Labels   []string // E_... names; "default" for the default arm
	Text     string
	TextLine int
	SIP      int
}

var (
	caseLabelRe = regexp.MustCompile(`^\s*case\s+(\w+)\s*:`)
	defaultRe   = regexp.MustCompile(`^\s*default\s*:`)
	errTxtRe    = regexp.MustCompile(`error_txt\s*=\s*"((?:[^"\\]|\\.)*)"`)
	sipErrRe    = regexp.MustCompile(`\*sip_error\s*=\s*([^;]+);`)
	breakRe     = regexp.MustCompile(`^\s*break\s*;`)
	snprintfRe  = regexp.MustCompile(`"%s \(%d/%s\)"`)
)

// parseErr2Reason reads the switch of err2reason_phrase(). The SIP code is
// either "-<the switch variable>" (the error's own number, negated), "-E_X"
// (another define, negated) or a literal. Code under "#ifdef DEBUG" is
// skipped, as in a release build. It also returns the line of the
// "%s (%d/%s)" format that appends the suffix.
func parseErr2Reason(src string, defs map[string]define) ([]errCase, int, error) {
	lines := strings.Split(src, "\n")
	start := -1
	for i, l := range lines {
		if strings.Contains(l, "err2reason_phrase(") && !strings.HasSuffix(strings.TrimSpace(l), ";") {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, 0, fmt.Errorf("err2reason_phrase not found")
	}
	var out []errCase
	var cur errCase
	skip := false
	suffixLine := 0
	for i := start; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "#ifdef DEBUG"):
			skip = true
			continue
		case strings.HasPrefix(t, "#else") && skip:
			skip = false
			continue
		case strings.HasPrefix(t, "#endif") && skip:
			skip = false
			continue
		}
		if skip {
			continue
		}
		if snprintfRe.MatchString(l) {
			suffixLine = i + 1
			break
		}
		if m := caseLabelRe.FindStringSubmatch(l); m != nil {
			if cur.Text != "" { // a fall-through into a new label after text: keep simple
				return nil, 0, fmt.Errorf("line %d: case after text without break", i+1)
			}
			cur.Labels = append(cur.Labels, m[1])
		} else if defaultRe.MatchString(l) {
			cur.Labels = append(cur.Labels, "default")
		}
		if m := errTxtRe.FindStringSubmatch(l); m != nil {
			s, err := strconv.Unquote(`"` + m[1] + `"`)
			if err != nil {
				return nil, 0, fmt.Errorf("line %d: %v", i+1, err)
			}
			cur.Text, cur.TextLine = s, i+1
		}
		if m := sipErrRe.FindStringSubmatch(l); m != nil {
			code, err := sipCode(strings.TrimSpace(m[1]), cur.Labels, defs)
			if err != nil {
				return nil, 0, fmt.Errorf("line %d: %v", i+1, err)
			}
			cur.SIP = code
		}
		if breakRe.MatchString(l) && len(cur.Labels) > 0 {
			if cur.Text == "" || cur.SIP == 0 {
				return nil, 0, fmt.Errorf("line %d: arm %v lacks text or code", i+1, cur.Labels)
			}
			out = append(out, cur)
			cur = errCase{}
		}
	}
	if suffixLine == 0 {
		return nil, 0, fmt.Errorf("suffix format \"%%s (%%d/%%s)\" not found")
	}
	return out, suffixLine, nil
}

func sipCode(expr string, labels []string, defs map[string]define) (int, error) {
	if n, err := strconv.Atoi(expr); err == nil {
		return n, nil
	}
	if strings.HasPrefix(expr, "-") {
		name := strings.TrimSpace(expr[1:])
		if d, ok := defs[name]; ok {
			return -d.Value, nil
		}
		// "-int_error": the error's own number; needs one label.
		if len(labels) == 1 {
			if d, ok := defs[labels[0]]; ok {
				return -d.Value, nil
			}
		}
	}
	return 0, fmt.Errorf("cannot evaluate sip code %q for %v", expr, labels)
}

// codeText is one "case N: return "text";" of error_text().
type codeText struct {
	Code int
	Text string
	Line int // the line of the return
}

var (
	numCaseRe = regexp.MustCompile(`^\s*case\s+(\d{3})\s*:`)
	returnRe  = regexp.MustCompile(`return\s+"((?:[^"\\]|\\.)*)"\s*;`)
	geRe      = regexp.MustCompile(`code\s*>=\s*(\d+)\s*\)`)
)

// parseErrorText reads the switch of error_text() and the class fallbacks
// after it ("if (code >= 600) return "Global Failure";").
func parseErrorText(src string) (cases []codeText, fallbacks []codeText, err error) {
	lines := strings.Split(src, "\n")
	start := -1
	for i, l := range lines {
		if strings.Contains(l, "error_text(") && !strings.HasSuffix(strings.TrimSpace(l), ";") {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, nil, fmt.Errorf("error_text not found")
	}
	pending, ge := 0, 0
	for i := start + 1; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "}") { // end of function
			break
		}
		if m := numCaseRe.FindStringSubmatch(l); m != nil {
			pending, _ = strconv.Atoi(m[1])
		}
		if m := geRe.FindStringSubmatch(l); m != nil {
			ge, _ = strconv.Atoi(m[1])
		}
		if m := returnRe.FindStringSubmatch(l); m != nil {
			s, uerr := strconv.Unquote(`"` + m[1] + `"`)
			if uerr != nil {
				return nil, nil, fmt.Errorf("line %d: %v", i+1, uerr)
			}
			switch {
			case pending != 0:
				cases = append(cases, codeText{pending, s, i + 1})
				pending = 0
			case ge != 0:
				fallbacks = append(fallbacks, codeText{ge, s, i + 1})
				ge = 0
			}
		}
	}
	if len(cases) == 0 {
		return nil, nil, fmt.Errorf("error_text: no cases found")
	}
	return cases, fallbacks, nil
}

// cfgReply is a reply with a literal code and phrase in a routing script.
type cfgReply struct {
	Code int
	Text string
	Line int
}

var cfgReplyRe = regexp.MustCompile(`\b(?:sl_send_reply|send_reply|t_reply)\s*\(\s*"?(\d{3})"?\s*,\s*"([^"]*)"\s*\)`)

// parseCfgReplies returns the replies a routing script sends with literal
// code and phrase; commented-out lines ('#' first) are skipped.
func parseCfgReplies(src string) []cfgReply {
	var out []cfgReply
	for i, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		for _, m := range cfgReplyRe.FindAllStringSubmatch(l, -1) {
			n, _ := strconv.Atoi(m[1])
			out = append(out, cfgReply{n, m[2], i + 1})
		}
	}
	return out
}

// parseCInit finds "name = value;" (a C initialiser) and returns the value
// as written, and its line. str_init("x") yields x.
func parseCInit(src, name string) (string, int, error) {
	re := regexp.MustCompile(`(?:^|[\s*])` + regexp.QuoteMeta(name) + `\s*=\s*([^;]+);`)
	for i, l := range strings.Split(src, "\n") {
		if m := re.FindStringSubmatch(l); m != nil {
			v := strings.TrimSpace(m[1])
			if strings.HasPrefix(v, "str_init(") && strings.HasSuffix(v, ")") {
				v = strings.TrimSuffix(strings.TrimPrefix(v, "str_init("), ")")
			}
			if u, err := strconv.Unquote(v); err == nil {
				v = u
			}
			return v, i + 1, nil
		}
	}
	return "", 0, fmt.Errorf("initialiser of %s not found", name)
}

// structInit finds the line of a struct initialiser element by its trailing
// comment ("1, /* tm_auto_inv_100 */") and returns the value and line.
func structInit(src, field string) (string, int, error) {
	re := regexp.MustCompile(`^\s*(.+?),\s*/\*\s*` + regexp.QuoteMeta(field) + `\b`)
	for i, l := range strings.Split(src, "\n") {
		if m := re.FindStringSubmatch(l); m != nil {
			v := strings.TrimSpace(m[1])
			if u, err := strconv.Unquote(v); err == nil {
				v = u
			}
			return v, i + 1, nil
		}
	}
	return "", 0, fmt.Errorf("struct field %s not found", field)
}

// lineOf returns the first line (1-based) containing needle.
func lineOf(src, needle string) (int, error) {
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, needle) {
			return i + 1, nil
		}
	}
	return 0, fmt.Errorf("%q not found", needle)
}

var funcDefRe = regexp.MustCompile(`^[A-Za-z_][\w\s\*]*?\b(\w+)\s*\(`)

// enclosingFunc returns the name of the C function whose definition starts
// last at or before line (definitions start in column 0).
func enclosingFunc(src string, line int) string {
	lines := strings.Split(src, "\n")
	for i := line - 1; i >= 0 && i < len(lines); i-- {
		l := lines[i]
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "typedef") {
			continue
		}
		if m := funcDefRe.FindStringSubmatch(l); m != nil && !strings.HasSuffix(strings.TrimSpace(l), ";") {
			return m[1]
		}
	}
	return ""
}

// registeredFor reports whether code is IANA-registered and phrase does not
// name the meaning of a different registered code ("500 Service
// Unavailable" is false; "400 Bad To" is true: a free-text phrase on a
// registered code).
func registeredFor(code int, phrase string) bool {
	if _, ok := registry.Lookup(code); !ok {
		return false
	}
	for _, e := range registry.All {
		if e.Code != code && strings.EqualFold(e.Reason, phrase) {
			return false
		}
	}
	return true
}

func differsFromIANA(code int, phrase string) bool {
	e, ok := registry.Lookup(code)
	return !ok || e.Reason != phrase
}

type source interface {
	read(path string) (string, error)
}

type dirSource string

func (d dirSource) read(p string) (string, error) {
	b, err := os.ReadFile(filepath.Join(string(d), filepath.FromSlash(p)))
	return string(b), err
}

type gitSource struct{ dir, commit string }

func (g gitSource) read(p string) (string, error) {
	b, err := exec.Command("git", "--git-dir", g.dir, "show", g.commit+":"+p).Output()
	if err != nil {
		return "", fmt.Errorf("git show %s:%s: %v", g.commit, p, err)
	}
	return string(b), nil
}

// stockReplies are the facts of the stock script file: each reply it
// sends with a phrase other than IANA's, and what it answers, from rules.
func (x *extraction) stockReplies(file string, rules []cfgRule) []fact {
	var facts []fact
	for _, r := range parseCfgReplies(x.files[file]) {
		if differsFromIANA(r.Code, r.Text) {
			what, err := cfgContext(x.files[file], r, rules)
			if err != nil {
				x.errs = append(x.errs, file+": "+err.Error())
			}
			facts = append(facts, fact{fmt.Sprintf("The stock configuration replies %q to %s.", fmt.Sprintf("%d %s", r.Code, r.Text), what), file, r.Line})
		}
	}
	return facts
}

// cfgContext says what a stock-script reply answers, from the markers in
// the 8 lines before it.
func cfgContext(src string, r cfgReply, cfgRules []cfgRule) (string, error) {
	lines := strings.Split(src, "\n")
	for i := r.Line - 2; i >= 0 && i >= r.Line-9; i-- {
		for _, c := range cfgRules {
			if strings.Contains(lines[i], c.marker) {
				return c.what, nil
			}
		}
	}
	return "", fmt.Errorf("line %d: no context marker for %d %q", r.Line, r.Code, r.Text)
}

func textFor(errorC string, code int) string {
	cases, _, err := parseErrorText(errorC)
	if err == nil {
		for _, c := range cases {
			if c.Code == code {
				return c.Text
			}
		}
	}
	return ""
}

func must2(v string, n int, err error) func(*[]string, string) (string, int) {
	return func(errs *[]string, file string) (string, int) {
		if err != nil {
			*errs = append(*errs, file+": "+err.Error())
		}
		return v, n
	}
}

func q(s string) string { return strconv.Quote(s) }

// An extraction is the files one platform's extractor reads and the
// problems it finds on the way, so that every pattern no longer found in
// the sources is reported, all of them at once.
type extraction struct {
	files map[string]string
	errs  []string
}

// readSources reads the files paths from src.
func readSources(src source, paths []string) (*extraction, error) {
	x := &extraction{files: map[string]string{}}
	for _, p := range paths {
		s, err := src.read(p)
		if err != nil {
			return nil, err
		}
		x.files[p] = s
	}
	return x, nil
}

// must records err, if any, and returns n.
func (x *extraction) must(n int, err error) int {
	if err != nil {
		x.errs = append(x.errs, err.Error())
	}
	return n
}

// line is the line of file that holds needle.
func (x *extraction) line(file, needle string) int {
	n, err := lineOf(x.files[file], needle)
	if err != nil {
		err = fmt.Errorf("%s: %v", file, err)
	}
	return x.must(n, err)
}

// lineAfter is the line of file that holds then, looked for in the within
// lines after the first line that holds first: a statement cited by the
// condition or log line that introduces it.
func (x *extraction) lineAfter(file, first, then string, within int) int {
	start := x.line(file, first)
	if start == 0 {
		return 0
	}
	lines := strings.Split(x.files[file], "\n")
	for i := start; i < len(lines) && i <= start+within; i++ {
		if strings.Contains(lines[i-1], then) {
			return i
		}
	}
	x.errs = append(x.errs, fmt.Sprintf("%s: %q not found within %d lines after line %d", file, then, within, start))
	return 0
}

// initv is the initial value of the C variable name in file, and its line.
func (x *extraction) initv(file, name string) (string, int) {
	v, n, err := parseCInit(x.files[file], name)
	if err != nil {
		err = fmt.Errorf("%s: %v", file, err)
	}
	return v, x.must(n, err)
}

// err returns every problem recorded, one a line, or nil.
func (x *extraction) err() error {
	if len(x.errs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(x.errs, "\n"))
}

// err2reasonReplies adds to d the replies of err2reason_phrase() in errorC,
// the function both proxies turn an internal error into a reply with, each
// said in the words of errWhen; unhandled are the errors expected to take
// its default arm. It returns the error numbers of errorH and the line of
// the " (N/SIG)" suffix.
func (x *extraction) err2reasonReplies(d *doc, errorH, errorC string, errWhen map[string]string, unhandled []string) (map[string]define, int, error) {
	defs := parseDefines(x.files[errorH])
	cases, suffixLine, err := parseErr2Reason(x.files[errorC], defs)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %v", errorC, err)
	}
	handled := map[string]bool{}
	for _, c := range cases {
		for _, l := range c.Labels {
			handled[l] = true
		}
	}
	for _, n := range unhandled {
		if _, ok := defs[n]; !ok || handled[n] {
			x.errs = append(x.errs, fmt.Sprintf("%s: expected %s to be defined and to take the default arm", errorH, n))
		}
	}
	badProto := -defs["E_BAD_PROTO"].Value
	for _, c := range cases {
		var when []string
		for _, l := range c.Labels {
			if l == "default" {
				var names []string
				for _, n := range unhandled {
					names = append(names, fmt.Sprintf("%s (%d)", n, defs[n].Value))
				}
				when = append(when, "any other internal error, for example "+strings.Join(names, ", ")+
					fmt.Sprintf("; the suffix still shows that error's number, so E_BAD_PROTO gives \"500 ... (%d/SL)\", not a %d", badProto, badProto))
				continue
			}
			w, ok := errWhen[l]
			if !ok {
				x.errs = append(x.errs, fmt.Sprintf("%s: no description for %s", errorC, l))
			}
			when = append(when, w)
		}
		d.Replies = append(d.Replies, reply{SIP: c.SIP, Phrase: c.Text, Line: c.TextLine,
			Registered: registeredFor(c.SIP, c.Text), When: strings.Join(when, "; or ")})
	}
	return defs, suffixLine, nil
}

// run extracts one platform's tables with extract, from the sources its
// flags name, and prints them as YAML; commit is the pinned default.
func run(platform, commit string, extract func(source, string) (*doc, error)) {
	gitDir := flag.String("git-dir", "", "a git directory holding the commit (read with git show)")
	srcDir := flag.String("src", "", "a directory holding the files at their repository paths")
	commitFlag := flag.String("commit", commit, "the commit the files come from (40 hex)")
	flag.Parse()
	if !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(*commitFlag) {
		fmt.Fprintln(os.Stderr, platform+": -commit must be 40 hex digits")
		os.Exit(2)
	}
	var src source
	switch {
	case *gitDir != "":
		src = gitSource{*gitDir, *commitFlag}
	case *srcDir != "":
		src = dirSource(*srcDir)
	default:
		fmt.Fprintln(os.Stderr, platform+": give -git-dir or -src")
		os.Exit(2)
	}
	d, err := extract(src, *commitFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, platform+":", err)
		os.Exit(1)
	}
	fmt.Print(render(d, platform))
}

func render(d *doc, platform string) string {
	var b strings.Builder
	gen := "proxy " + platform
	fmt.Fprintf(&b, "# Generated by internal/platform/gen/%s from %s at the commit below; do not edit by hand.\n", gen, d.Repository)
	fmt.Fprintf(&b, "platform: %s\nrepository: %s\ncommit: %s\n", d.Platform, d.Repository, d.Commit)
	b.WriteString("replies:             # SIP replies the platform generates itself, with the phrase it puts on the wire\n")
	fmt.Fprintf(&b, "  file: %s\n  function: %s\n  entries:\n", d.RepliesFile, d.RepliesFunction)
	for _, r := range d.Replies {
		fmt.Fprintf(&b, "    - {sip: %d, phrase: %s, line: %d", r.SIP, q(r.Phrase), r.Line)
		if r.File != "" {
			fmt.Fprintf(&b, ", file: %s", r.File)
		}
		if r.Function != "" {
			fmt.Fprintf(&b, ", function: %s", r.Function)
		}
		fmt.Fprintf(&b, ", registered: %t, when: %s}\n", r.Registered, q(r.When))
	}
	b.WriteString("phrases:             # reason phrases it uses for registered codes, where they differ from IANA's\n")
	fmt.Fprintf(&b, "  file: %s\n  entries:\n", d.PhrasesFile)
	for _, p := range d.Phrases {
		fmt.Fprintf(&b, "    - {sip: %d, phrase: %s, line: %d", p.SIP, q(p.Phrase), p.Line)
		if p.File != "" {
			fmt.Fprintf(&b, ", file: %s", p.File)
		}
		b.WriteString("}\n")
	}
	b.WriteString("defaults:            # timer and behaviour defaults, each cited\n")
	for _, s := range d.Defaults {
		fmt.Fprintf(&b, "  - {name: %s, value: %s, file: %s, line: %d, text: %s}\n", s.Name, q(s.Value), s.File, s.Line, q(s.Text))
	}
	b.WriteString("facts:               # other behaviour a reader needs; short plain sentences\n")
	for _, f := range d.Facts {
		fmt.Fprintf(&b, "  - {text: %s, file: %s, line: %d}\n", q(f.Text), f.File, f.Line)
	}
	return b.String()
}
