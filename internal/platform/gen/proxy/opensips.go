package main

import (
	"fmt"
	"sort"
	"strings"
)

const (
	repositoryOpenSIPS = "OpenSIPS/opensips"
	errorHOpenSIPS     = "error.h"
	errorCOpenSIPS     = "error.c"
	tmConfigHOpenSIPS  = "modules/tm/config.h"
	tmCOpenSIPS        = "modules/tm/tm.c"
	tReplyCOpenSIPS    = "modules/tm/t_reply.c"
	timerCOpenSIPS     = "modules/tm/timer.c"
	tFuncsCOpenSIPS    = "modules/tm/t_funcs.c"
	tLookupCOpenSIPS   = "modules/tm/t_lookup.c"
	tmMICOpenSIPS      = "modules/tm/mi.c"
	slFuncsCOpenSIPS   = "modules/sl/sl_funcs.c"
	msgTransHOpenSIPS  = "msg_translator.h"
	globalsCOpenSIPS   = "globals.c"
	stockCfgOpenSIPS   = "etc/opensips.cfg"
)

// errWhen says, in our words, what makes OpenSIPS raise each internal error.
var errWhenOpenSIPS = map[string]string{
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
var unhandledOpenSIPS = []string{"E_UNSPEC", "E_BAD_PROTO", "E_BAD_SERVER", "E_NO_SOCKET", "E_BAD_VIA"}

// kamailioNumbers compare OpenSIPS's numbers with Kamailio's for the same
// conditions, as read from kamailio/kamailio src/core/error.h at
// 38711a3e788de0130d48cb485578c482b57d9351 (lines 53, 56-62, 71). The text
// takes OpenSIPS's value (%d) once.
var kamailioNumbersOpenSIPS = []struct{ name, text string }{
	{"E_IP_BLOCKED", "OpenSIPS replies %d for a destination refused by a blacklist; Kamailio has no code of its own for that (its blocklist check fails the send, and sl_reply_error() answers 477)."},
	{"E_BAD_PROTO", "E_BAD_PROTO is %d here and -480 in Kamailio; neither has an arm for it, so both send a 500 whose suffix shows the number."},
	{"E_BAD_URI", "An unparseable URI is %d here and 479 in Kamailio."},
	{"E_BAD_ADDRESS", "An unresolvable next hop is %d here and 478 in Kamailio."},
	{"E_SEND", "A failed send is %d in both; the phrases differ (\"Send failed\" here, \"Unfortunately error on sending to next hop occurred\" in Kamailio)."},
	{"E_NO_DESTINATION", "The internal number %d is E_NO_DESTINATION here (a 500) but E_Q_DEC_MISSING in Kamailio (a 400), so a suffix \"(18/...)\" means different things."},
}

func extractOpenSIPS(src source, commit string) (*doc, error) {
	x, err := readSources(src, []string{errorHOpenSIPS, errorCOpenSIPS, tmConfigHOpenSIPS, tmCOpenSIPS, tReplyCOpenSIPS, timerCOpenSIPS, tFuncsCOpenSIPS, tLookupCOpenSIPS, tmMICOpenSIPS, slFuncsCOpenSIPS, msgTransHOpenSIPS, globalsCOpenSIPS, stockCfgOpenSIPS})
	if err != nil {
		return nil, err
	}
	files, line, initv := x.files, x.line, x.initv

	d := &doc{Platform: "OpenSIPS", Repository: repositoryOpenSIPS, Commit: commit,
		RepliesFile: errorCOpenSIPS, RepliesFunction: "err2reason_phrase", PhrasesFile: errorCOpenSIPS}

	defs, suffixLine, err := x.err2reasonReplies(d, errorHOpenSIPS, errorCOpenSIPS, errWhenOpenSIPS, unhandledOpenSIPS)
	if err != nil {
		return nil, err
	}

	// tm's own final replies.
	l408 := line(timerCOpenSIPS, "fake_reply(t, r_buf->branch, 408 )")
	p408 := textFor(files[errorCOpenSIPS], 408)
	fakedPhrase := line(tReplyCOpenSIPS, "text.s = error_text(relayed_code);")
	d.Replies = append(d.Replies, reply{SIP: 408, Phrase: p408, Line: l408, File: timerCOpenSIPS,
		Function: enclosingFunc(files[timerCOpenSIPS], l408), Registered: registeredFor(408, p408),
		When: fmt.Sprintf("no final reply arrived before fr_timeout or fr_inv_timeout expired; tm fakes the 408 locally, with the phrase from error_text() (%s:%d)", tReplyCOpenSIPS, fakedPhrase)})
	lRPE := line(tReplyCOpenSIPS, `text.s = "Reply processing error";`)
	lRPEsend := line(tReplyCOpenSIPS, "t_reply_unsafe( t, t->uas.request, 500, &text );")
	d.Replies = append(d.Replies, reply{SIP: 500, Phrase: "Reply processing error", Line: lRPEsend, File: tReplyCOpenSIPS,
		Function: enclosingFunc(files[tReplyCOpenSIPS], lRPE), Registered: registeredFor(500, "Reply processing error"),
		When: "tm could not store a reply from downstream, or ran out of memory building the reply to forward, and answers upstream itself"})
	sort.SliceStable(d.Replies, func(i, j int) bool { return d.Replies[i].SIP < d.Replies[j].SIP })

	// Phrases that differ from IANA's.
	texts, fallbacks, err := parseErrorText(files[errorCOpenSIPS])
	if err != nil {
		return nil, fmt.Errorf("%s: %v", errorCOpenSIPS, err)
	}
	auto100, l100 := initv(tLookupCOpenSIPS, "relay_reason_100")
	if differsFromIANA(100, auto100) {
		d.Phrases = append(d.Phrases, phrase{SIP: 100, Phrase: auto100, Line: l100, File: tLookupCOpenSIPS})
	}
	for _, t := range texts {
		if differsFromIANA(t.Code, t.Text) {
			d.Phrases = append(d.Phrases, phrase{SIP: t.Code, Phrase: t.Text, Line: t.Line})
		}
	}

	// Defaults.
	cfgDefs := parseDefines(files[tmConfigHOpenSIPS])
	def := func(name, macro, unit, text string) {
		dv := cfgDefs[macro]
		if dv.Line == 0 {
			x.errs = append(x.errs, fmt.Sprintf("%s: %s not found", tmConfigHOpenSIPS, macro))
		}
		d.Defaults = append(d.Defaults, setting{name, fmt.Sprintf("%d %s", dv.Value, unit), tmConfigHOpenSIPS, dv.Line, text})
	}
	def("fr_timeout", "FR_TIME_OUT", "s", "tm: how long to wait for a final reply to a non-INVITE, or for the first reply to an INVITE, before faking a 408.")
	def("fr_inv_timeout", "INV_FR_TIME_OUT", "s", "tm: how long an INVITE waits for a final reply once a provisional reply has arrived.")
	def("wt_timer", "WT_TIME_OUT", "s", "tm: how long a finished transaction stays in memory to absorb retransmissions.")
	def("delete_timer", "DEL_TIME_OUT", "s", "tm: how long a transaction waits to be freed after leaving the hash table.")
	def("T1_timer", "RETR_T1", "ms", "tm: first retransmission interval (T1).")
	def("T2_timer", "RETR_T2", "ms", "tm: largest retransmission interval (T2).")
	v, n := initv(tLookupCOpenSIPS, "auto_100trying")
	d.Defaults = append(d.Defaults, setting{"auto_100trying", v, tLookupCOpenSIPS, n, "tm: when 1, a 100 is sent at once for every INVITE that creates a transaction."})
	d.Defaults = append(d.Defaults, setting{"relay_reason_100", auto100, tLookupCOpenSIPS, l100, "tm: the phrase of that automatic 100 (a fixed string in the code, not a parameter)."})
	v, n = initv(globalsCOpenSIPS, "sip_warning")
	d.Defaults = append(d.Defaults, setting{"sip_warning", v, globalsCOpenSIPS, n, "core: when 1, replies carry a Warning: 392 header with debugging details."})

	// Facts.
	add := func(file string, line int, text string) {
		d.Facts = append(d.Facts, fact{text, file, line})
	}
	add(errorCOpenSIPS, suffixLine, `Replies built from an internal error carry the suffix " (N/SIG)": N is the internal error number without its minus sign, SIG the module that replied. "476 Unresolvable destination (476/TM)" came from tm.`)
	add(slFuncsCOpenSIPS, line(slFuncsCOpenSIPS, `err_buf, sizeof(err_buf), "SL")`), `The sl module passes the signature "SL".`)
	add(tFuncsCOpenSIPS, line(tFuncsCOpenSIPS, `err_buffer, sizeof(err_buffer), "TM" )`), `The tm module passes the signature "TM" when it kills a transaction after an internal error.`)
	add(tmMICOpenSIPS, line(tmMICOpenSIPS, `"MI/UAC")`), `A request started through the management interface (tm's MI t_uac_dlg) that fails locally reports "(N/MI/UAC)".`)
	for _, k := range kamailioNumbersOpenSIPS {
		dv, ok := defs[k.name]
		if !ok {
			x.errs = append(x.errs, fmt.Sprintf("%s: %s not defined", errorHOpenSIPS, k.name))
			continue
		}
		v := dv.Value
		if k.name != "E_NO_DESTINATION" && k.name != "E_BAD_PROTO" {
			v = -v // the reply code
		}
		add(errorHOpenSIPS, dv.Line, fmt.Sprintf(k.text, v))
	}
	add(errorHOpenSIPS, defs["E_IP_BLOCKED"].Line, `So in a trace, 473, 475 or 476 points to OpenSIPS, and 478 or 479 to Kamailio; 477 is used by both (OpenSIPS says "Send failed").`)
	add(errorHOpenSIPS, defs["E_BAD_PROTO"].Line, `E_BAD_PROTO (-474) has no arm in err2reason_phrase(): the reply is a 500 whose suffix reads (474/...), never a 474.`)
	add(errorCOpenSIPS, line(errorCOpenSIPS, "#ifdef DEBUG"), `Out of memory falls through to the default arm in a release build ("Server error occurred"); only a DEBUG build names the memory problem.`)
	add(tReplyCOpenSIPS, line(tReplyCOpenSIPS, "relayed_msg = branch==relay ? p_msg : TM_BRANCH(t,relay).reply;"), `OpenSIPS tm has no remap_503_500: a 503 received from downstream is relayed as it came; only replies tm faked itself are rebuilt, with an error_text() phrase.`)
	add(tReplyCOpenSIPS, line(tReplyCOpenSIPS, "static inline int branch_prio("), "When choosing which branch's final reply to forward, tm prefers 6xx, then 3xx, 4xx and 5xx; within 4xx it prefers 401, 407, 415, 420 and 484.")
	add(tReplyCOpenSIPS, line(tReplyCOpenSIPS, "return 801;"), "A 503 ranks below every other final reply of a standard class, and a 408 (received or faked on timeout) just above it, so either is forwarded only when no other branch answered better.")
	add(tReplyCOpenSIPS, line(tReplyCOpenSIPS, "if(is_cancelled)"), "A 487 is forwarded first when the transaction was cancelled.")
	add(timerCOpenSIPS, line(timerCOpenSIPS, "fake_reply(r_buf->my_T, r_buf->branch, 503 );"), "Faking a 503 when a retransmission cannot be sent is commented out in OpenSIPS (Kamailio does it).")
	add(errorCOpenSIPS, line(errorCOpenSIPS, `error_txt="Server error occurred";`), `The default phrase is "Server error occurred"; Kamailio's is "I'm terribly sorry, server error occurred".`)
	if len(fallbacks) > 0 {
		var parts []string
		for _, f := range fallbacks {
			parts = append(parts, fmt.Sprintf("%d and up: %q", f.Code, f.Text))
		}
		add(errorCOpenSIPS, fallbacks[0].Line, "Where OpenSIPS takes a phrase from error_text() for a code it has no case for, it uses a class phrase ("+
			strings.Join(parts, "; ")+").")
	}
	add(msgTransHOpenSIPS, line(msgTransHOpenSIPS, `#define WARNING "Warning: 392 "`), `With sip_warning on, replies carry "Warning: 392 <ip:port> \"Noisy feedback tells: ...\"". 392 is not an IANA warn-code.`)
	d.Facts = append(d.Facts, x.stockReplies(stockCfgOpenSIPS, cfgRulesOpenSIPS)...)

	if err := x.err(); err != nil {
		return nil, err
	}
	return d, nil
}

// cfgRules name what the stock script answers with a custom phrase, keyed by
// a marker on one of the lines just before the reply (the nearest wins).
var cfgRulesOpenSIPS = []cfgRule{
	{"without Route hdr", "an in-dialog request that carries no Route header"},
	{"called number must be local", "a caller from a foreign domain calling a destination that is not local"},
	{"preloaded route checking", "an initial request that arrives with a preloaded Route header"},
	{"if (!t_relay())", "a request that tm fails to relay"},
}
