// Command opensips extracts the SIP replies, reason phrases and timer
// defaults that OpenSIPS generates itself, from its C sources at a pinned
// commit, and prints them as the YAML of data/platforms/opensips.yaml.
//
// It reads either a git directory (git show COMMIT:PATH) or a directory that
// holds the files at their repository paths:
//
//	go run ./internal/platform/gen/opensips -git-dir /work/.mirror/OpenSIPS+opensips/repo \
//		-commit 8f4f1e1b4015a52f88953e6c16758f800bd0e9fb > data/platforms/opensips.yaml
//	go run ./internal/platform/gen/opensips -src /tmp/opensips -commit 8f4f1e1b... > ...
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
	"sort"
	"strconv"
	"strings"

	"github.com/sipcodes/sipcodes/internal/registry"
)

const (
	repository = "OpenSIPS/opensips"
	errorH     = "error.h"
	errorC     = "error.c"
	tmConfigH  = "modules/tm/config.h"
	tmC        = "modules/tm/tm.c"
	tReplyC    = "modules/tm/t_reply.c"
	timerC     = "modules/tm/timer.c"
	tFuncsC    = "modules/tm/t_funcs.c"
	tLookupC   = "modules/tm/t_lookup.c"
	tmMIC      = "modules/tm/mi.c"
	slFuncsC   = "modules/sl/sl_funcs.c"
	msgTransH  = "msg_translator.h"
	globalsC   = "globals.c"
	stockCfg   = "etc/opensips.cfg"
)

// ---- output model (mirrors data/platforms/kamailio.yaml) ----

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

// ---- parsing (pattern-based; tested in main_test.go) ----

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

// ---- IANA comparison ----

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

// ---- sources ----

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

// ---- the extraction ----

// errWhen says, in our words, what makes OpenSIPS raise each internal error.
var errWhen = map[string]string{
	"E_IP_BLOCKED":        "every address of the next hop is refused by a blacklist (E_IP_BLOCKED, -473)",
	"E_SEND":              "sending the request to the next hop failed (E_SEND, -477)",
	"E_BAD_ADDRESS":       "the next hop's address cannot be resolved (E_BAD_ADDRESS, -476)",
	"E_BAD_REQ":           "the request is malformed (E_BAD_REQ, -400)",
	"E_BAD_URI":           "a URI in the request cannot be parsed (E_BAD_URI, -475)",
	"E_BAD_TUPEL":         "the headers that identify the transaction are incomplete (E_BAD_TUPEL, -9)",
	"E_BAD_TO":            "the To header is malformed (E_BAD_TO, -13)",
	"E_EXEC":              "an external program run from the script failed (E_EXEC, -11)",
	"E_TOO_MANY_BRANCHES": "the script asked for more branches than the forking limit (E_TOO_MANY_BRANCHES, -12)",
	"E_Q_INV_CHAR":        "a q value has an invalid character (E_Q_INV_CHAR, -15)",
	"E_Q_EMPTY":           "a q parameter is empty (E_Q_EMPTY, -16)",
	"E_Q_TOO_BIG":         "a q value is above 1 (E_Q_TOO_BIG, -17)",
	"E_NO_DESTINATION":    "no destination is left to send the request to (E_NO_DESTINATION, -18)",
	"E_OUT_OF_MEM":        "memory ran out (E_OUT_OF_MEM, -2; a DEBUG build says so in the phrase instead)",
}

// unhandled are internal errors that have no arm of their own and so take
// the default one; listed in the default entry's "when" and checked.
var unhandled = []string{"E_UNSPEC", "E_BAD_PROTO", "E_BAD_SERVER", "E_NO_SOCKET", "E_BAD_VIA"}

// kamailioNumbers compare OpenSIPS's numbers with Kamailio's for the same
// conditions, as read from kamailio/kamailio src/core/error.h at
// 38711a3e788de0130d48cb485578c482b57d9351 (lines 53, 56-62, 71). The text
// takes OpenSIPS's value (%d) once.
var kamailioNumbers = []struct{ name, text string }{
	{"E_IP_BLOCKED", "OpenSIPS replies %d for a destination refused by a blacklist; Kamailio has no such code (its E_BLOCKLISTED is -520 and gives a 500)."},
	{"E_BAD_PROTO", "E_BAD_PROTO is %d here and -480 in Kamailio; neither has an arm for it, so both send a 500 whose suffix shows the number."},
	{"E_BAD_URI", "An unparseable URI is %d here and 479 in Kamailio."},
	{"E_BAD_ADDRESS", "An unresolvable next hop is %d here and 478 in Kamailio."},
	{"E_SEND", "A failed send is %d in both; the phrases differ (\"Send failed\" here, \"Unfortunately error on sending to next hop occurred\" in Kamailio)."},
	{"E_NO_DESTINATION", "The internal number %d is E_NO_DESTINATION here (a 500) but E_Q_DEC_MISSING in Kamailio (a 400), so a suffix \"(18/...)\" means different things."},
}

func extract(src source, commit string) (*doc, error) {
	files := map[string]string{}
	for _, p := range []string{errorH, errorC, tmConfigH, tmC, tReplyC, timerC, tFuncsC, tLookupC, tmMIC, slFuncsC, msgTransH, globalsC, stockCfg} {
		s, err := src.read(p)
		if err != nil {
			return nil, err
		}
		files[p] = s
	}
	var errs []string
	must := func(n int, err error) int {
		if err != nil {
			errs = append(errs, err.Error())
		}
		return n
	}
	line := func(file, needle string) int {
		n, err := lineOf(files[file], needle)
		if err != nil {
			err = fmt.Errorf("%s: %v", file, err)
		}
		return must(n, err)
	}
	initv := func(file, name string) (string, int) {
		v, n, err := parseCInit(files[file], name)
		if err != nil {
			err = fmt.Errorf("%s: %v", file, err)
		}
		return v, must(n, err)
	}

	d := &doc{Platform: "OpenSIPS", Repository: repository, Commit: commit,
		RepliesFile: errorC, RepliesFunction: "err2reason_phrase", PhrasesFile: errorC}

	defs := parseDefines(files[errorH])
	cases, suffixLine, err := parseErr2Reason(files[errorC], defs)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", errorC, err)
	}
	handled := map[string]bool{}
	for _, c := range cases {
		for _, l := range c.Labels {
			handled[l] = true
		}
	}
	for _, n := range unhandled {
		if _, ok := defs[n]; !ok || handled[n] {
			errs = append(errs, fmt.Sprintf("%s: expected %s to be defined and to take the default arm", errorH, n))
		}
	}
	for _, c := range cases {
		var when []string
		for _, l := range c.Labels {
			if l == "default" {
				var names []string
				for _, n := range unhandled {
					names = append(names, fmt.Sprintf("%s (%d)", n, defs[n].Value))
				}
				when = append(when, "any other internal error, for example "+strings.Join(names, ", ")+
					"; the suffix still shows that error's number, so E_BAD_PROTO gives \"500 ... (474/SL)\", not a 474")
				continue
			}
			w, ok := errWhen[l]
			if !ok {
				errs = append(errs, fmt.Sprintf("%s: no description for %s", errorC, l))
			}
			when = append(when, w)
		}
		d.Replies = append(d.Replies, reply{SIP: c.SIP, Phrase: c.Text, Line: c.TextLine,
			Registered: registeredFor(c.SIP, c.Text), When: strings.Join(when, "; or ")})
	}

	// tm's own final replies.
	l408 := line(timerC, "fake_reply(t, r_buf->branch, 408 )")
	p408 := textFor(files[errorC], 408)
	fakedPhrase := line(tReplyC, "text.s = error_text(relayed_code);")
	d.Replies = append(d.Replies, reply{SIP: 408, Phrase: p408, Line: l408, File: timerC,
		Function: enclosingFunc(files[timerC], l408), Registered: registeredFor(408, p408),
		When: fmt.Sprintf("no final reply arrived before fr_timeout or fr_inv_timeout expired; tm fakes the 408 locally, with the phrase from error_text() (%s:%d)", tReplyC, fakedPhrase)})
	lRPE := line(tReplyC, `text.s = "Reply processing error";`)
	lRPEsend := line(tReplyC, "t_reply_unsafe( t, t->uas.request, 500, &text );")
	d.Replies = append(d.Replies, reply{SIP: 500, Phrase: "Reply processing error", Line: lRPEsend, File: tReplyC,
		Function: enclosingFunc(files[tReplyC], lRPE), Registered: registeredFor(500, "Reply processing error"),
		When: "tm could not store a reply from downstream, or ran out of memory building the reply to forward, and answers upstream itself"})
	sort.SliceStable(d.Replies, func(i, j int) bool { return d.Replies[i].SIP < d.Replies[j].SIP })

	// Phrases that differ from IANA's.
	texts, fallbacks, err := parseErrorText(files[errorC])
	if err != nil {
		return nil, fmt.Errorf("%s: %v", errorC, err)
	}
	auto100, l100 := initv(tLookupC, "relay_reason_100")
	if differsFromIANA(100, auto100) {
		d.Phrases = append(d.Phrases, phrase{SIP: 100, Phrase: auto100, Line: l100, File: tLookupC})
	}
	for _, t := range texts {
		if differsFromIANA(t.Code, t.Text) {
			d.Phrases = append(d.Phrases, phrase{SIP: t.Code, Phrase: t.Text, Line: t.Line})
		}
	}

	// Defaults.
	cfgDefs := parseDefines(files[tmConfigH])
	def := func(name, macro, unit, text string) {
		dv := cfgDefs[macro]
		if dv.Line == 0 {
			errs = append(errs, fmt.Sprintf("%s: %s not found", tmConfigH, macro))
		}
		d.Defaults = append(d.Defaults, setting{name, fmt.Sprintf("%d %s", dv.Value, unit), tmConfigH, dv.Line, text})
	}
	def("fr_timeout", "FR_TIME_OUT", "s", "tm: how long to wait for a final reply to a non-INVITE, or for the first reply to an INVITE, before faking a 408.")
	def("fr_inv_timeout", "INV_FR_TIME_OUT", "s", "tm: how long an INVITE waits for a final reply once a provisional reply has arrived.")
	def("wt_timer", "WT_TIME_OUT", "s", "tm: how long a finished transaction stays in memory to absorb retransmissions.")
	def("delete_timer", "DEL_TIME_OUT", "s", "tm: how long a transaction waits to be freed after leaving the hash table.")
	def("T1_timer", "RETR_T1", "ms", "tm: first retransmission interval (T1).")
	def("T2_timer", "RETR_T2", "ms", "tm: largest retransmission interval (T2).")
	v, n := initv(tLookupC, "auto_100trying")
	d.Defaults = append(d.Defaults, setting{"auto_100trying", v, tLookupC, n, "tm: when 1, a 100 is sent at once for every INVITE that creates a transaction."})
	d.Defaults = append(d.Defaults, setting{"relay_reason_100", auto100, tLookupC, l100, "tm: the phrase of that automatic 100 (a fixed string in the code, not a parameter)."})
	v, n = initv(globalsC, "sip_warning")
	d.Defaults = append(d.Defaults, setting{"sip_warning", v, globalsC, n, "core: when 1, replies carry a Warning: 392 header with debugging details."})

	// Facts.
	add := func(file string, line int, text string) {
		d.Facts = append(d.Facts, fact{text, file, line})
	}
	add(errorC, suffixLine, `Replies built from an internal error carry the suffix " (N/SIG)": N is the internal error number without its minus sign, SIG the module that replied. "476 Unresolvable destination (476/TM)" came from tm.`)
	add(slFuncsC, line(slFuncsC, `err_buf, sizeof(err_buf), "SL")`), `The sl module passes the signature "SL".`)
	add(tFuncsC, line(tFuncsC, `err_buffer, sizeof(err_buffer), "TM" )`), `The tm module passes the signature "TM" when it kills a transaction after an internal error.`)
	add(tmMIC, line(tmMIC, `"MI/UAC")`), `A request started through the management interface (tm's MI t_uac_dlg) that fails locally reports "(N/MI/UAC)".`)
	for _, k := range kamailioNumbers {
		dv, ok := defs[k.name]
		if !ok {
			errs = append(errs, fmt.Sprintf("%s: %s not defined", errorH, k.name))
			continue
		}
		v := dv.Value
		if k.name != "E_NO_DESTINATION" && k.name != "E_BAD_PROTO" {
			v = -v // the reply code
		}
		add(errorH, dv.Line, fmt.Sprintf(k.text, v))
	}
	add(errorH, defs["E_IP_BLOCKED"].Line, `So in a trace, 473, 475 or 476 points to OpenSIPS, and 478 or 479 to Kamailio; 477 is used by both (OpenSIPS says "Send failed").`)
	add(errorH, defs["E_BAD_PROTO"].Line, `E_BAD_PROTO (-474) has no arm in err2reason_phrase(): the reply is a 500 whose suffix reads (474/...), never a 474.`)
	add(errorC, line(errorC, "#ifdef DEBUG"), `Out of memory falls through to the default arm in a release build ("Server error occurred"); only a DEBUG build names the memory problem.`)
	add(tReplyC, line(tReplyC, "relayed_msg = branch==relay ? p_msg : TM_BRANCH(t,relay).reply;"), `OpenSIPS tm has no remap_503_500: a 503 received from downstream is relayed as it came; only replies tm faked itself are rebuilt, with an error_text() phrase.`)
	add(tReplyC, line(tReplyC, "static inline int branch_prio("), "When choosing which branch's final reply to forward, tm prefers 6xx, then 3xx, 4xx and 5xx; within 4xx it prefers 401, 407, 415, 420 and 484.")
	add(tReplyC, line(tReplyC, "return 801;"), "A 503 ranks below every other final reply of a standard class, and a 408 (received or faked on timeout) just above it, so either is forwarded only when no other branch answered better.")
	add(tReplyC, line(tReplyC, "if(is_cancelled)"), "A 487 is forwarded first when the transaction was cancelled.")
	add(timerC, line(timerC, "fake_reply(r_buf->my_T, r_buf->branch, 503 );"), "Faking a 503 when a retransmission cannot be sent is commented out in OpenSIPS (Kamailio does it).")
	add(errorC, line(errorC, `error_txt="Server error occurred";`), `The default phrase is "Server error occurred"; Kamailio's is "I'm terribly sorry, server error occurred".`)
	if len(fallbacks) > 0 {
		var parts []string
		for _, f := range fallbacks {
			parts = append(parts, fmt.Sprintf("%d and up: %q", f.Code, f.Text))
		}
		add(errorC, fallbacks[0].Line, "Where OpenSIPS takes a phrase from error_text() for a code it has no case for, it uses a class phrase ("+
			strings.Join(parts, "; ")+").")
	}
	add(msgTransH, line(msgTransH, `#define WARNING "Warning: 392 "`), `With sip_warning on, replies carry "Warning: 392 <ip:port> \"Noisy feedback tells: ...\"". 392 is not an IANA warn-code.`)
	for _, r := range parseCfgReplies(files[stockCfg]) {
		if differsFromIANA(r.Code, r.Text) {
			what, err := cfgContext(files[stockCfg], r)
			if err != nil {
				errs = append(errs, stockCfg+": "+err.Error())
			}
			add(stockCfg, r.Line, fmt.Sprintf("The stock configuration replies %q to %s.", fmt.Sprintf("%d %s", r.Code, r.Text), what))
		}
	}

	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return d, nil
}

// cfgRules name what the stock script answers with a custom phrase, keyed by
// a marker on one of the lines just before the reply (the nearest wins).
var cfgRules = []struct{ marker, what string }{
	{"without Route hdr", "an in-dialog request that carries no Route header"},
	{"called number must be local", "a caller from a foreign domain calling a destination that is not local"},
	{"preloaded route checking", "an initial request that arrives with a preloaded Route header"},
	{"if (!t_relay())", "a request that tm fails to relay"},
}

// cfgContext says what a stock-script reply answers, from the markers in
// the 8 lines before it.
func cfgContext(src string, r cfgReply) (string, error) {
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

// ---- YAML output ----

func q(s string) string { return strconv.Quote(s) }

func render(d *doc) string {
	var b strings.Builder
	gen := "opensips"
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

func main() {
	gitDir := flag.String("git-dir", "", "a git directory holding the commit (read with git show)")
	srcDir := flag.String("src", "", "a directory holding the files at their repository paths")
	commit := flag.String("commit", "8f4f1e1b4015a52f88953e6c16758f800bd0e9fb", "the commit the files come from (40 hex)")
	flag.Parse()
	if !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(*commit) {
		fmt.Fprintln(os.Stderr, "opensips: -commit must be 40 hex digits")
		os.Exit(2)
	}
	var src source
	switch {
	case *gitDir != "":
		src = gitSource{*gitDir, *commit}
	case *srcDir != "":
		src = dirSource(*srcDir)
	default:
		fmt.Fprintln(os.Stderr, "opensips: give -git-dir or -src")
		os.Exit(2)
	}
	d, err := extract(src, *commit)
	if err != nil {
		fmt.Fprintln(os.Stderr, "opensips:", err)
		os.Exit(1)
	}
	fmt.Print(render(d))
}
