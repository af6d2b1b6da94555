// explain-sdp.js: an offer beside its answer (RFC 3264). offerAnswer pairs
// each session description with the one that answers it in the same
// Call-ID and CSeq (an INVITE's offer with the 18x/2xx answer, or a 2xx's
// offer with the ACK's answer), and says what the two do not share: codecs,
// the media profile, SRTP keys or a DTLS fingerprint; and, for a 488 to an
// offer, what in the offer a far end usually refuses.
import { header } from './explain-parse.js'

// Static payload types (RFC 3551 Table 4), named when no rtpmap does.
const staticPT = { 0: 'PCMU', 3: 'GSM', 4: 'G723', 8: 'PCMA', 9: 'G722', 13: 'CN', 18: 'G729' }

// describe reads a session description: its media sections with profile,
// port, codec names and whether each carries a=crypto or a=fingerprint
// (at session level counting for every section).
export function describe (body) {
  const media = []
  let session = { crypto: false, fingerprint: false }
  let cur = session
  for (const line of body.split('\n')) {
    const m = line.match(/^m=(\w+) (\d+)(?:\/\d+)? (\S+) ?(.*)$/)
    if (m) {
      cur = { type: m[1], port: Number(m[2]), proto: m[3], pts: m[4].split(' ').filter(Boolean), names: {}, crypto: session.crypto, fingerprint: session.fingerprint }
      media.push(cur)
      continue
    }
    if (/^a=crypto:/.test(line)) cur.crypto = true
    if (/^a=fingerprint:/.test(line)) cur.fingerprint = true
    const map = line.match(/^a=rtpmap:(\d+) ([^/\s]+)/)
    if (map && cur !== session) cur.names[map[1]] = map[2]
  }
  for (const s of media) s.codecs = s.pts.map((pt) => (s.names[pt] || staticPT[pt] || pt).toUpperCase())
  return media
}

const hasSDP = (m) => /^v=0/m.test(m.body || '') && /sdp/i.test(header(m, 'Content-Type')[0] || 'application/sdp')

const secure = (s) => /SAVP/.test(s.proto)
const keys = (s) => s.fingerprint ? 'a DTLS fingerprint (a=fingerprint, RFC 8122)' : s.crypto ? 'SDES keys (a=crypto, RFC 4568)' : 'no keys'

// compare returns what an offer and its answer do not agree on.
export function compare (offer, answer) {
  const out = []
  offer.forEach((o, k) => {
    const a = answer[k]
    if (!a) {
      out.push(`The answer has no m= line for the offer's ${o.type} stream: an answer keeps every offered stream, in order (RFC 3264 §6).`)
      return
    }
    if (a.port === 0) {
      out.push(`The answer rejects the ${o.type} stream (port 0, RFC 3264 §6).`)
      return
    }
    if (o.proto !== a.proto) out.push(`${o.type}: offered as ${o.proto} but answered as ${a.proto}; the two ends disagree on ${secure(o) || secure(a) ? 'SRTP' : 'the media profile'}.`)
    const common = o.codecs.filter((c) => a.codecs.includes(c) && c !== 'TELEPHONE-EVENT' && c !== 'CN')
    if (common.length) out.push(`${o.type}: codecs in common: ${[...new Set(common)].join(', ')}.`)
    else out.push(`${o.type}: no codec in common between offer (${o.codecs.join(', ')}) and answer (${a.codecs.join(', ')}); an answer must pick at least one offered codec (RFC 3264 §6.1).`)
    if (o.crypto !== a.crypto || o.fingerprint !== a.fingerprint) out.push(`${o.type}: the offer carries ${keys(o)}, the answer ${keys(a)}.`)
  })
  return out
}

// refused says what in an offer a 488 most often answers.
function refused (offer) {
  return offer.map((o) => {
    if (/^UDP\/TLS\/RTP\/SAVPF?$/.test(o.proto)) return `The refused offer is DTLS-SRTP (${o.proto}, RFC 5764), as a browser (WebRTC) sends it; an end without DTLS-SRTP refuses it. Codecs offered: ${o.codecs.join(', ')}.`
    if (secure(o)) return `The refused offer asks for SRTP: ${o.proto} with ${keys(o)}; an end that only does plain RTP (RTP/AVP) refuses it. Codecs offered: ${o.codecs.join(', ')}.`
    return `The refused offer is ${o.type} ${o.proto} with ${o.codecs.join(', ')}: none of these codecs, or this media type, is acceptable to the far end.`
  })
}

// offerAnswer returns a Map from message index to findings ({ kind, text }).
export function offerAnswer (messages) {
  const out = new Map()
  const add = (i, text) => {
    if (!out.has(i)) out.set(i, [])
    out.get(i).push({ kind: 'sdp', text })
  }
  const open = new Map() // Call-ID + CSeq number → { i, media }: an offer awaiting its answer
  messages.forEach((m, i) => {
    const callId = (header(m, 'Call-ID')[0] || '').trim()
    const seq = parseInt(header(m, 'CSeq')[0] || '', 10)
    const key = `${callId} ${seq}`
    const sdp = hasSDP(m)
    const pending = open.get(key)
    if (m.code === 488 && pending) {
      add(i, `488 to the offer of message ${pending.i + 1}: a UAS rejecting an offer should answer 488 with a Warning saying why (RFC 3261 §13.3.1.3).`)
      for (const text of refused(pending.media)) add(i, text)
      open.delete(key)
      return
    }
    if (!sdp) return
    if (pending && pending.i !== i && (m.code ? m.code < 300 : m.method === 'ACK' || m.method === 'PRACK')) {
      const media = describe(m.body)
      for (const text of compare(pending.media, media)) add(i, `Answer to message ${pending.i + 1}: ${text}`)
      if (m.code !== undefined && m.code >= 200) open.delete(key)
      return
    }
    if (m.method === 'INVITE' || m.method === 'UPDATE' || (m.code >= 200 && m.code < 300 && !pending)) {
      if (m.method && pending && messages[pending.i].method === m.method) return // a retransmission
      open.set(key, { i, media: describe(m.body) })
    }
  })
  return out
}
