// explain-findings.js: what one SIP message says, as findings
// ({ kind, text, url? }, most important first), with the facts the build
// writes to /explain.json: its code, Reason and Warning decoded, the
// headers that matter for the code, NAT hints and the usual suspects of its
// session description.
import { header, params, splitList } from './explain-parse.js'

export const privateAddress = /^(?:10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/

// explain returns the findings for one message: { kind, text, url? },
// most important first. data is /explain.json.
export function explain (msg, data) {
  const out = []
  const add = (kind, text, url) => out.push(url ? { kind, text, url } : { kind, text })
  if (msg.code) {
    const c = data.codes[msg.code]
    const wild = (data.wild || []).find((w) => w.code === msg.code && w.phrase && msg.reason.startsWith(w.phrase))
    if (wild) add('code', `${msg.code} ${msg.reason}: not a registered code. ${wild.summary}`, wild.url)
    else if (c) add('code', `${msg.code} ${c.reason}: ${c.summary}`, c.url)
    else {
      const w = (data.wild || []).find((w) => w.code === msg.code)
      const x00 = Math.floor(msg.code / 100) * 100
      add('code', `${msg.code} is not a registered code; a phone treats it as ${x00} (RFC 3261 §8.1.3.2).`, w ? w.url : data.codes[x00]?.url)
    }
  } else if (msg.method) {
    add('request', `${msg.method} to ${msg.uri}`)
  }
  for (const value of header(msg, 'Reason').flatMap(splitList)) {
    const r = params(value)
    const proto = r.value.toUpperCase()
    const n = Number(r.cause)
    const text = r.text ? ` (text: “${r.text}”)` : ''
    if (proto === 'Q.850' && data.causes[n]) {
      const loc = r.location && data.locations[r.location.toUpperCase()]
      add('reason', `Q.850 cause ${n}, ${data.causes[n].name}${text}${loc ? `; released by the ${loc} (${r.location})` : ''}.`, data.causes[n].url)
    } else if (proto === 'SIP' && data.codes[n]) {
      add('reason', `SIP cause ${n}, ${data.codes[n].reason}${text}.`, data.codes[n].url)
    } else if (proto === 'SIP' && n >= 800) {
      add('reason', `SIP cause ${n}${text}: not a SIP code but FreeSWITCH's own cause number.`, data.pages.freeswitchReason)
    } else {
      add('reason', `Reason ${r.value}${r.cause ? `, cause ${r.cause}` : ''}${text}.`, data.pages.reason)
    }
  }
  for (const value of header(msg, 'Warning').flatMap(splitList)) {
    const m = value.match(/^(\d{3})\s+(\S+)\s+"(.*)"\s*$/) || value.match(/^(\d{3})\s+(\S+)/)
    if (!m) {
      add('warning', `Warning “${value}” does not read as code, host and text.`, data.pages.warning)
      continue
    }
    const w = data.warn[m[1]]
    const said = m[3] ? `: “${m[3]}”` : ''
    if (w) add('warning', `Warning ${m[1]}, ${w.text}, from ${m[2]}${said}.`, w.url)
    else {
      const wild = (data.wild || []).find((x) => x.warn === Number(m[1]))
      add('warning', `Warning ${m[1]} from ${m[2]}${said}: not a registered warn-code.`, wild ? wild.url : data.pages.warning)
    }
  }
  const one = (name) => header(msg, name)[0]
  if (one('Retry-After')) add('header', `Retry-After: try again after ${parseInt(one('Retry-After'), 10)} seconds.`)
  if (one('Min-SE')) add('header', `Min-SE: the smallest session-timer interval accepted is ${parseInt(one('Min-SE'), 10)} seconds.`)
  if (one('Min-Expires')) add('header', `Min-Expires: the shortest expiry accepted is ${parseInt(one('Min-Expires'), 10)} seconds.`)
  for (const name of ['Unsupported', 'Require']) {
    const tags = header(msg, name).flatMap(splitList)
    if (tags.length) add('header', `${name}: ${tags.join(', ')}.`)
  }
  if (msg.code === 405 && one('Allow')) add('header', `Allow: the methods accepted here are ${header(msg, 'Allow').flatMap(splitList).join(', ')}.`)
  if (msg.code === 415) {
    // RFC 3261 §21.4.13: a 415 must say what it takes instead.
    const lists = ['Accept', 'Accept-Encoding', 'Accept-Language']
      .map((name) => [name, header(msg, name).flatMap(splitList)])
      .filter(([, values]) => values.length)
    for (const [name, values] of lists) add('header', `${name}: what is accepted here is ${values.join(', ')}.`)
    if (!lists.length) add('header', 'No Accept, Accept-Encoding or Accept-Language: a 415 must list what it accepts (RFC 3261 §21.4.13), so the sender cannot tell what to send instead.')
  }
  if (msg.code) {
    // RFC 3329 §2.3: the mechanisms a server offers in a 494 (or a 421),
    // which the client picks from and repeats the request with in
    // Security-Verify.
    const offered = header(msg, 'Security-Server').flatMap(splitList).map((v) => {
      const p = params(v)
      return p.q ? `${p.value} (q=${p.q})` : p.value
    })
    if (offered.length) add('header', `Security-Server: the server offers ${offered.join(', ')}; the client picks one, sets it up and repeats the request with it in Security-Verify (RFC 3329 §2.3).`)
  }
  if (msg.code >= 300 && msg.code < 400) {
    const contacts = header(msg, 'Contact').flatMap(splitList)
    if (contacts.length) add('header', `Contact: try ${contacts.join(', ')}.`)
  }
  for (const name of ['WWW-Authenticate', 'Proxy-Authenticate']) {
    const v = one(name)
    if (v) {
      const realm = v.match(/realm="([^"]*)"/)
      add('header', `${name}: credentials wanted${realm ? ` for realm “${realm[1]}”` : ''}.`)
    }
  }
  const via = one('Via')
  if (via) {
    const p = params(via)
    const host = (p.value.split(/\s+/)[1] || '').replace(/:\d+$/, '')
    if (p.received && p.received !== host) add('nat', `Via: sent from ${host} but received from ${p.received}: the sender is behind NAT.`)
  }
  const contact = one('Contact')
  const addr = contact && contact.match(/@(\d+\.\d+\.\d+\.\d+)/)
  if (addr && privateAddress.test(addr[1])) add('nat', `Contact: ${addr[1]} is a private address; a far end cannot reach it without NAT help.`)
  if (msg.body && /^v=0/m.test(msg.body)) out.push(...sdp(msg.body))
  return out
}

// sdp points out what in a session description often explains a failure.
function sdp (body) {
  const out = []
  const lines = body.split('\n')
  for (const l of lines) {
    const c = l.match(/^c=IN IP[46] (\S+)/)
    if (c && c[1] === '0.0.0.0') out.push({ kind: 'sdp', text: 'SDP: c=0.0.0.0, the old way to put a call on hold.' })
    else if (c && privateAddress.test(c[1])) out.push({ kind: 'sdp', text: `SDP: media address ${c[1]} is private; one-way or no audio follows unless something rewrites it.` })
    const m = l.match(/^m=(\w+) (\d+) (\S+) (.*)$/)
    if (m) {
      const names = m[4].split(' ').map((pt) => {
        const map = lines.find((x) => x.startsWith(`a=rtpmap:${pt} `))
        return map ? map.slice(`a=rtpmap:${pt} `.length).split('/')[0] : pt
      })
      out.push({ kind: 'sdp', text: `SDP: ${m[1]} on port ${m[2]} (${m[3]}): ${names.join(', ')}.` })
    }
    if (/^a=(inactive|sendonly|recvonly)$/.test(l)) out.push({ kind: 'sdp', text: `SDP: ${l.slice(2)}: media flows one way or not at all.` })
  }
  return out
}

// redact masks addresses and long numbers, so a trace can be shared.
export function redact (text) {
  return String(text)
    .replace(/\b(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\b/g, '$1.$2.x.x')
    .replace(/(\+?)\d{6,}/g, (d, plus) => plus + d.slice(plus.length, plus.length + 2) + 'x'.repeat(d.length - plus.length - 2))
}
