// Times the explainer's reading and findings on a 5 MiB trace of ngrep-framed
// responses, without the page: node bench/explain.mjs (after a build, for
// public/explain.json).
import { parse, explain } from '../assets/explain.js'
import fs from 'node:fs'
const data = JSON.parse(fs.readFileSync(new URL('../public/explain.json', import.meta.url), 'utf8'))
const msg = ['U 2026/12/01 10:00:00.100000 10.0.0.5:5060 -> 198.51.100.2:5060', 'SIP/2.0 486 Busy Here', 'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;received=203.0.113.9', 'From: <sip:alice@example.com>;tag=1', 'To: <sip:bob@example.net>;tag=2', 'Call-ID: abc@10.0.0.5', 'CSeq: 1 INVITE', 'Reason: Q.850;cause=17;text="User busy";location=LN', 'Warning: 399 sbc "x"', 'Content-Length: 0', '', ''].join('\n')
let text = ''
while (text.length < 5 << 20) text += msg
const t0 = performance.now()
const { messages } = parse(text)
const t1 = performance.now()
let n = 0
for (const m of messages) n += explain(m, data).length
const t2 = performance.now()
console.log(`${(text.length / 1048576).toFixed(1)} MiB, ${messages.length} messages: parse ${(t1 - t0).toFixed(0)} ms, explain ${(t2 - t1).toFixed(0)} ms, ${n} findings`)
