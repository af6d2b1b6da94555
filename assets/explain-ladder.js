// explain-ladder.js: who sent what to whom. ladder(messages) places each
// message as an arrow between two hosts, in the trace's order: the hosts
// come from the framings (ngrep, sngrep, sipdump, tshark ...), or, for raw
// SIP, from the top Via (who sent a request, who gets a response) and the
// Request-URI.
import { header, params } from './explain-parse.js'

export const maxHosts = 8 // more columns than this do not read at any width

const local = 'local'

function sentBy (m) {
  const via = header(m, 'Via')[0]
  return via ? (params(via).value.split(/\s+/)[1] || '').trim() || undefined : undefined
}

function uriHost (uri) {
  const m = (uri || '').match(/^sips?:(?:[^@;]*@)?(\[[^\]]+\](?::\d+)?|[^;?>]+)/)
  return m ? m[1] : undefined
}

// ends returns [from, to] of each message, filling in what the framing did
// not say: a request goes from its top Via to its Request-URI, a response
// from where its request went back to the top Via.
function ends (messages) {
  const byBranch = new Map()
  return messages.map((m) => {
    const via = params(header(m, 'Via')[0] || '')
    const key = `${via.branch} ${header(m, 'CSeq')[0]}`
    let from = m.from
    let to = m.to
    if (m.method) {
      from = from || sentBy(m)
      to = to || uriHost(m.uri)
      byBranch.set(key, [from, to])
    } else {
      const req = byBranch.get(key)
      from = from || (req && req[1])
      to = to || (req && req[0]) || sentBy(m)
    }
    return [from || 'unknown', to || 'unknown']
  })
}

// ladder returns { hosts, rows }: hosts are column names in order of first
// appearance (at most maxHosts, the rest folded into "others"); each row is
// { i, from, to, label, time } with from and to as column indexes and time
// in seconds since the first timed message, when the trace has times.
export function ladder (messages) {
  const hosts = []
  const column = (name) => {
    let c = hosts.indexOf(name)
    if (c >= 0) return c
    if (hosts.length < maxHosts - 1) {
      hosts.push(name)
      return hosts.length - 1
    }
    if (hosts.length === maxHosts - 1) hosts.push('others')
    return maxHosts - 1
  }
  const t0 = messages.find((m) => m.ms !== undefined)?.ms
  const rows = ends(messages).map(([a, b], i) => {
    const m = messages[i]
    const label = m.method ? m.method : `${m.code} ${m.reason}`.trim()
    const row = { i, from: column(a), to: column(b), label }
    if (m.ms !== undefined && t0 !== undefined) row.time = (m.ms - t0) / 1000
    return row
  })
  return { hosts: hosts.map((h) => h === local ? 'this host' : h), rows }
}
