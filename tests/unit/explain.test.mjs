// The trace explainer's reading and findings, under Node: every framing it
// claims to read, messages it must find, lines it must report, and input
// that must never make it throw.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parse, params } from '../../assets/explain-parse.js'
import { explain, redact } from '../../assets/explain-findings.js'

const data = {
  codes: {
    180: { reason: 'Ringing', summary: 'Alerting.', url: '/180/' },
    400: { reason: 'Bad Request', summary: 'Malformed.', url: '/400/' },
    486: { reason: 'Busy Here', summary: 'Busy.', url: '/486/' },
    488: { reason: 'Not Acceptable Here', summary: 'Media refused.', url: '/488/' },
    500: { reason: 'Server Internal Error', summary: 'Failed.', url: '/500/' },
    503: { reason: 'Service Unavailable', summary: 'Overloaded.', url: '/503/' }
  },
  causes: { 17: { name: 'User busy', url: '/cause/17/' }, 34: { name: 'No circuit/channel available', url: '/cause/34/' } },
  locations: { LN: 'public network serving the local user' },
  warn: { 305: { text: 'Incompatible media format', url: '/warning/#w305' } },
  wild: [
    { code: 478, phrase: 'Unresolvable destination', summary: 'DNS failed.', url: '/wild/478/' },
    { code: 500, phrase: 'Service Unavailable', summary: 'A 503 remapped.', url: '/wild/500-service-unavailable/' },
    { warn: 392, summary: 'Debugging.', url: '/wild/warning-392/' }
  ],
  pages: { reason: '/reason/', warning: '/warning/', freeswitchReason: '/wild/freeswitch-reason-sip-8xx/' }
}

const busy = [
  'SIP/2.0 486 Busy Here',
  'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;received=203.0.113.9',
  'From: <sip:alice@example.com>;tag=1',
  'To: <sip:bob@example.net>;tag=2',
  'Call-ID: abc@10.0.0.5',
  'CSeq: 1 INVITE',
  'Retry-After: 120',
  'Reason: Q.850;cause=17;text="User busy";location=LN',
  'Content-Length: 0',
  ''
]
const invite = [
  'INVITE sip:bob@example.net SIP/2.0',
  'v: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1',
  'f: <sip:alice@example.com>;tag=1',
  't: <sip:bob@example.net>',
  'i: abc@10.0.0.5',
  'Subject: a header',
  '  folded onto two lines',
  'm: <sip:alice@10.0.0.5:5060>',
  'c: application/sdp',
  '',
  'v=0',
  'o=- 1 1 IN IP4 10.0.0.5',
  'c=IN IP4 10.0.0.5',
  'm=audio 4000 RTP/AVP 0 8',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=sendonly',
  ''
]

const framings = {
  raw: [...invite, ...busy].join('\r\n'),
  ngrep: ['#', 'U 2026/12/01 10:00:00.100000 10.0.0.5:5060 -> 198.51.100.2:5060', ...invite, '#', 'U 198.51.100.2:5060 -> 10.0.0.5:5060', ...busy].join('\n'),
  sngrep: ['2026/12/01 10:00:00.100000 10.0.0.5:5060 -> 198.51.100.2:5060', ...invite, '2026/12/01 10:00:00.300000 198.51.100.2:5060 -> 10.0.0.5:5060', ...busy].join('\n'),
  pjsip: ['<--- Transmitting SIP request (512 bytes) to UDP:198.51.100.2:5060 --->', ...invite, '<--- Received SIP response (400 bytes) from UDP:198.51.100.2:5060 --->', ...busy].join('\n'),
  siptrace: ['send 512 bytes to udp/[198.51.100.2]:5060 at 10:00:00.100000:', '   ------------------------------------------------------------------------', ...invite, '   ------------------------------------------------------------------------',
    'recv 400 bytes from udp/[198.51.100.2]:5060 at 10:00:00.300000:', '   ------------------------------------------------------------------------', ...busy].join('\n')
}

for (const [name, text] of Object.entries(framings)) {
  test(`reads ${name}`, () => {
    const { messages, unread } = parse(text)
    assert.deepEqual(unread, [], `${name}: lines not read`)
    assert.equal(messages.length, 2)
    const [inv, resp] = messages
    assert.equal(inv.method, 'INVITE')
    assert.equal(resp.code, 486)
    assert.equal(resp.reason, 'Busy Here')
    assert.equal(inv.headers.find((h) => h.name === 'Call-ID').value, 'abc@10.0.0.5', 'compact i: is Call-ID')
    assert.equal(inv.headers.find((h) => h.name === 'Subject').value, 'a header folded onto two lines')
    assert.match(inv.body, /^v=0\n/)
    if (name !== 'raw') assert.ok(resp.from || resp.to, `${name}: the framing's address is kept`)
    if (name === 'pjsip' || name === 'siptrace') assert.equal(resp.from.replace(/^\[|\]/g, ''), '198.51.100.2:5060')
    if (name === 'ngrep' || name === 'sngrep') assert.equal(inv.time, '2026/12/01 10:00:00.100000')
  })
}

test('findings: code, Reason with location, Retry-After, NAT, SDP', () => {
  const { messages } = parse(framings.raw)
  const resp = explain(messages[1], data)
  assert.deepEqual(resp[0], { kind: 'code', text: '486 Busy Here: Busy.', url: '/486/' })
  const reason = resp.find((f) => f.kind === 'reason')
  assert.equal(reason.url, '/cause/17/')
  assert.match(reason.text, /Q\.850 cause 17, User busy \(text: “User busy”\); released by the public network serving the local user \(LN\)/)
  assert.ok(resp.some((f) => f.text === 'Retry-After: try again after 120 seconds.'))
  assert.ok(resp.some((f) => f.kind === 'nat' && f.text.includes('203.0.113.9')))
  const inv = explain(messages[0], data)
  assert.ok(inv.some((f) => f.kind === 'sdp' && f.text === 'SDP: audio on port 4000 (RTP/AVP): PCMU, PCMA.'))
  assert.ok(inv.some((f) => f.kind === 'sdp' && f.text.includes('10.0.0.5 is private')))
  assert.ok(inv.some((f) => f.kind === 'sdp' && f.text.startsWith('SDP: sendonly')))
  assert.ok(inv.some((f) => f.kind === 'nat' && f.text.includes('Contact: 10.0.0.5')))
})

test('findings: unregistered codes, SIP and FreeSWITCH causes, warnings', () => {
  const one = (lines) => explain(parse(lines.join('\n')).messages[0], data)
  assert.equal(one(['SIP/2.0 478 Unresolvable destination (478/SL)'])[0].url, '/wild/478/')
  assert.equal(one(['SIP/2.0 500 Service Unavailable'])[0].url, '/wild/500-service-unavailable/')
  assert.equal(one(['SIP/2.0 500 Server Internal Error'])[0].url, '/500/')
  const odd = one(['SIP/2.0 499 Odd'])[0]
  assert.equal(odd.url, '/400/')
  assert.match(odd.text, /treats it as 400/)
  const reasons = one(['SIP/2.0 503 Service Unavailable', 'Reason: SIP;cause=480, Q.850;cause=34', 'Reason: SIP;cause=804;text="MEDIA_TIMEOUT"', 'Reason: preemption;cause=1'])
    .filter((f) => f.kind === 'reason').map((f) => f.url)
  assert.deepEqual(reasons, ['/reason/', '/cause/34/', '/wild/freeswitch-reason-sip-8xx/', '/reason/'])
  const warnings = one(['SIP/2.0 488 Not Acceptable Here', 'Warning: 305 sbc.example.net "Incompatible media format"', 'Warning: 392 10.0.0.1:5060 "Noisy feedback tells: pid=1"', 'Warning: nonsense'])
    .filter((f) => f.kind === 'warning').map((f) => f.url)
  assert.deepEqual(warnings, ['/warning/#w305', '/wild/warning-392/', '/warning/'])
})

test('lines that are not SIP are reported with their line numbers', () => {
  const { messages, unread } = parse('hello\n\nSIP/2.0 180 Ringing\nNot a header line\nCSeq: 1 INVITE\n')
  assert.equal(messages.length, 1)
  assert.deepEqual(unread, [{ line: 1, text: 'hello' }, { line: 4, text: 'Not a header line' }])
})

test('params reads quoted values and keeps semicolons inside quotes', () => {
  assert.deepEqual(params('Q.850 ;cause=16 ;text="a;b" ;location=LN'), { value: 'Q.850', cause: '16', text: 'a;b', location: 'LN' })
})

test('redact masks addresses and long numbers', () => {
  assert.equal(redact('From: <sip:+15555550177@192.0.2.55>'), 'From: <sip:+15xxxxxxxxx@192.0.x.x>')
})

// Random and mutated input never throws, and every non-blank line that is
// neither in a message nor a framing line is reported.
test('never throws on random or mutated input', () => {
  let seed = 7
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }
  const alphabet = 'SIP/2.0 486INVITE:;="<>@\n\r\t -0123456789abcxyzÄ\u0000'
  const base = Object.values(framings).join('\n')
  for (let i = 0; i < 500; i++) {
    let text
    if (i % 2) {
      text = Array.from({ length: rand(400) }, () => alphabet[rand(alphabet.length)]).join('')
    } else {
      const chars = [...base]
      for (let k = 0; k < 20; k++) chars.splice(rand(chars.length), rand(3), alphabet[rand(alphabet.length)])
      text = chars.slice(0, rand(chars.length)).join('')
    }
    const { messages, unread } = parse(text)
    for (const m of messages) explain(m, data)
    for (const u of unread) assert.ok(u.line >= 1 && typeof u.text === 'string')
    redact(text)
  }
})

test('findings: a 415 lists what it accepts, or is told it must; a 494 names the mechanisms offered', () => {
  const msg = (...lines) => parse([...lines, 'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n')).messages[0]
  const with415 = explain(msg('SIP/2.0 415 Unsupported Media Type', 'Accept: application/sdp, multipart/mixed', 'Accept-Encoding: identity'), data)
  assert.ok(with415.some((f) => f.text === 'Accept: what is accepted here is application/sdp, multipart/mixed.'))
  assert.ok(with415.some((f) => f.text === 'Accept-Encoding: what is accepted here is identity.'))
  assert.ok(!with415.some((f) => f.text.startsWith('No Accept')))
  const bare415 = explain(msg('SIP/2.0 415 Unsupported Media Type'), data)
  assert.ok(bare415.some((f) => f.text.startsWith('No Accept, Accept-Encoding or Accept-Language') && f.text.includes('§21.4.13')))
  // An Accept on another response is not a finding.
  assert.ok(!explain(msg('SIP/2.0 200 OK', 'Accept: application/sdp'), data).some((f) => f.text.startsWith('Accept')))
  const sec = explain(msg('SIP/2.0 494 Security Agreement Required', 'Security-Server: ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;spi-c=1111;spi-s=2222;port-c=5062;port-s=5064', 'Security-Server: tls;q=0.2'), data)
  const offer = sec.find((f) => f.text.startsWith('Security-Server:'))
  assert.equal(offer.text, 'Security-Server: the server offers ipsec-3gpp (q=0.1), tls (q=0.2); the client picks one, sets it up and repeats the request with it in Security-Verify (RFC 3329 §2.3).')
})
