// explain-parse.js: splits a pasted trace into SIP messages. It reads raw
// SIP and the framings that capture tools and servers print around each
// message, keeping the addresses and times they show. Every line is
// accounted for: it belongs to a message, is a framing line, is blank, or
// is listed in unread with its line number.

// Compact header forms (RFC 3261 §7.3.3 and the RFCs that add them).
const compact = {
  a: 'Accept-Contact', b: 'Referred-By', c: 'Content-Type', d: 'Request-Disposition', e: 'Content-Encoding',
  f: 'From', i: 'Call-ID', j: 'Reject-Contact', k: 'Supported', l: 'Content-Length', m: 'Contact', o: 'Event',
  r: 'Refer-To', s: 'Subject', t: 'To', u: 'Allow-Events', v: 'Via', x: 'Session-Expires', y: 'Identity'
}

const requestLine = /^([A-Z][A-Z0-9-]*) (\S+) SIP\/2\.0$/
const statusLine = /^SIP\/2\.0 (\d{3})(?: (.*))?$/
const headerRE = /^([!-9;-~]+)\s*:\s*(.*)$/
const date = '\\d{4}[/-]\\d\\d[/-]\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?'

// Framing lines, each saying where the next message came from, or only
// separating messages. A "mode" switches to the line-by-line reading of a
// format whose lines would otherwise look like headers.
const framings = [
  // ngrep: "U 192.0.2.1:5060 -> 198.51.100.2:5060", perhaps after a date and time.
  { re: new RegExp(`^[UT] (?:(${date}) )?(\\S+?:\\d+) -> (\\S+?:\\d+)\\s*(?:#.*)?$`), from: 2, to: 3, time: 1 },
  // sngrep's text export: "2026/12/01 10:00:00.123456 192.0.2.1:5060 -> 198.51.100.2:5060".
  { re: new RegExp(`^(${date}) (\\S+?:\\d+) -> (\\S+?:\\d+)$`), from: 2, to: 3, time: 1 },
  // Asterisk (res/res_pjsip_logger.c): "<--- Received SIP response (512 bytes) from UDP:192.0.2.1:5060 --->".
  // In Asterisk's log files the line follows "[date] VERBOSE[pid][call] res_pjsip_logger.c: ".
  { re: /^(?:\[([^\]]+)\] (?:VERBOSE\[[^\]]*\](?:\[[^\]]*\])? [\w.]+: )?)?<--- Received SIP (?:request|response) \(\d+ bytes\) from \w+:(\S+) --->$/, from: 2, to: 'local', time: 1 },
  { re: /^(?:\[([^\]]+)\] (?:VERBOSE\[[^\]]*\](?:\[[^\]]*\])? [\w.]+: )?)?<--- Transmitting SIP (?:request|response) \(\d+ bytes\) to \w+:(\S+) --->$/, from: 'local', to: 2, time: 1 },
  // FreeSWITCH (sofia siptrace): "recv 512 bytes from udp/[192.0.2.1]:5060 at 10:00:00.123456:".
  { re: /^recv \d+ bytes from \w+\/\[?([^\]\s]+?)\]?:(\d+) at (\S+?):?$/, from: [1, 2], to: 'local', time: 3 },
  { re: /^send \d+ bytes to \w+\/\[?([^\]\s]+?)\]?:(\d+) at (\S+?):?$/, from: 'local', to: [1, 2], time: 3 },
  // Kamailio's sipdump module writes each message between a line of "=",
  // its "key: value" facts, a line of "~" and a line of "|"
  // (src/modules/sipdump/sipdump_write.c, sipdump_data_print(), kamailio
  // 38711a3e788de0130d48cb485578c482b57d9351).
  { re: /^={20}$/, next: /^tag: /, mode: 'sipdump' },
  // tshark -z follow,udp,ascii (Wireshark's "Follow UDP Stream" as text):
  // a line of "=", "Follow: udp,ascii", "Node 0: addr", "Node 1: addr",
  // then each chunk as its byte count (a tab before it for node 1) and its
  // data (ui/cli/tap-follow.c, followDraw(), wireshark
  // ae68f42297198ee651f9b8ebe4aa822beb3fb725).
  { re: /^={20,}$/, next: /^Follow: (?:udp|tcp|tls|ssl),ascii$/, mode: 'follow' },
  // tshark -V, and Wireshark's export of packet dissections as plain text:
  // each packet's decode tree, printed by the same text print stream, four
  // spaces a level (epan/print_stream.c, print_line_color_text(), wireshark
  // 0655931f606efc086e8526c7f4a687ac6477686e); the SIP tree's "Request-Line",
  // "Status-Line", "Message Header" and "Message Body" are the labels of
  // epan/dissectors/packet-sip.c.
  { re: /^Frame \d+: \d+ bytes on wire/, mode: 'tree' },
  // Wireshark's plain-text export of packet dissections puts the packet
  // list's column heads and the packet's summary row before each tree
  // (default columns: No., Time, Source, Destination, Protocol, Length, Info).
  { re: /^No\.\s+Time\s+Source\s+Destination\s+Protocol\s+Length\s+Info$/ },
  { re: /^\s*\d+\s+\d+\.\d+\s+\S+\s+\S+\s+SIP(?:\/SDP)?\s+\d+\s+\S/ },
  // Separators: lines of dashes, hashes or equals signs.
  { re: /^\s*(?:-{3,}|#+|={3,})\s*$/ }
]

function framing (line, next) {
  for (const f of framings) {
    const m = line.match(f.re)
    if (!m || (f.next && !f.next.test(next))) continue
    const pick = (k) => typeof k === 'string' ? k : k === undefined ? undefined : Array.isArray(k) ? `${m[k[0]]}:${m[k[1]]}` : m[k]
    return { from: pick(f.from), to: pick(f.to), time: pick(f.time), mode: f.mode }
  }
  return null
}

// ms reads a time a framing shows into milliseconds: since 1970 for a date
// (taken as UTC, which only offsets all of a trace alike) or a Unix time,
// since midnight for a bare time of day.
export function ms (time) {
  if (!time) return undefined
  let m = time.match(/^(\d{4})[/-](\d\d)[/-](\d\d)[ T](\d\d):(\d\d):(\d\d(?:\.\d+)?)$/)
  if (m) return Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5]) + m[6] * 1000
  m = time.match(/^(\d\d):(\d\d):(\d\d(?:\.\d+)?)$/)
  if (m) return (m[1] * 3600 + m[2] * 60 + +m[3]) * 1000
  m = time.match(/^(\d{9,11}(?:\.\d+)?)(?: seconds)?$/)
  if (m) return m[1] * 1000
  return undefined
}

// addr joins an address and a port, bracketing an IPv6 address.
const addr = (ip, port) => ip.includes(':') && !ip.startsWith('[') ? `[${ip}]:${port}` : `${ip}:${port}`

// parse splits text into SIP messages: { messages, unread }.
export function parse (text) {
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n')
  const messages = []
  const unread = []
  let frame = {}
  let msg = null
  let state = 'none' // in a message: 'headers' or 'body'
  let mode = null // a framing read line by line: 'sipdump', 'follow', 'tree'
  let meta = {} // what the mode has read so far
  const finish = () => {
    if (msg) {
      msg.body = msg.bodyLines.join('\n').replace(/\s+$/, '')
      delete msg.bodyLines
      messages.push(msg)
    }
    msg = null
    state = 'none'
  }
  const begin = (n, line, start) => {
    finish()
    msg = { line: n, start: line, headers: [], bodyLines: [], from: frame.from, to: frame.to, time: frame.time }
    const t = ms(frame.time)
    if (t !== undefined) msg.ms = t
    if (start[0].startsWith('SIP/2.0 ')) {
      msg.code = Number(start[1])
      msg.reason = start[2] || ''
    } else {
      msg.method = start[1]
      msg.uri = start[2]
    }
    frame = {}
    state = 'headers'
  }
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1
    const raw = lines[i]
    const line = raw.trimEnd()
    if (mode === 'sipdump' && state === 'none') {
      const kv = line.match(/^(\w+): (.*)$/)
      if (kv) {
        meta[kv[1]] = kv[2]
        continue
      }
      if (/^~{20}$/.test(line)) {
        frame = {
          from: meta.srcip && addr(meta.srcip, meta.srcport),
          to: meta.dstip && addr(meta.dstip, meta.dstport),
          time: meta.time
        }
        continue
      }
    }
    if (mode === 'sipdump' && /^\|{20}$/.test(line)) {
      finish()
      mode = null
      continue
    }
    if (mode === 'follow') {
      const node = line.match(/^Node ([01]): (\S+)$/)
      if (node && !msg) {
        meta[node[1]] = node[2]
        continue
      }
      const count = raw.match(/^(\t?)\d+$/)
      if (count) {
        finish()
        const [a, b] = count[1] ? [meta[1], meta[0]] : [meta[0], meta[1]]
        frame = { from: a, to: b }
        continue
      }
    }
    if (mode === 'tree') {
      if (tree(lines[i], n, messages, meta)) continue
      mode = null // the line ends the tree: read it again as it is
      i--
      continue
    }
    // Most lines of a trace are header lines, and a header line is never a
    // framing or a start line: read it first.
    const h = state === 'headers' ? line.match(headerRE) : null
    if (h) {
      msg.headers.push({ name: compact[h[1].toLowerCase()] || h[1], value: h[2], line: n })
      continue
    }
    const f = framing(line, lines[i + 1] || '')
    if (f) {
      finish()
      if (f.mode) {
        mode = f.mode
        meta = {}
        if (mode === 'follow') i++ // "Follow: udp,ascii"
        if (mode === 'tree') frame = {}
      } else {
        mode = null // a framing or separator line ends a follow-stream dump
        if (f.from || f.to || f.time) frame = f // a separator keeps the frame it follows
      }
      continue
    }
    if (mode === 'follow' && /^Filter: /.test(line) && !msg) continue
    const start = line.match(requestLine) || line.match(statusLine)
    if (start) {
      begin(n, line, start)
      continue
    }
    if (state === 'headers') {
      if (line === '') {
        state = 'body'
        continue
      }
      if (/^[ \t]/.test(raw) && msg.headers.length > 0) { // a folded header line
        msg.headers[msg.headers.length - 1].value += ' ' + line.trim()
        continue
      }
      unread.push({ line: n, text: raw })
      continue
    }
    if (state === 'body') {
      msg.bodyLines.push(line)
      continue
    }
    if (line !== '') unread.push({ line: n, text: raw })
  }
  finish()
  return { messages, unread }
}

// tree reads one line of tshark -V output (mode 'tree'), adding to
// messages. A packet's tree holds its addresses and time in the IP, UDP
// and frame lines, the SIP start line and headers two levels down, and the
// SDP body as "Name (v): value" lines; the rest is the decode of fields
// already read, and counts as framing. A line at the left margin that is
// not the name of a protocol ends the mode: tree returns false for it.
function tree (raw, n, messages, meta) {
  const line = raw.trimEnd()
  const depth = (line.match(/^ */)[0].length) / 4
  const text = line.trim()
  if (line === '') return true
  if (/^Frame \d+: /.test(line)) {
    meta.sip = null
    return true
  }
  if (depth === 0 && (!/^[A-Z][\w./ -]*(?:,|\(|$)/.test(line) || statusLine.test(line))) return false
  let m
  if ((m = text.match(/^Epoch (?:Arrival )?Time: (\d+\.\d+) seconds$/))) meta.time = m[1]
  else if ((m = line.match(/^Internet Protocol Version [46], Src: (\S+), Dst: (\S+)$/))) [meta.src, meta.dst] = [m[1], m[2]]
  else if ((m = line.match(/^(?:User Datagram|Transmission Control) Protocol, Src Port: (\d+), Dst Port: (\d+)/))) [meta.sport, meta.dport] = [m[1], m[2]]
  else if (depth === 0 && /^Session Initiation Protocol\b/.test(line)) meta.sip = { section: null }
  else if (meta.sip && depth === 1) {
    const start = text.match(/^(?:Request|Status)-Line: (.*)$/)
    const s = start && (start[1].match(requestLine) || start[1].match(statusLine))
    if (s) {
      const msg = { line: n, start: start[1], headers: [], body: '', from: meta.src && addr(meta.src, meta.sport), to: meta.dst && addr(meta.dst, meta.dport), time: meta.time }
      if (meta.time) msg.ms = ms(meta.time)
      if (s[0].startsWith('SIP/2.0 ')) {
        msg.code = Number(s[1])
        msg.reason = s[2] || ''
      } else {
        msg.method = s[1]
        msg.uri = s[2]
      }
      messages.push(msg)
      meta.sip.msg = msg
    }
    meta.sip.section = text === 'Message Header' ? 'headers' : text === 'Message Body' ? 'body' : null
  } else if (meta.sip && meta.sip.msg && depth === 2 && meta.sip.section === 'headers') {
    const h = text.match(/^([!-9;-~]+): (.*)$/)
    if (h) meta.sip.msg.headers.push({ name: compact[h[1].toLowerCase()] || h[1], value: h[2], line: n })
  } else if (meta.sip && meta.sip.msg && meta.sip.section === 'body') {
    const s = text.match(/^[^()]+ \(([a-z])\): (.*)$/)
    if (s) meta.sip.msg.body += `${meta.sip.msg.body ? '\n' : ''}${s[1]}=${s[2]}`
  }
  return true
}

// header returns the values of a header, by name in any case.
export function header (msg, name) {
  const want = name.toLowerCase()
  const out = []
  for (const h of msg.headers) if (h.name.toLowerCase() === want) out.push(h.value)
  return out
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
export function splitList (value) {
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
