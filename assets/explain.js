// explain.js: reads a SIP trace pasted into /explain/ and says what each
// message means, linking the pages of its codes, causes and warnings. It
// runs in the visitor's browser only: the trace is never sent anywhere.
//
// parse(text) splits a trace into messages, in the framings of raw SIP,
// ngrep, sngrep's text export, Asterisk's pjsip logger and FreeSWITCH's
// siptrace; explain(message, data) turns one message into findings, with
// the facts the build writes to /explain.json. Both are pure functions,
// tested under Node (tests/unit/explain.test.mjs).

// Compact header forms (RFC 3261 §7.3.3 and the RFCs that add them).
const compact = {
  a: 'Accept-Contact', b: 'Referred-By', c: 'Content-Type', d: 'Request-Disposition', e: 'Content-Encoding',
  f: 'From', i: 'Call-ID', j: 'Reject-Contact', k: 'Supported', l: 'Content-Length', m: 'Contact', o: 'Event',
  r: 'Refer-To', s: 'Subject', t: 'To', u: 'Allow-Events', v: 'Via', x: 'Session-Expires', y: 'Identity'
}

const requestLine = /^([A-Z][A-Z0-9-]*) (\S+) SIP\/2\.0\s*$/
const statusLine = /^SIP\/2\.0 (\d{3})(?: (.*))?$/

// Framing lines: each says where a message came from, or only separates.
const framings = [
  // ngrep: "U 192.0.2.1:5060 -> 198.51.100.2:5060", perhaps after a date and time.
  { re: /^[UT] (?:(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)?) )?(\S+?:\d+) -> (\S+?:\d+)\s*(?:#.*)?$/, from: 2, to: 3, time: 1 },
  // sngrep's text export: "2026/12/01 10:00:00.123456 192.0.2.1:5060 -> 198.51.100.2:5060".
  { re: /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)?) (\S+?:\d+) -> (\S+?:\d+)\s*$/, from: 2, to: 3, time: 1 },
  // Asterisk: "<--- Received SIP response (512 bytes) from UDP:192.0.2.1:5060 --->".
  { re: /^<--- Received SIP (?:request|response) \(\d+ bytes\) from \w+:(\S+) --->$/, from: 1 },
  { re: /^<--- Transmitting SIP (?:request|response) \(\d+ bytes\) to \w+:(\S+) --->$/, to: 1 },
  // FreeSWITCH: "recv 512 bytes from udp/[192.0.2.1]:5060 at 10:00:00.123456:".
  { re: /^recv \d+ bytes from \w+\/\[?([^\]\s]+?)\]?:(\d+) at (\S+?):?$/, from: [1, 2], time: 3 },
  { re: /^send \d+ bytes to \w+\/\[?([^\]\s]+?)\]?:(\d+) at (\S+?):?$/, to: [1, 2], time: 3 },
  // Separators: lines of dashes or hashes (siptrace, ngrep).
  { re: /^\s*(?:-{3,}|#+)\s*$/ }
]

function framing (line) {
  for (const f of framings) {
    const m = line.match(f.re)
    if (!m) continue
    const pick = (k) => k === undefined ? undefined : Array.isArray(k) ? `${m[k[0]]}:${m[k[1]]}` : m[k]
    return { from: pick(f.from), to: pick(f.to), time: pick(f.time) }
  }
  return null
}

// parse splits text into SIP messages. Every line is accounted for: it
// belongs to a message, is a framing line, is blank, or is listed in
// unread with its line number.
export function parse (text) {
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n')
  const messages = []
  const unread = []
  let frame = {}
  let msg = null
  let state = 'none' // in a message: 'headers' or 'body'
  const finish = () => {
    if (msg) {
      msg.body = msg.bodyLines.join('\n').replace(/\s+$/, '')
      delete msg.bodyLines
      messages.push(msg)
    }
    msg = null
    state = 'none'
  }
  lines.forEach((raw, i) => {
    const n = i + 1
    const line = raw.replace(/\s+$/, '')
    const f = framing(line)
    if (f) {
      finish()
      if (f.from || f.to || f.time) frame = f // a separator keeps the frame it follows
      return
    }
    const start = line.match(requestLine) || line.match(statusLine)
    if (start) {
      finish()
      msg = { line: n, start: line, headers: [], bodyLines: [], from: frame.from, to: frame.to, time: frame.time }
      if (line.startsWith('SIP/2.0 ')) {
        msg.code = Number(start[1])
        msg.reason = start[2] || ''
      } else {
        msg.method = start[1]
        msg.uri = start[2]
      }
      frame = {}
      state = 'headers'
      return
    }
    if (state === 'headers') {
      if (line === '') {
        state = 'body'
        return
      }
      if (/^[ \t]/.test(raw) && msg.headers.length > 0) { // a folded header line
        msg.headers[msg.headers.length - 1].value += ' ' + line.trim()
        return
      }
      const h = line.match(/^([!-9;-~]+)\s*:\s*(.*)$/)
      if (h) {
        const name = compact[h[1].toLowerCase()] || h[1]
        msg.headers.push({ name, value: h[2], line: n })
        return
      }
      unread.push({ line: n, text: raw })
      return
    }
    if (state === 'body') {
      msg.bodyLines.push(line)
      return
    }
    if (line !== '') unread.push({ line: n, text: raw })
  })
  finish()
  return { messages, unread }
}

// header returns the values of a header, by name in any case.
export function header (msg, name) {
  const want = name.toLowerCase()
  return msg.headers.filter((h) => h.name.toLowerCase() === want).map((h) => h.value)
}

// params reads "proto ;a=1 ;b="x y"" into { value: 'proto', a: '1', b: 'x y' }.
export function params (value) {
  const parts = []
  let cur = ''
  let quoted = false
  for (const ch of value) {
    if (ch === '"') quoted = !quoted
    if (ch === ';' && !quoted) {
      parts.push(cur)
      cur = ''
    } else cur += ch
  }
  parts.push(cur)
  const out = { value: parts[0].trim() }
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=')
    const k = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase()
    let v = eq < 0 ? '' : p.slice(eq + 1).trim()
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1)
    if (k) out[k] = v
  }
  return out
}

// splitList splits a header value at commas outside quotes and <...>.
function splitList (value) {
  const out = []
  let cur = ''
  let quoted = false
  let angle = 0
  for (const ch of value) {
    if (ch === '"') quoted = !quoted
    if (!quoted && ch === '<') angle++
    if (!quoted && ch === '>') angle--
    if (ch === ',' && !quoted && angle <= 0) {
      out.push(cur.trim())
      cur = ''
    } else cur += ch
  }
  if (cur.trim()) out.push(cur.trim())
  return out
}

const privateAddress = /^(?:10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/

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

// ---- The page ----

if (typeof document !== 'undefined') setup()

function setup () {
  const input = document.getElementById('trace')
  const hide = document.getElementById('explain-redact')
  const out = document.getElementById('explain-out')
  if (!input || !out) return
  document.getElementById('explain-form').hidden = false
  let data = null
  const load = () => data
    ? Promise.resolve(data)
    : fetch((document.documentElement.dataset.base || '') + '/explain.json').then((r) => {
      if (!r.ok) throw new Error(r.status)
      return r.json()
    }).then((d) => { data = d; return d })
  const el = (tag, cls, text) => {
    const e = document.createElement(tag)
    if (cls) e.className = cls
    if (text !== undefined) e.textContent = text
    return e
  }
  const run = () => load().then((d) => {
    const { messages, unread } = parse(input.value)
    out.replaceChildren()
    out.append(el('p', 'explain-count', `${messages.length} message${messages.length === 1 ? '' : 's'}${unread.length ? `, ${unread.length} line${unread.length === 1 ? '' : 's'} not read` : ''}.`))
    const list = el('ol', 'explain-messages')
    for (const m of messages) {
      const li = el('li', 'explain-message')
      const head = el('p', 'explain-start')
      head.append(el('code', '', m.start))
      const where = [m.time, m.from && `from ${m.from}`, m.to && `to ${m.to}`].filter(Boolean).join(' ')
      if (where) head.append(' ', el('span', 'explain-where', where))
      li.append(head)
      const findings = el('ul', 'explain-findings')
      for (const f of explain(m, d)) {
        const item = el('li', `finding-${f.kind}`)
        if (f.url) {
          const a = el('a', '', f.text)
          a.href = (document.documentElement.dataset.base || '') + f.url
          item.append(a)
        } else item.textContent = f.text
        findings.append(item)
      }
      li.append(findings)
      list.append(li)
    }
    out.append(list)
    if (unread.length) {
      const u = el('details', 'explain-unread')
      u.append(el('summary', '', 'Lines not read as SIP'))
      const pre = el('pre')
      pre.textContent = unread.map((x) => `${x.line}: ${x.text}`).join('\n')
      u.append(pre)
      out.append(u)
    }
  }).catch(() => {
    out.replaceChildren(el('p', '', 'The explainer’s data could not be loaded; reload the page to try again.'))
  })
  document.getElementById('explain-form').addEventListener('submit', (ev) => {
    ev.preventDefault() // the trace stays in the page
    run()
  })
  if (hide) hide.addEventListener('click', () => { input.value = redact(input.value) })
  // A link can carry a trace in its fragment, which the browser never sends.
  const fromHash = () => {
    if (location.hash.length <= 1) return
    try {
      input.value = decodeURIComponent(location.hash.slice(1))
    } catch (e) {
      return // not a fragment this page wrote
    }
    run()
  }
  window.addEventListener('hashchange', fromHash)
  fromHash()
}
