// Command kamailio extracts the SIP replies, reason phrases and timer
// defaults that Kamailio generates itself, from its C sources at a pinned
// commit, and prints them as the YAML of data/platforms/kamailio.yaml.
//
// It reads either a git directory (git show COMMIT:PATH) or a directory that
// holds the files at their repository paths:
//
//	go run ./internal/platform/gen/kamailio -git-dir /work/.mirror/kamailio+kamailio/repo \
//		-commit 38711a3e788de0130d48cb485578c482b57d9351 > data/platforms/kamailio.yaml
//	go run ./internal/platform/gen/kamailio -src /tmp/kamailio -commit 38711a3e... > ...
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
	repository = "kamailio/kamailio"
	errorH     = "src/core/error.h"
	errorC     = "src/core/error.c"
	tmConfigH  = "src/modules/tm/config.h"
	tmConfigC  = "src/modules/tm/config.c"
	tmC        = "src/modules/tm/tm.c"
	tReplyC    = "src/modules/tm/t_reply.c"
	timerC     = "src/modules/tm/timer.c"
	tFuncsC    = "src/modules/tm/t_funcs.c"
	slFuncsC   = "src/modules/sl/sl_funcs.c"
	msgTransH  = "src/core/msg_translator.h"
	mainC      = "src/main.c"
	stockCfg   = "etc/kamailio.cfg"
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

// errWhen says, in our words, what makes Kamailio raise each internal error.
var errWhen = map[string]string{
	"E_SEND":              "sending the request to the next hop failed (E_SEND, -477)",
	"E_BAD_ADDRESS":       "the next hop's address cannot be resolved (E_BAD_ADDRESS, -478)",
	"E_BAD_REQ":           "the request is malformed (E_BAD_REQ, -400)",
	"E_BAD_URI":           "a URI in the request cannot be parsed (E_BAD_URI, -479)",
	"E_BAD_TUPEL":         "the headers that identify the transaction are incomplete (E_BAD_TUPEL, -9)",
	"E_BAD_TO":            "the To header is malformed (E_BAD_TO, -13)",
	"E_EXEC":              "an external program run from the script failed (E_EXEC, -11)",
	"E_TOO_MANY_BRANCHES": "the script asked for more branches than the forking limit (E_TOO_MANY_BRANCHES, -12)",
	"E_Q_INV_CHAR":        "a q value has an invalid character (E_Q_INV_CHAR, -15)",
	"E_Q_EMPTY":           "a q parameter is empty (E_Q_EMPTY, -16)",
	"E_Q_TOO_BIG":         "a q value is above 1 (E_Q_TOO_BIG, -17)",
	"E_Q_DEC_MISSING":     "a q value lacks its decimal part (E_Q_DEC_MISSING, -18)",
	"E_CANCELED":          "the transaction had already been cancelled (E_CANCELED, -487)",
	"E_OUT_OF_MEM":        "memory ran out while processing the message (E_OUT_OF_MEM, -2)",
	"E_UNEXPECTED_STATE":  "processing reached an unexpected state (E_UNEXPECTED_STATE, -20)",
	"E_OK":                "an error reply was asked for although no error was recorded (E_OK, 0)",
}

// unhandled are internal errors that have no arm of their own and so take
// the default one; listed in the default entry's "when" and checked.
var unhandled = []string{"E_UNSPEC", "E_BAD_PROTO", "E_BAD_SERVER", "E_ADM_PROHIBITED", "E_BLOCKLISTED"}

func extract(src source, commit string) (*doc, error) {
	files := map[string]string{}
	for _, p := range []string{errorH, errorC, tmConfigH, tmConfigC, tmC, tReplyC, timerC, tFuncsC, slFuncsC, msgTransH, mainC, stockCfg} {
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

	d := &doc{Platform: "Kamailio", Repository: repository, Commit: commit,
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
					"; the suffix still shows that error's number, so E_BAD_PROTO gives \"500 ... (480/SL)\", not a 480")
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
	reason408, l408r := initv(tmC, "_tm_reply_408_reason")
	l408 := line(timerC, "fake_reply(t, r_buf->branch, _tm_reply_408_code)")
	d.Replies = append(d.Replies, reply{SIP: 408, Phrase: reason408, Line: l408, File: timerC,
		Function: enclosingFunc(files[timerC], l408), Registered: registeredFor(408, reason408),
		When: fmt.Sprintf("no final reply arrived before fr_timer or fr_inv_timer expired; tm fakes the 408 locally (code and phrase are the reply_408_code and reply_408_reason parameters, phrase set at %s:%d)", tmC, l408r)})
	l503 := line(timerC, "fake_reply(r_buf->my_T, r_buf->branch, 503)")
	d.Replies = append(d.Replies, reply{SIP: 503, Phrase: textFor(files[errorC], 503), Line: l503, File: timerC,
		Function: enclosingFunc(files[timerC], l503), Registered: registeredFor(503, textFor(files[errorC], 503)),
		When: "a retransmission of the request could not be sent; tm fakes a 503 on that branch (a faked 503 is not remapped to 500)"})
	l500 := line(tReplyC, "500, &reason, to_tag, t->uas.request, &res_len, &bm)")
	remapLine := line(tReplyC, "if(relayed_code == 503 && tm_remap_503_500)")
	d.Replies = append(d.Replies, reply{SIP: 500, Phrase: textFor(files[errorC], 503), Line: l500, File: tReplyC,
		Function: enclosingFunc(files[tReplyC], l500), Registered: registeredFor(500, textFor(files[errorC], 503)),
		When: fmt.Sprintf("a received 503 is the reply to forward and remap_503_500 is on (the default); the 500 keeps the 503's phrase (test at line %d)", remapLine)})
	l487 := line(tReplyC, "relayed_code = 487;")
	d.Replies = append(d.Replies, reply{SIP: 487, Phrase: textFor(files[errorC], 487), Line: l487, File: tReplyC,
		Function: enclosingFunc(files[tReplyC], l487), Registered: registeredFor(487, textFor(files[errorC], 487)),
		When: "the transaction was cancelled and the reply chosen to forward is one tm faked itself"})
	lRPE := line(tReplyC, `t_reply_unsafe(t, t->uas.request, 500, "Reply processing error");`)
	d.Replies = append(d.Replies, reply{SIP: 500, Phrase: "Reply processing error", Line: lRPE, File: tReplyC,
		Function: enclosingFunc(files[tReplyC], lRPE), Registered: registeredFor(500, "Reply processing error"),
		When: "tm failed while handling a reply from downstream (for example it could not store it or build the reply to forward) and answers upstream itself"})
	sort.SliceStable(d.Replies, func(i, j int) bool { return d.Replies[i].SIP < d.Replies[j].SIP })

	// Phrases that differ from IANA's.
	texts, fallbacks, err := parseErrorText(files[errorC])
	if err != nil {
		return nil, fmt.Errorf("%s: %v", errorC, err)
	}
	auto100, l100 := must2(structInit(files[tmConfigC], "tm_auto_inv_100_r"))(&errs, tmConfigC)
	if differsFromIANA(100, auto100) {
		d.Phrases = append(d.Phrases, phrase{SIP: 100, Phrase: auto100, Line: l100, File: tmConfigC})
	}
	for _, t := range texts {
		if differsFromIANA(t.Code, t.Text) {
			d.Phrases = append(d.Phrases, phrase{SIP: t.Code, Phrase: t.Text, Line: t.Line})
		}
	}

	// Defaults.
	ms := func(name, def, text string) {
		dv := parseDefines(files[tmConfigH])[def]
		if dv.Line == 0 {
			errs = append(errs, fmt.Sprintf("%s: %s not found", tmConfigH, def))
		}
		v := fmt.Sprintf("%d ms", dv.Value)
		if dv.Value%1000 == 0 {
			v += fmt.Sprintf(" (%d s)", dv.Value/1000)
		}
		d.Defaults = append(d.Defaults, setting{name, v, tmConfigH, dv.Line, text})
	}
	ms("fr_timer", "FR_TIME_OUT", "tm: how long to wait for a final reply to a non-INVITE, or for the first reply to an INVITE, before faking a 408.")
	ms("fr_inv_timer", "INV_FR_TIME_OUT", "tm: how long an INVITE waits for a final reply once a provisional reply has arrived.")
	ms("fr_inv_timer_next", "INV_FR_TIME_OUT_NEXT", "tm: the INVITE final-reply timer used for the later steps of serial forking.")
	ms("wt_timer", "WT_TIME_OUT", "tm: how long a finished transaction stays in memory to absorb retransmissions.")
	ms("retr_timer1", "RETR_T1", "tm: first retransmission interval (T1).")
	ms("retr_timer2", "RETR_T2", "tm: largest retransmission interval (T2).")
	ms("max_inv_lifetime", "MAX_INV_LIFETIME", "tm: longest life of an INVITE transaction.")
	ms("max_noninv_lifetime", "MAX_NONINV_LIFETIME", "tm: longest life of a non-INVITE transaction (RFC 3261 timer F).")
	v, n := initv(tmC, "tm_remap_503_500")
	d.Defaults = append(d.Defaults, setting{"remap_503_500", v, tmC, n, "tm: when 1, a 503 that would be forwarded upstream is sent as a 500 instead."})
	v, n = initv(tmC, "_tm_reply_408_code")
	d.Defaults = append(d.Defaults, setting{"reply_408_code", v, tmC, n, "tm: the code of the reply faked when the final-reply timer fires."})
	d.Defaults = append(d.Defaults, setting{"reply_408_reason", reason408, tmC, l408r, "tm: the phrase of that reply."})
	d.Defaults = append(d.Defaults, setting{"auto_inv_100_reason", auto100, tmConfigC, l100, "tm: the phrase of the 100 sent automatically for an INVITE."})
	v, n = must2(structInit(files[tmConfigC], "tm_auto_inv_100"))(&errs, tmConfigC)
	d.Defaults = append(d.Defaults, setting{"auto_inv_100", v, tmConfigC, n, "tm: when 1, a 100 is sent at once for every INVITE that creates a transaction."})
	v, n = must2(structInit(files[tmConfigC], "default_code"))(&errs, tmConfigC)
	d.Defaults = append(d.Defaults, setting{"default_code", v, tmConfigC, n, "tm: the code t_reply() uses when its code argument cannot be evaluated."})
	v, n = must2(structInit(files[tmConfigC], "default_reason"))(&errs, tmConfigC)
	d.Defaults = append(d.Defaults, setting{"default_reason", v, tmConfigC, n, "tm: the phrase t_reply() uses when its phrase argument cannot be evaluated."})
	v, n = initv(tReplyC, "faked_reply_prio")
	d.Defaults = append(d.Defaults, setting{"faked_reply_prio", v, tReplyC, n, "tm: a penalty added to locally faked replies when choosing which branch's reply to forward; 0 treats them like received ones."})
	v, n = initv(mainC, "sip_warning")
	d.Defaults = append(d.Defaults, setting{"sip_warning", v, mainC, n, "core: when 1, replies carry a Warning: 392 header with debugging details."})

	// Facts.
	add := func(file string, line int, text string) {
		d.Facts = append(d.Facts, fact{text, file, line})
	}
	add(errorC, suffixLine, `Replies built from an internal error carry the suffix " (N/SIG)": N is the internal error number without its minus sign, SIG the module that replied. "478 Unresolvable destination (478/SL)" came from the sl module, "(478/TM)" from tm.`)
	add(slFuncsC, line(slFuncsC, `sizeof(err_buf), "SL")`), `The sl module's sl_reply_error() passes the signature "SL".`)
	add(tFuncsC, line(tFuncsC, `sizeof(err_buffer), "TM")`), `The tm module passes the signature "TM" (kill_transaction(), and t_reply_error() in tm.c).`)
	add(errorH, defs["E_BAD_PROTO"].Line, `E_BAD_PROTO is -480, but err2reason_phrase() has no arm for it: the reply is a 500 whose suffix reads (480/...). A "480" inside the suffix is not a 480 reply.`)
	add(errorH, defs["E_BLOCKLISTED"].Line, `E_BLOCKLISTED (-520) and E_ADM_PROHIBITED (-510) also fall to the default arm and give a 500, with (520/...) or (510/...) in the suffix.`)
	add(errorC, suffixLine, `Only 477, 478 and 479 are non-IANA codes on the wire; 400, 487 and 500 replies from the same function are registered codes with Kamailio's own phrase.`)
	add(tReplyC, remapLine, `remap_503_500 applies only to a 503 received from downstream. A 503 that tm fakes itself (a failed retransmission) is forwarded as 503.`)
	add(tReplyC, line(tReplyC, "reason = _tm_reply_408_reason;"), `When tm forwards its own faked 408, the phrase is reply_408_reason; other faked replies get their phrase from error_text().`)
	if len(fallbacks) > 0 {
		var parts []string
		for _, f := range fallbacks {
			parts = append(parts, fmt.Sprintf("%d and up: %q", f.Code, f.Text))
		}
		add(errorC, fallbacks[0].Line, "Where Kamailio takes a phrase from error_text() for a code it has no case for, it uses a class phrase ("+
			strings.Join(parts, "; ")+"). This covers faked replies, aggregated 401/407 replies and accounting records.")
	}
	for _, t := range texts {
		if t.Code == 417 && t.Text == "Bad Extension" {
			add(errorC, t.Line, `error_text() gives 417 the phrase "Bad Extension", which IANA registers for 420; 420 itself has no case and falls to "Request Failure".`)
		}
	}
	add(tReplyC, line(tReplyC, "static unsigned short resp_class_prio[]"), "When choosing which branch's final reply to forward, tm prefers 6xx, then 3xx, 4xx and 5xx (lowest number wins within a class).")
	add(tReplyC, line(tReplyC, "inline static short int get_4xx_prio("), "Among 4xx replies tm prefers 401, 407, 415, 420 and 484 over the others.")
	add(msgTransH, line(msgTransH, `#define WARNING "Warning: 392 "`), `With sip_warning on, replies carry "Warning: 392 <ip:port> \"Noisy feedback tells: pid=... req_src_ip=...\"". 392 is not an IANA warn-code.`)
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
	{"WITH_BLOCK3XX", "the caller instead of relaying a 3xx from downstream, when WITH_BLOCK3XX is defined"},
	{"WITH_BLOCK401407", "the caller instead of relaying a 401 or 407 from downstream, when WITH_BLOCK401407 is defined"},
	{"ACK without matching transaction", "an in-dialog request it cannot route (no Route set, not an in-dialog SUBSCRIBE, not an ACK)"},
	{`is_method("PUBLISH") || $rU==$null`, "a PUBLISH, or a request with no user part, when presence is not enabled"},
	{"no voicemail server is configured", "a message-summary SUBSCRIBE when no voicemail server is configured"},
	{"MSG_MAX_SIZE", "a request larger than MSG_MAX_SIZE (a 403 where 513 would fit)"},
	{"RURI_MAX_SIZE", "a request whose Request-URI is longer than RURI_MAX_SIZE"},
	{`is_method("OPTIONS") && uri==myself`, "an OPTIONS with no user part addressed to the proxy itself (a keepalive)"},
	{"authentication not enabled", "a request for a foreign domain when authentication is not enabled"},
	{"not local subscriber", "a caller that is not a local subscriber calling a destination that is not local"},
	{"only local users allowed to call", "a call to a PSTN number from a caller that is not local"},
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
	gen := "kamailio"
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
	commit := flag.String("commit", "38711a3e788de0130d48cb485578c482b57d9351", "the commit the files come from (40 hex)")
	flag.Parse()
	if !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(*commit) {
		fmt.Fprintln(os.Stderr, "kamailio: -commit must be 40 hex digits")
		os.Exit(2)
	}
	var src source
	switch {
	case *gitDir != "":
		src = gitSource{*gitDir, *commit}
	case *srcDir != "":
		src = dirSource(*srcDir)
	default:
		fmt.Fprintln(os.Stderr, "kamailio: give -git-dir or -src")
		os.Exit(2)
	}
	d, err := extract(src, *commit)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kamailio:", err)
		os.Exit(1)
	}
	fmt.Print(render(d))
}
