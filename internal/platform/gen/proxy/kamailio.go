package main

import (
	"fmt"
	"sort"
	"strings"
)

const (
	repositoryKamailio = "kamailio/kamailio"
	errorHKamailio     = "src/core/error.h"
	errorCKamailio     = "src/core/error.c"
	tmConfigHKamailio  = "src/modules/tm/config.h"
	tmConfigCKamailio  = "src/modules/tm/config.c"
	tmCKamailio        = "src/modules/tm/tm.c"
	tReplyCKamailio    = "src/modules/tm/t_reply.c"
	timerCKamailio     = "src/modules/tm/timer.c"
	tFuncsCKamailio    = "src/modules/tm/t_funcs.c"
	slFuncsCKamailio   = "src/modules/sl/sl_funcs.c"
	msgTransHKamailio  = "src/core/msg_translator.h"
	mainCKamailio      = "src/main.c"
	stockCfgKamailio   = "etc/kamailio.cfg"
	forwardCKamailio   = "src/core/forward.c"
	tFwdCKamailio      = "src/modules/tm/t_fwd.c"
)

// errWhen says, in our words, what makes Kamailio raise each internal error.
var errWhenKamailio = map[string]string{
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
var unhandledKamailio = []string{"E_UNSPEC", "E_BAD_PROTO", "E_BAD_SERVER", "E_ADM_PROHIBITED"}

func extractKamailio(src source, commit string) (*doc, error) {
	x, err := readSources(src, []string{errorHKamailio, errorCKamailio, tmConfigHKamailio, tmConfigCKamailio, tmCKamailio, tReplyCKamailio, timerCKamailio, tFuncsCKamailio, slFuncsCKamailio, msgTransHKamailio, mainCKamailio, stockCfgKamailio, forwardCKamailio, tFwdCKamailio})
	if err != nil {
		return nil, err
	}
	files, line, initv := x.files, x.line, x.initv

	d := &doc{Platform: "Kamailio", Repository: repositoryKamailio, Commit: commit,
		RepliesFile: errorCKamailio, RepliesFunction: "err2reason_phrase", PhrasesFile: errorCKamailio}

	defs, suffixLine, err := x.err2reasonReplies(d, errorHKamailio, errorCKamailio, errWhenKamailio, unhandledKamailio)
	if err != nil {
		return nil, err
	}

	// tm's own final replies.
	reason408, l408r := initv(tmCKamailio, "_tm_reply_408_reason")
	l408 := line(timerCKamailio, "fake_reply(t, r_buf->branch, _tm_reply_408_code)")
	d.Replies = append(d.Replies, reply{SIP: 408, Phrase: reason408, Line: l408, File: timerCKamailio,
		Function: enclosingFunc(files[timerCKamailio], l408), Registered: registeredFor(408, reason408),
		When: fmt.Sprintf("no final reply arrived before fr_timer or fr_inv_timer expired; tm fakes the 408 locally (code and phrase are the reply_408_code and reply_408_reason parameters, phrase set at %s:%d)", tmCKamailio, l408r)})
	l503 := line(timerCKamailio, "fake_reply(r_buf->my_T, r_buf->branch, 503)")
	d.Replies = append(d.Replies, reply{SIP: 503, Phrase: textFor(files[errorCKamailio], 503), Line: l503, File: timerCKamailio,
		Function: enclosingFunc(files[timerCKamailio], l503), Registered: registeredFor(503, textFor(files[errorCKamailio], 503)),
		When: "a retransmission of the request could not be sent; tm fakes a 503 on that branch (a faked 503 is not remapped to 500)"})
	l500 := line(tReplyCKamailio, "500, &reason, to_tag, t->uas.request, &res_len, &bm)")
	remapLine := line(tReplyCKamailio, "if(relayed_code == 503 && tm_remap_503_500)")
	d.Replies = append(d.Replies, reply{SIP: 500, Phrase: textFor(files[errorCKamailio], 503), Line: l500, File: tReplyCKamailio,
		Function: enclosingFunc(files[tReplyCKamailio], l500), Registered: registeredFor(500, textFor(files[errorCKamailio], 503)),
		When: fmt.Sprintf("a received 503 is the reply to forward and remap_503_500 is on (the default); the 500 keeps the 503's phrase (test at line %d)", remapLine)})
	l487 := line(tReplyCKamailio, "relayed_code = 487;")
	d.Replies = append(d.Replies, reply{SIP: 487, Phrase: textFor(files[errorCKamailio], 487), Line: l487, File: tReplyCKamailio,
		Function: enclosingFunc(files[tReplyCKamailio], l487), Registered: registeredFor(487, textFor(files[errorCKamailio], 487)),
		When: "the transaction was cancelled and the reply chosen to forward is one tm faked itself"})
	lRPE := line(tReplyCKamailio, `t_reply_unsafe(t, t->uas.request, 500, "Reply processing error");`)
	d.Replies = append(d.Replies, reply{SIP: 500, Phrase: "Reply processing error", Line: lRPE, File: tReplyCKamailio,
		Function: enclosingFunc(files[tReplyCKamailio], lRPE), Registered: registeredFor(500, "Reply processing error"),
		When: "tm failed while handling a reply from downstream (for example it could not store it or build the reply to forward) and answers upstream itself"})
	sort.SliceStable(d.Replies, func(i, j int) bool { return d.Replies[i].SIP < d.Replies[j].SIP })

	// Phrases that differ from IANA's.
	texts, fallbacks, err := parseErrorText(files[errorCKamailio])
	if err != nil {
		return nil, fmt.Errorf("%s: %v", errorCKamailio, err)
	}
	auto100, l100 := must2(structInit(files[tmConfigCKamailio], "tm_auto_inv_100_r"))(&x.errs, tmConfigCKamailio)
	if differsFromIANA(100, auto100) {
		d.Phrases = append(d.Phrases, phrase{SIP: 100, Phrase: auto100, Line: l100, File: tmConfigCKamailio})
	}
	for _, t := range texts {
		if differsFromIANA(t.Code, t.Text) {
			d.Phrases = append(d.Phrases, phrase{SIP: t.Code, Phrase: t.Text, Line: t.Line})
		}
	}

	// Defaults.
	ms := func(name, def, text string) {
		dv := parseDefines(files[tmConfigHKamailio])[def]
		if dv.Line == 0 {
			x.errs = append(x.errs, fmt.Sprintf("%s: %s not found", tmConfigHKamailio, def))
		}
		v := fmt.Sprintf("%d ms", dv.Value)
		if dv.Value%1000 == 0 {
			v += fmt.Sprintf(" (%d s)", dv.Value/1000)
		}
		d.Defaults = append(d.Defaults, setting{name, v, tmConfigHKamailio, dv.Line, text})
	}
	ms("fr_timer", "FR_TIME_OUT", "tm: how long to wait for a final reply to a non-INVITE, or for the first reply to an INVITE, before faking a 408.")
	ms("fr_inv_timer", "INV_FR_TIME_OUT", "tm: how long an INVITE waits for a final reply once a provisional reply has arrived.")
	ms("fr_inv_timer_next", "INV_FR_TIME_OUT_NEXT", "tm: the INVITE final-reply timer used for the later steps of serial forking.")
	ms("wt_timer", "WT_TIME_OUT", "tm: how long a finished transaction stays in memory to absorb retransmissions.")
	ms("retr_timer1", "RETR_T1", "tm: first retransmission interval (T1).")
	ms("retr_timer2", "RETR_T2", "tm: largest retransmission interval (T2).")
	ms("max_inv_lifetime", "MAX_INV_LIFETIME", "tm: longest life of an INVITE transaction.")
	ms("max_noninv_lifetime", "MAX_NONINV_LIFETIME", "tm: longest life of a non-INVITE transaction (RFC 3261 timer F).")
	v, n := initv(tmCKamailio, "tm_remap_503_500")
	d.Defaults = append(d.Defaults, setting{"remap_503_500", v, tmCKamailio, n, "tm: when 1, a 503 that would be forwarded upstream is sent as a 500 instead."})
	v, n = initv(tmCKamailio, "_tm_reply_408_code")
	d.Defaults = append(d.Defaults, setting{"reply_408_code", v, tmCKamailio, n, "tm: the code of the reply faked when the final-reply timer fires."})
	d.Defaults = append(d.Defaults, setting{"reply_408_reason", reason408, tmCKamailio, l408r, "tm: the phrase of that reply."})
	d.Defaults = append(d.Defaults, setting{"auto_inv_100_reason", auto100, tmConfigCKamailio, l100, "tm: the phrase of the 100 sent automatically for an INVITE."})
	v, n = must2(structInit(files[tmConfigCKamailio], "tm_auto_inv_100"))(&x.errs, tmConfigCKamailio)
	d.Defaults = append(d.Defaults, setting{"auto_inv_100", v, tmConfigCKamailio, n, "tm: when 1, a 100 is sent at once for every INVITE that creates a transaction."})
	v, n = must2(structInit(files[tmConfigCKamailio], "default_code"))(&x.errs, tmConfigCKamailio)
	d.Defaults = append(d.Defaults, setting{"default_code", v, tmConfigCKamailio, n, "tm: the code t_reply() uses when its code argument cannot be evaluated."})
	v, n = must2(structInit(files[tmConfigCKamailio], "default_reason"))(&x.errs, tmConfigCKamailio)
	d.Defaults = append(d.Defaults, setting{"default_reason", v, tmConfigCKamailio, n, "tm: the phrase t_reply() uses when its phrase argument cannot be evaluated."})
	v, n = initv(tReplyCKamailio, "faked_reply_prio")
	d.Defaults = append(d.Defaults, setting{"faked_reply_prio", v, tReplyCKamailio, n, "tm: a penalty added to locally faked replies when choosing which branch's reply to forward; 0 treats them like received ones."})
	v, n = initv(mainCKamailio, "sip_warning")
	d.Defaults = append(d.Defaults, setting{"sip_warning", v, mainCKamailio, n, "core: when 1, replies carry a Warning: 392 header with debugging details."})

	// Facts.
	add := func(file string, line int, text string) {
		d.Facts = append(d.Facts, fact{text, file, line})
	}
	add(errorCKamailio, suffixLine, `Replies built from an internal error carry the suffix " (N/SIG)": N is the internal error number without its minus sign, SIG the module that replied. "478 Unresolvable destination (478/SL)" came from the sl module, "(478/TM)" from tm.`)
	add(slFuncsCKamailio, line(slFuncsCKamailio, `sizeof(err_buf), "SL")`), `The sl module's sl_reply_error() passes the signature "SL".`)
	add(tFuncsCKamailio, line(tFuncsCKamailio, `sizeof(err_buffer), "TM")`), `The tm module passes the signature "TM" (kill_transaction(), and t_reply_error() in tm.c).`)
	add(errorHKamailio, defs["E_BAD_PROTO"].Line, `E_BAD_PROTO is -480, but err2reason_phrase() has no arm for it: the reply is a 500 whose suffix reads (480/...). A "480" inside the suffix is not a 480 reply.`)
	// A blocklisted next hop is refused as a failed send, not with
	// E_BLOCKLISTED: the core's forwarding sets E_SEND, and tm marks the
	// branch with a faked 408 without sending it.
	add(forwardCKamailio, x.lineAfter(forwardCKamailio, `LM_DBG("blocklisted destination:`, "ret = ser_error = E_SEND;", 6),
		fmt.Sprintf(`A next hop in the core's destination blocklist (use_dst_blocklist) is refused as a failed send: forwarding records E_SEND, so sl_reply_error() answers 477. E_BLOCKLISTED (%d in error.h) is not what that check sets.`, defs["E_BLOCKLISTED"].Value))
	add(tFwdCKamailio, x.lineAfter(tFwdCKamailio, `LM_DBG("blocklisted destination: `, "uac->last_received = _tm_reply_408_code;", 8),
		`In tm, a branch to a blocklisted next hop is not sent: tm marks it with a faked 408 (reply_408_code) and, with DNS failover on, tries the next address. When no branch could be sent, t_relay() fails with E_SEND, so the script's sl_reply_error() answers 477 there too.`)
	add(errorCKamailio, suffixLine, `Only 477, 478 and 479 are non-IANA codes on the wire; 400, 487 and 500 replies from the same function are registered codes with Kamailio's own phrase.`)
	add(tReplyCKamailio, remapLine, `remap_503_500 applies only to a 503 received from downstream. A 503 that tm fakes itself (a failed retransmission) is forwarded as 503.`)
	add(tReplyCKamailio, line(tReplyCKamailio, "reason = _tm_reply_408_reason;"), `When tm forwards its own faked 408, the phrase is reply_408_reason; other faked replies get their phrase from error_text().`)
	if len(fallbacks) > 0 {
		var parts []string
		for _, f := range fallbacks {
			parts = append(parts, fmt.Sprintf("%d and up: %q", f.Code, f.Text))
		}
		add(errorCKamailio, fallbacks[0].Line, "Where Kamailio takes a phrase from error_text() for a code it has no case for, it uses a class phrase ("+
			strings.Join(parts, "; ")+"). This covers faked replies, aggregated 401/407 replies and accounting records.")
	}
	for _, t := range texts {
		if t.Code == 417 && t.Text == "Bad Extension" {
			add(errorCKamailio, t.Line, `error_text() gives 417 the phrase "Bad Extension", which IANA registers for 420; 420 itself has no case and falls to "Request Failure".`)
		}
	}
	add(tReplyCKamailio, line(tReplyCKamailio, "static unsigned short resp_class_prio[]"), "When choosing which branch's final reply to forward, tm prefers 6xx, then 3xx, 4xx and 5xx (lowest number wins within a class).")
	add(tReplyCKamailio, line(tReplyCKamailio, "inline static short int get_4xx_prio("), "Among 4xx replies tm prefers 401, 407, 415, 420 and 484 over the others.")
	add(msgTransHKamailio, line(msgTransHKamailio, `#define WARNING "Warning: 392 "`), `With sip_warning on, replies carry "Warning: 392 <ip:port> \"Noisy feedback tells: pid=... req_src_ip=...\"". 392 is not an IANA warn-code.`)
	d.Facts = append(d.Facts, x.stockReplies(stockCfgKamailio, cfgRulesKamailio)...)

	if err := x.err(); err != nil {
		return nil, err
	}
	return d, nil
}

// cfgRules name what the stock script answers with a custom phrase, keyed by
// a marker on one of the lines just before the reply (the nearest wins).
var cfgRulesKamailio = []cfgRule{
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
