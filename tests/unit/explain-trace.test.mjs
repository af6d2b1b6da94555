// The explainer on whole traces, under Node: the framings of Kamailio's
// sipdump, tshark's follow-stream and -V text, Asterisk's log file; what
// only a trace shows (retransmissions and timers, CSeq, 481, a lost ACK);
// offer against answer; the ladder. The fixtures are written here, in the
// shape the cited sources print.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parse, ms } from '../../assets/explain-parse.js'
import { dialog } from '../../assets/explain-dialog.js'
import { offerAnswer, describe } from '../../assets/explain-sdp.js'
import { ladder } from '../../assets/explain-ladder.js'
import { analyse } from '../../assets/explain-analyse.js'

const sdp = (proto, pts, extra = []) => ['v=0', 'o=- 1 1 IN IP4 203.0.113.5', 's=-', 'c=IN IP4 203.0.113.5', 't=0 0', `m=audio 4000 ${proto} ${pts}`, ...extra]
const req = (method, { seq = 1, branch = 'z9hG4bK1', toTag = '', callId = 'c1', body = [] } = {}) => [
  `${method} sip:bob@198.51.100.2 SIP/2.0`,
  `Via: SIP/2.0/UDP 203.0.113.5:5060;branch=${branch}`,
  'From: <sip:alice@example.com>;tag=a1',
  `To: <sip:bob@example.net>${toTag ? `;tag=${toTag}` : ''}`,
  `Call-ID: ${callId}`,
  `CSeq: ${seq} ${method}`,
  ...(body.length ? ['Content-Type: application/sdp'] : []),
  '', ...body
]
const resp = (code, reason, method, { seq = 1, branch = 'z9hG4bK1', toTag = 'b1', callId = 'c1', body = [] } = {}) => [
  `SIP/2.0 ${code} ${reason}`,
  `Via: SIP/2.0/UDP 203.0.113.5:5060;branch=${branch}`,
  'From: <sip:alice@example.com>;tag=a1',
  `To: <sip:bob@example.net>;tag=${toTag}`,
  `Call-ID: ${callId}`,
  `CSeq: ${seq} ${method}`,
  ...(body.length ? ['Content-Type: application/sdp'] : []),
  '', ...body
]

// Kamailio sipdump (src/modules/sipdump/sipdump_write.c, sipdump_data_print).
const sipdump = (tag, time, src, dst, lines) => ['====================', `tag: ${tag}`, 'pid: 4242', 'process: 7', `time: ${time}`,
  'date: Tue Dec  1 10:00:00 2026', 'proto: udp ipv4', `srcip: ${src[0]}`, `srcport: ${src[1]}`, `dstip: ${dst[0]}`, `dstport: ${dst[1]}`,
  '~~~~~~~~~~~~~~~~~~~~', ...lines, '||||||||||||||||||||']

test('reads Kamailio sipdump text: addresses, Unix time, and "key: value" lines that are not headers', () => {
  const text = [
    ...sipdump('rcv', '1764583200.100000', ['203.0.113.5', 5060], ['198.51.100.2', 5060], req('INVITE')),
    ...sipdump('snd', '1764583200.350000', ['198.51.100.2', 5060], ['203.0.113.5', 5060], resp(486, 'Busy Here', 'INVITE'))
  ].join('\r\n')
  const { messages, unread } = parse(text)
  assert.deepEqual(unread, [])
  assert.equal(messages.length, 2)
  assert.equal(messages[0].method, 'INVITE')
  assert.equal(messages[0].from, '203.0.113.5:5060')
  assert.equal(messages[1].to, '203.0.113.5:5060')
  assert.equal(messages[1].ms - messages[0].ms, 250)
  assert.ok(!messages[0].headers.some((h) => h.name === 'tag' || h.name === 'srcip'), 'sipdump facts read as headers')
})

test('reads tshark -z follow,udp,ascii: node 1 chunks are marked by a tab', () => {
  const inv = req('OPTIONS')
  const ok = resp(200, 'OK', 'OPTIONS')
  const text = ['', '===================================================================', 'Follow: udp,ascii',
    'Filter: ((ip.src eq 203.0.113.5 and udp.srcport eq 5060) and (ip.dst eq 198.51.100.2 and udp.dstport eq 5060)) or ((ip.src eq 198.51.100.2 and udp.srcport eq 5060) and (ip.dst eq 203.0.113.5 and udp.dstport eq 5060))',
    'Node 0: 203.0.113.5:5060', 'Node 1: 198.51.100.2:5060', '312', ...inv, '\t290', ...ok, '===================================================================', '', '42'].join('\n')
  const { messages, unread } = parse(text)
  assert.deepEqual(unread, [{ line: 25, text: '42' }], 'after the dump, a number is no chunk count')
  assert.deepEqual(messages.map((m) => [m.start, m.from, m.to]), [
    ['OPTIONS sip:bob@198.51.100.2 SIP/2.0', '203.0.113.5:5060', '198.51.100.2:5060'],
    ['SIP/2.0 200 OK', '198.51.100.2:5060', '203.0.113.5:5060']
  ])
})

test('reads tshark -V and Wireshark\'s text export: start line, headers two levels down, SDP from its decoded lines, addresses and epoch time', () => {
  const text = [
    'No.     Time           Source                Destination           Protocol Length Info',
    '      1 0.000000       203.0.113.5           198.51.100.2          SIP/SDP  812    Request: INVITE sip:bob@198.51.100.2 |',
    '',
    'Frame 1: 812 bytes on wire (6496 bits), 812 bytes captured (6496 bits) on interface eth0, id 0',
    '    Arrival Time: Dec  1, 2026 10:00:00.100000000 UTC',
    '    Epoch Arrival Time: 1764583200.100000000 seconds',
    'Ethernet II, Src: 52:54:00:12:34:56, Dst: 52:54:00:65:43:21',
    'Internet Protocol Version 4, Src: 203.0.113.5, Dst: 198.51.100.2',
    '    Time to Live: 64',
    'User Datagram Protocol, Src Port: 5060, Dst Port: 5060',
    'Session Initiation Protocol (INVITE)',
    '    Request-Line: INVITE sip:bob@198.51.100.2 SIP/2.0',
    '        Method: INVITE',
    '        Request-URI: sip:bob@198.51.100.2',
    '    Message Header',
    '        Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK1',
    '            Transport: UDP',
    '        Call-ID: c1',
    '        CSeq: 1 INVITE',
    '            Sequence Number: 1',
    '    Message Body',
    '        Session Description Protocol',
    '            Session Description Protocol Version (v): 0',
    '            Connection Information (c): IN IP4 0.0.0.0',
    '            Media Description, name and address (m): audio 4000 RTP/AVP 0',
    '                Media Type: audio',
    '            Media Attribute (a): rtpmap:0 PCMU/8000',
    '',
    'Frame 2: 420 bytes on wire (3360 bits), 420 bytes captured (3360 bits)',
    '    Epoch Time: 1764583232.100000000 seconds',
    'Internet Protocol Version 4, Src: 198.51.100.2, Dst: 203.0.113.5',
    'User Datagram Protocol, Src Port: 5060, Dst Port: 5060',
    'Session Initiation Protocol (408)',
    '    Status-Line: SIP/2.0 408 Request Timeout',
    '    Message Header',
    '        Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK1',
    '        Call-ID: c1',
    '        CSeq: 1 INVITE',
    '',
    'after the capture, a line of my own'
  ].join('\n')
  const { messages, unread } = parse(text)
  assert.deepEqual(unread, [{ line: 40, text: 'after the capture, a line of my own' }])
  assert.equal(messages.length, 2)
  const [inv, to] = messages
  assert.equal(inv.method, 'INVITE')
  assert.deepEqual(inv.headers.map((h) => h.name), ['Via', 'Call-ID', 'CSeq'])
  assert.equal(inv.body, 'v=0\nc=IN IP4 0.0.0.0\nm=audio 4000 RTP/AVP 0\na=rtpmap:0 PCMU/8000')
  assert.equal(inv.from, '203.0.113.5:5060')
  assert.equal(to.code, 408)
  assert.equal(to.ms - inv.ms, 32000)
  assert.ok(dialog(messages).get(1).some((f) => /Timer B \(64·T1 = 32 s, RFC 3261 §17\.1\.1\.2\)/.test(f.text)), 'the 408 after 32 s is Timer B')
})

test("reads Asterisk's log file lines around pjsip logger output", () => {
  const text = ['[2026-12-01 10:00:00.100] VERBOSE[1234][C-00000001] res_pjsip_logger.c: <--- Transmitting SIP request (520 bytes) to UDP:198.51.100.2:5060 --->', ...req('INVITE')].join('\n')
  const { messages, unread } = parse(text)
  assert.deepEqual(unread, [])
  assert.equal(messages[0].to, '198.51.100.2:5060')
  assert.equal(messages[0].from, 'local')
  assert.equal(messages[0].ms, ms('2026-12-01 10:00:00.100'))
})

// ngrep framing with times, for the timing checks.
const at = (t, lines, from = '203.0.113.5:5060', to = '198.51.100.2:5060') => [`U 2026/12/01 10:00:${t} ${from} -> ${to}`, ...lines]
const back = (t, lines) => at(t, lines, '198.51.100.2:5060', '203.0.113.5:5060')

test('retransmissions: same branch, intervals compared with Timer A; a later 408 is Timer B', () => {
  const text = [...at('00.000', req('INVITE')), ...at('00.500', req('INVITE')), ...at('01.500', req('INVITE')), ...back('32.000', resp(408, 'Request Timeout', 'INVITE'))].join('\n')
  const { messages } = parse(text)
  const d = dialog(messages)
  assert.match(d.get(1)[0].text, /^Retransmission 1 of this INVITE \(first sent as message 1\), same branch, 0\.5 s after the copy before; over UDP Timer A expects 0\.5 s/)
  assert.match(d.get(2)[0].text, /Retransmission 2 .* 1\.0 s after the copy before; over UDP Timer A expects 1\.0 s .*not answering/)
  assert.match(d.get(3)[0].text, /^408 32 s after the request: Timer B/)
  assert.equal(d.has(0), false, 'the first copy is no retransmission')
})

test('a final response after Timer B, with no 1xx before it, is likely ignored; with a 1xx it is not', () => {
  const late = [...at('00.000', req('INVITE')), ...back('40.000', resp(486, 'Busy Here', 'INVITE'))].join('\n')
  assert.match(dialog(parse(late).messages).get(1)[0].text, /^This final response came 40 s after the request, with no provisional response before it: Timer B/)
  const rang = [...at('00.000', req('INVITE')), ...back('00.100', resp(180, 'Ringing', 'INVITE')), ...back('40.000', resp(486, 'Busy Here', 'INVITE'))].join('\n')
  assert.equal(dialog(parse(rang).messages).size, 0)
})

test("a 408 after 30 s, or 120 s after a 1xx, is Kamailio's fr_timer or fr_inv_timer", () => {
  const fr = [...at('00.000', req('INVITE')), ...back('30.000', resp(408, 'Request Timeout', 'INVITE'))].join('\n')
  assert.match(dialog(parse(fr).messages).get(1)[0].text, /^408 30 s after the request: the default fr_timer \(30 s, no reply at all\)/)
  const inv = ['U 2026/12/01 10:00:00.000 203.0.113.5:5060 -> 198.51.100.2:5060', ...req('INVITE'), ...back('00.100', resp(180, 'Ringing', 'INVITE')),
    'U 2026/12/01 10:02:00.000 198.51.100.2:5060 -> 203.0.113.5:5060', ...resp(408, 'Request Timeout', 'INVITE')].join('\n')
  assert.match(dialog(parse(inv).messages).get(2)[0].text, /^408 120 s after the request: the default fr_inv_timer \(120 s, no final reply after a 1xx\)/)
})

test('a non-INVITE retransmission is held to Timer E, capped at T2', () => {
  const text = [0, 0.5, 1.5, 3.5, 7.5, 11.5].map((s, k) => at(String(s.toFixed(3)).padStart(6, '0'), req('OPTIONS'))).flat().join('\n')
  const d = dialog(parse(text).messages)
  assert.match(d.get(5)[0].text, /4\.0 s after the copy before; over UDP Timer E expects 4\.0 s \(T1 = 500 ms, doubling up to T2 = 4 s: RFC 3261 §17\.1\.2\.2\)/)
})

test('CSeq going backwards in a dialog, and 481s: unknown Call-ID, unknown To tag, after BYE', () => {
  const text = [
    ...req('INVITE'), ...resp(200, 'OK', 'INVITE'), ...req('ACK', { branch: 'z9hG4bK2', toTag: 'b1' }),
    ...req('INFO', { seq: 5, branch: 'z9hG4bK3', toTag: 'b1' }),
    ...req('INFO', { seq: 3, branch: 'z9hG4bK4', toTag: 'b1' }),
    ...req('BYE', { seq: 6, branch: 'z9hG4bK5', toTag: 'zz' }), ...resp(481, 'Call/Transaction Does Not Exist', 'BYE', { seq: 6, branch: 'z9hG4bK5', toTag: 'zz' }),
    ...req('BYE', { seq: 1, branch: 'z9hG4bK6', toTag: 'q', callId: 'other' }), ...resp(481, 'Call/Transaction Does Not Exist', 'BYE', { seq: 1, branch: 'z9hG4bK6', toTag: 'q', callId: 'other' }),
    ...req('BYE', { seq: 7, branch: 'z9hG4bK7', toTag: 'b1' }), ...resp(200, 'OK', 'BYE', { seq: 7, branch: 'z9hG4bK7' }),
    ...req('INFO', { seq: 8, branch: 'z9hG4bK8', toTag: 'b1' }), ...resp(481, 'Call/Transaction Does Not Exist', 'INFO', { seq: 8, branch: 'z9hG4bK8' })
  ].join('\n')
  const { messages } = parse(text)
  const d = dialog(messages)
  const texts = (i) => (d.get(i) || []).map((f) => f.text).join(' | ')
  assert.match(texts(4), /^CSeq 3 is lower than the 5 this side sent in the same dialog \(message 4\): .*500 \(RFC 3261 §12\.2\.2\)/)
  assert.match(texts(6), /^481: the To tag zz matches none of the tags \(b1\)/)
  assert.match(texts(8), /^481: no earlier response in this trace set up a dialog with Call-ID other/)
  assert.match(texts(12), /^481: the dialog of Call-ID c1 was already ended by a BYE answered with 2xx \(message 11\)/)
  assert.equal(texts(3), '', 'a higher CSeq is fine')
})

test('a 2xx with no ACK, then a BYE 32 s later, is the lost-ACK fingerprint (RFC 3261 §13.3.1.4)', () => {
  const text = [...at('00.000', req('INVITE')), ...back('01.000', resp(200, 'OK', 'INVITE')), ...back('01.500', resp(200, 'OK', 'INVITE')),
    ...back('33.000', ['BYE sip:alice@203.0.113.5 SIP/2.0', 'Via: SIP/2.0/UDP 198.51.100.2:5060;branch=z9hG4bK9', 'From: <sip:bob@example.net>;tag=b1', 'To: <sip:alice@example.com>;tag=a1', 'Call-ID: c1', 'CSeq: 1 BYE', ''])].join('\n')
  const d = dialog(parse(text).messages)
  assert.match(d.get(3)[0].text, /^BYE 32 s after a 2xx that no ACK in this trace answered/)
  const acked = [...at('00.000', req('INVITE')), ...back('01.000', resp(200, 'OK', 'INVITE')), ...at('01.100', req('ACK', { branch: 'z9hG4bK2', toTag: 'b1' }))].join('\n')
  assert.equal(dialog(parse(acked).messages).size, 0, 'an acknowledged 2xx raises nothing')
})

test('offer and answer: codecs in common, profile and key mismatch, a rejected stream', () => {
  const offer = sdp('RTP/SAVP', '0 8 101', ['a=rtpmap:101 telephone-event/8000', 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:xyz'])
  const answer = sdp('RTP/AVP', '8 101', ['a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000'])
  const text = [...req('INVITE', { body: offer }), ...resp(200, 'OK', 'INVITE', { body: answer })].join('\n')
  const found = offerAnswer(parse(text).messages).get(1).map((f) => f.text)
  assert.deepEqual(found, [
    'Answer to message 1: audio: offered as RTP/SAVP but answered as RTP/AVP; the two ends disagree on SRTP.',
    'Answer to message 1: audio: codecs in common: PCMA.',
    'Answer to message 1: audio: the offer carries SDES keys (a=crypto, RFC 4568), the answer no keys.'
  ])
  const none = [...req('INVITE', { body: sdp('RTP/AVP', '18') }), ...resp(183, 'Session Progress', 'INVITE', { body: sdp('RTP/AVP', '0') })].join('\n')
  assert.match(offerAnswer(parse(none).messages).get(1)[0].text, /no codec in common between offer \(G729\) and answer \(PCMU\).*RFC 3264 §6\.1/)
  const rejected = [...req('INVITE', { body: sdp('RTP/AVP', '0') }), ...resp(200, 'OK', 'INVITE', { body: ['v=0', 'm=audio 0 RTP/AVP 0'] })].join('\n')
  assert.match(offerAnswer(parse(rejected).messages).get(1)[0].text, /rejects the audio stream \(port 0, RFC 3264 §6\)/)
})

test('a 488 to a DTLS-SRTP or SDES offer says what was refused', () => {
  const dtls = sdp('UDP/TLS/RTP/SAVPF', '111', ['a=rtpmap:111 opus/48000/2', 'a=fingerprint:sha-256 AB:CD', 'a=setup:actpass'])
  const text = [...req('INVITE', { body: dtls }), ...resp(488, 'Not Acceptable Here', 'INVITE')].join('\n')
  const found = offerAnswer(parse(text).messages).get(1).map((f) => f.text)
  assert.match(found[0], /^488 to the offer of message 1: .*RFC 3261 §13\.3\.1\.3/)
  assert.match(found[1], /DTLS-SRTP \(UDP\/TLS\/RTP\/SAVPF, RFC 5764\).*Codecs offered: OPUS\./)
  assert.deepEqual(describe(dtls.join('\n')).map((s) => [s.proto, s.fingerprint, s.crypto]), [['UDP/TLS/RTP/SAVPF', true, false]])
})

test('ladder: hosts from the framing, or from Via and Request-URI for raw SIP', () => {
  const framed = parse([...at('00.000', req('INVITE')), ...back('00.250', resp(180, 'Ringing', 'INVITE'))].join('\n')).messages
  assert.deepEqual(ladder(framed), {
    hosts: ['203.0.113.5:5060', '198.51.100.2:5060'],
    rows: [{ i: 0, from: 0, to: 1, label: 'INVITE', time: 0 }, { i: 1, from: 1, to: 0, label: '180 Ringing', time: 0.25 }]
  })
  const raw = ladder(parse([...req('INVITE'), ...resp(486, 'Busy Here', 'INVITE')].join('\n')).messages)
  assert.deepEqual(raw.hosts, ['203.0.113.5:5060', '198.51.100.2'])
  assert.deepEqual(raw.rows.map((r) => [r.from, r.to]), [[0, 1], [1, 0]])
  const many = Array.from({ length: 12 }, (_, k) => at('00.000', req('OPTIONS', { branch: `b${k}` }), '203.0.113.5:5060', `198.51.100.${k}:5060`)).flat().join('\n')
  const wide = ladder(parse(many).messages)
  assert.equal(wide.hosts.length, 8)
  assert.equal(wide.hosts[7], 'others')
  assert.ok(wide.rows.every((r) => r.to <= 7))
})

test('analyse puts each message\'s findings and the trace\'s together', () => {
  const text = [...at('00.000', req('INVITE', { body: sdp('RTP/AVP', '0') })), ...back('00.100', resp(488, 'Not Acceptable Here', 'INVITE'))].join('\n')
  const data = { codes: { 488: { reason: 'Not Acceptable Here', summary: 'Media refused.', url: '/488/' } }, causes: {}, locations: {}, warn: {}, wild: [], pages: {} }
  const r = analyse(text, data)
  assert.equal(r.count, 2)
  const items = r.items(0, r.count)
  assert.equal(items[1].findings[0].url, '/488/')
  assert.ok(items[1].findings.some((f) => f.kind === 'sdp' && f.text.startsWith('488 to the offer of message 1')))
  assert.equal(items[0].where, '2026/12/01 10:00:00.000 from 203.0.113.5:5060 to 198.51.100.2:5060')
  assert.deepEqual(r.items(1, 5), [items[1]], 'a slice past the end stops at the last message')
  assert.equal(r.ladder.rows.length, 2)
})

// Random cuts and mutations of every framing above never make analyse
// throw, and every line it reports as unread is a line of the input.
test('analyse never throws on mutated traces of every framing', () => {
  const fixtures = [
    sipdump('rcv', '1764583200.100000', ['203.0.113.5', 5060], ['198.51.100.2', 5060], req('INVITE', { body: sdp('RTP/SAVP', '0 8', ['a=crypto:1 x']) })).join('\n'),
    ['===================================================================', 'Follow: udp,ascii', 'Node 0: 203.0.113.5:5060', 'Node 1: 198.51.100.2:5060', '300', ...req('BYE', { toTag: 'b1' }), '\t200', ...resp(481, 'Call/Transaction Does Not Exist', 'BYE')].join('\n'),
    ['Frame 1: 1 bytes on wire', 'Session Initiation Protocol (200)', '    Status-Line: SIP/2.0 200 OK', '    Message Header', '        CSeq: 1 INVITE', '    Message Body', '            Media Description, name and address (m): audio 0 RTP/AVP 0'].join('\n'),
    [...at('00.000', req('INVITE', { body: sdp('RTP/AVP', '0') })), ...at('00.500', req('INVITE')), ...back('32.000', resp(408, 'Request Timeout', 'INVITE'))].join('\n')
  ]
  const data = { codes: {}, causes: {}, locations: {}, warn: {}, wild: [], pages: {} }
  let seed = 11
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }
  const alphabet = '=~|\t\n :;0123456789SIP/2.0 INVITE<>@"m=a=v=-#U'
  for (let i = 0; i < 400; i++) {
    const chars = [...fixtures[i % fixtures.length]]
    for (let k = 0; k < 1 + rand(25); k++) chars.splice(rand(chars.length), rand(4), alphabet[rand(alphabet.length)])
    const text = chars.slice(rand(20), chars.length - rand(40)).join('')
    const lines = text.replace(/\r\n?/g, '\n').split('\n')
    const r = analyse(text, data)
    for (const u of r.unread) assert.equal(lines[u.line - 1], u.text)
    assert.equal(r.ladder.rows.length, r.count)
    assert.equal(r.items(0, r.count).length, r.count)
  }
})
