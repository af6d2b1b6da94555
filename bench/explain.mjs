// Times the explainer on a 5 MiB trace of ngrep-framed responses, without
// the page: node bench/explain.mjs (after a build, for public/explain.json).
// Prints the median of five runs of each stage: parse (split into
// messages), explain (each message's own findings), analyse (parse, the
// dialog and offer/answer checks across the trace, the ladder), analyse
// with the first hundred messages' findings (what the worker runs before
// the page shows anything), and the findings of every message. The
// browser figures (the paste explained, the longest task of the page) are
// printed by tests/browser/explain.test.mjs.
import { parse } from '../assets/explain-parse.js'
import { explain } from '../assets/explain-findings.js'
import { analyse } from '../assets/explain-analyse.js'
import fs from 'node:fs'
const data = JSON.parse(fs.readFileSync(new URL('../public/explain.json', import.meta.url), 'utf8'))
const msg = ['U 2026/12/01 10:00:00.100000 10.0.0.5:5060 -> 198.51.100.2:5060', 'SIP/2.0 486 Busy Here', 'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;received=203.0.113.9', 'From: <sip:alice@example.com>;tag=1', 'To: <sip:bob@example.net>;tag=2', 'Call-ID: abc@10.0.0.5', 'CSeq: 1 INVITE', 'Reason: Q.850;cause=17;text="User busy";location=LN', 'Warning: 399 sbc "x"', 'Content-Length: 0', '', ''].join('\n')
let text = ''
while (text.length < 5 << 20) text += msg
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1]
const runs = { parse: [], explain: [], analyse: [], 'analyse+first 100': [], 'all items': [] }
let count = 0
for (let r = 0; r < 5; r++) {
  const t0 = performance.now()
  const { messages } = parse(text)
  const t1 = performance.now()
  for (const m of messages) explain(m, data)
  const t2 = performance.now()
  const a = analyse(text, data)
  const t3 = performance.now()
  a.items(0, 100)
  const t4 = performance.now()
  count = a.items(0, a.count).length
  const t5 = performance.now()
  runs.parse.push(t1 - t0)
  runs.explain.push(t2 - t1)
  runs.analyse.push(t3 - t2)
  runs['analyse+first 100'].push(t4 - t2)
  runs['all items'].push(t5 - t4)
}
console.log(`${(text.length / 1048576).toFixed(1)} MiB, ${count} messages, median of 5: ` +
  Object.entries(runs).map(([k, v]) => `${k} ${median(v).toFixed(0)} ms`).join(', '))
