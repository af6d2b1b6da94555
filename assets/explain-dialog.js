// explain-dialog.js: what only a whole trace shows. Retransmissions and the
// timers of RFC 3261 §17 read from the framings' times, CSeq going
// backwards, a 481 whose request names no dialog the trace saw, a 2xx never
// acknowledged. dialog(messages) returns findings by message index.
import { header, params } from './explain-parse.js'

const T1 = 500 // ms, RFC 3261 §17.1.1.1 and Table 4
const T2 = 4000
const timerB = 64 * T1 // Timers B and F, and how long a UAS resends a 2xx (§13.3.1.4)

// facts reads what the checks compare from one message.
function facts (m) {
  const cseq = (header(m, 'CSeq')[0] || '').trim().split(/\s+/)
  const via = header(m, 'Via')[0]
  return {
    callId: (header(m, 'Call-ID')[0] || '').trim(),
    seq: Number(cseq[0]),
    method: m.method || cseq[1] || '',
    fromTag: params(header(m, 'From')[0] || '').tag || '',
    toTag: params(header(m, 'To')[0] || '').tag || '',
    branch: via ? params(via).branch || '' : ''
  }
}

const secs = (d) => `${(d / 1000).toFixed(d < 10000 ? 1 : 0)} s`

// dialog returns a Map from message index to findings ({ kind, text }).
export function dialog (messages) {
  const out = new Map()
  const add = (i, text) => {
    if (!out.has(i)) out.set(i, [])
    out.get(i).push({ kind: 'dialog', text })
  }
  const f = messages.map(facts)
  const sent = new Map() // branch + method + CSeq → indexes of a request's copies
  const answered = new Map() // same key → index of the request's first final response
  const provisional = new Set() // keys of requests that a 1xx answered
  const dialogs = new Map() // Call-ID → tag pairs that 1xx/2xx responses set up
  const ended = new Map() // Call-ID → index of a 2xx to BYE
  const highest = new Map() // Call-ID + From tag → highest CSeq of a request
  messages.forEach((m, i) => {
    const x = f[i]
    const key = `${x.branch} ${x.method} ${x.seq}`
    if (m.method) {
      const copies = sent.get(key)
      if (x.branch && copies) {
        const prev = copies[copies.length - 1]
        copies.push(i)
        retransmission(m, messages[prev], copies.length - 1, copies[0], add, i, answered.has(key))
      } else sent.set(key, [i])
      if (m.method !== 'ACK' && m.method !== 'CANCEL' && x.callId && Number.isFinite(x.seq)) {
        const side = `${x.callId} ${x.fromTag}`
        const top = highest.get(side)
        if (top !== undefined && x.seq < top.seq) {
          add(i, `CSeq ${x.seq} is lower than the ${top.seq} this side sent in the same dialog (message ${top.i + 1}): the far end must reject an out-of-order request with 500 (RFC 3261 §12.2.2).`)
        }
        if (top === undefined || x.seq > top.seq) highest.set(side, { seq: x.seq, i })
      }
      return
    }
    // A response.
    const first = sent.get(key)
    if (m.code < 200 && first) provisional.add(key)
    if (m.code >= 200 && first && !answered.has(key)) answered.set(key, i)
    if (m.code > 100 && m.code < 300 && x.toTag && ['INVITE', 'SUBSCRIBE', 'REFER'].includes(x.method)) {
      if (!dialogs.has(x.callId)) dialogs.set(x.callId, [])
      const tags = dialogs.get(x.callId)
      if (!tags.some((t) => t.to === x.toTag)) tags.push({ to: x.toTag, from: x.fromTag, i })
    }
    if (m.code >= 200 && m.code < 300 && x.method === 'BYE') ended.set(x.callId, i)
    if (first && m.code >= 200 && m.ms !== undefined && messages[first[0]].ms !== undefined) timeout(m, messages[first[0]], x.method, add, i, provisional.has(key))
    if (m.code === 481 && x.toTag) noDialog(x, dialogs.get(x.callId), ended.get(x.callId), add, i)
  })
  unacknowledged(messages, f, add)
  return out
}

// retransmission explains a request sent again with the same branch.
function retransmission (m, prev, nth, first, add, i, wasAnswered) {
  let text = `Retransmission ${nth} of this ${m.method} (first sent as message ${first + 1}), same branch`
  if (m.ms !== undefined && prev.ms !== undefined) {
    const gap = m.ms - prev.ms
    const invite = m.method === 'INVITE'
    const want = invite ? T1 * 2 ** (nth - 1) : Math.min(T1 * 2 ** (nth - 1), T2)
    text += `, ${secs(gap)} after the copy before; over UDP ${invite ? 'Timer A' : 'Timer E'} expects ${secs(want)}`
    text += invite
      ? ' (T1 = 500 ms, doubling: RFC 3261 §17.1.1.2)'
      : ' (T1 = 500 ms, doubling up to T2 = 4 s: RFC 3261 §17.1.2.2)'
  }
  text += wasAnswered
    ? '. A final response was already seen: it did not reach the sender, or this is a loop.'
    : '. No response reached the sender yet: the next hop is not answering, not even with 100 Trying.'
  add(i, text)
}

// timeout explains a final response by how long after its request it came.
function timeout (m, req, method, add, i, ringing) {
  const gap = m.ms - req.ms
  if (gap < 0) return
  const invite = method === 'INVITE'
  if (m.code !== 408 && gap > timerB + 2000 && !(invite && ringing)) {
    add(i, `This final response came ${secs(gap)} after the request${invite ? ', with no provisional response before it' : ''}: Timer ${invite ? 'B' : 'F'} (64·T1 = 32 s, RFC 3261 ${invite ? '§17.1.1.2' : '§17.1.2.2'}) has ended the sender's transaction by then, so it is likely ignored.`)
    return
  }
  if (m.code === 408 && Math.abs(gap - timerB) <= 1000) {
    add(i, `408 ${secs(gap)} after the request: Timer ${invite ? 'B' : 'F'} (64·T1 = 32 s, RFC 3261 ${invite ? '§17.1.1.2' : '§17.1.2.2'}) expired with no final response from the next hop, and a timeout is treated as a 408 (§8.1.3.1; a proxy sends it upstream, §16.7 step 6).`)
  } else if (m.code === 408 && (Math.abs(gap - 30000) < 1000 || (invite && ringing && Math.abs(gap - 120000) <= 2000))) {
    // Kamailio's tm: fr_timer (FR_TIME_OUT, 30000 ms) waits for any reply,
    // fr_inv_timer (INV_FR_TIME_OUT, 120000 ms) for the final reply to an
    // INVITE after a 1xx (src/modules/tm/config.h and doc/params.xml,
    // kamailio 38711a3e788de0130d48cb485578c482b57d9351).
    const fr = gap < 60000
    add(i, `408 ${secs(gap)} after the request: the default ${fr ? 'fr_timer (30 s, no reply at all)' : 'fr_inv_timer (120 s, no final reply after a 1xx)'} of Kamailio's tm module, a proxy that gave up waiting for the far end.`)
  } else if (m.code === 408) {
    add(i, `408 ${secs(gap)} after the request.`)
  }
}

// noDialog explains a 481 to a request that carries a To tag.
function noDialog (x, tags, end, add, i) {
  if (end !== undefined && end < i) {
    add(i, `481: the dialog of Call-ID ${x.callId} was already ended by a BYE answered with 2xx (message ${end + 1}); this request came after it.`)
  } else if (!tags || tags.length === 0) {
    add(i, `481: no earlier response in this trace set up a dialog with Call-ID ${x.callId}; the far end has no dialog of that Call-ID and tags, perhaps after a restart or a misroute (RFC 3261 §12.2.2).`)
  } else if (!tags.some((t) => t.to === x.toTag || t.from === x.toTag)) {
    add(i, `481: the To tag ${x.toTag} matches none of the tags (${tags.map((t) => t.to).join(', ')}) that earlier responses gave this Call-ID, so the far end finds no such dialog (RFC 3261 §12.2.2).`)
  }
}

// unacknowledged finds 2xx responses to INVITE that no ACK followed, and a
// BYE about 32 s later from the side that sent the 2xx (§13.3.1.4).
function unacknowledged (messages, f, add) {
  const acked = new Set()
  f.forEach((x, i) => { if (messages[i].method === 'ACK') acked.add(`${x.callId} ${x.seq}`) })
  const seen = new Set()
  f.forEach((x, i) => {
    const m = messages[i]
    const key = `${x.callId} ${x.seq}`
    if (!(m.code >= 200 && m.code < 300 && x.method === 'INVITE') || acked.has(key) || seen.has(key)) return
    seen.add(key)
    const bye = f.findIndex((y, j) => j > i && messages[j].method === 'BYE' && y.callId === x.callId)
    const gap = bye >= 0 && messages[bye].ms !== undefined && m.ms !== undefined ? messages[bye].ms - m.ms : undefined
    if (gap !== undefined && Math.abs(gap - timerB) <= 2000) {
      add(bye, `BYE ${secs(gap)} after a 2xx that no ACK in this trace answered: the UAS resends a 2xx for 64·T1 = 32 s and then ends the session (RFC 3261 §13.3.1.4); the ACK is lost on its way, often at a NAT or a wrong Contact or Record-Route.`)
    } else if (i < messages.length - 1) {
      add(i, `No ACK for this ${m.code} appears in the trace; without one the UAS gives up after 32 s and sends BYE (RFC 3261 §13.3.1.4).`)
    }
  })
}
