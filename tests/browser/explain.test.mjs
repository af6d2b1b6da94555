// The explainer in headless Chromium, served with netlify.toml's real
// headers: the reading runs in a module worker that the policy allows
// (it has no worker-src, so script-src 'self' governs workers), the ladder
// links each arrow to its message and scrolls inside itself on a 375 px
// screen, and a 5 MiB paste keeps the page responding: it is held outside
// the text box (a box with 5 MiB in it makes every change of the page
// slow) and read by the worker. The big paste prints its figures (time to
// the first messages shown, the longest task of the page) for the worker
// and for the same code run in the page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import { launch, netlifyHeaders, publicDir, startServer, watch } from './lib.mjs'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

let browser, server
before(async () => {
  server = await startServer(publicDir, await netlifyHeaders())
  browser = await launch()
})
after(async () => {
  await browser?.close()
  await server?.close()
})

const call = [
  'U 2026/12/01 10:00:00.000 203.0.113.5:5060 -> 198.51.100.2:5060',
  'INVITE sip:bob@198.51.100.2 SIP/2.0',
  'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK1',
  'From: <sip:alice@example.com>;tag=a1',
  'To: <sip:bob@example.net>',
  'Call-ID: c1',
  'CSeq: 1 INVITE',
  'Content-Type: application/sdp',
  '',
  'v=0',
  'c=IN IP4 203.0.113.5',
  'm=audio 4000 RTP/SAVP 0',
  'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:xyz',
  '',
  'U 2026/12/01 10:00:00.200 198.51.100.2:5060 -> 192.0.2.7:5060',
  'INVITE sip:bob@192.0.2.7 SIP/2.0',
  'Via: SIP/2.0/UDP 198.51.100.2:5060;branch=z9hG4bK2',
  'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK1',
  'From: <sip:alice@example.com>;tag=a1',
  'To: <sip:bob@example.net>',
  'Call-ID: c1',
  'CSeq: 1 INVITE',
  '',
  'U 2026/12/01 10:00:00.400 198.51.100.2:5060 -> 203.0.113.5:5060',
  'SIP/2.0 488 Not Acceptable Here',
  'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK1',
  'From: <sip:alice@example.com>;tag=a1',
  'To: <sip:bob@example.net>;tag=b1',
  'Call-ID: c1',
  'CSeq: 1 INVITE',
  'Warning: 305 sbc.example.net "Incompatible media format"',
  ''
].join('\n')

async function open (options = {}) {
  const context = await browser.newContext(options)
  const page = await context.newPage()
  const problems = await watch(page)
  const requests = []
  page.on('request', (r) => requests.push(r.url()))
  const workers = []
  page.on('worker', (w) => workers.push(w.url()))
  const response = await page.goto(server.url + '/explain/', { waitUntil: 'load' })
  return { context, page, problems, requests, workers, response }
}

test('a trace is read in a worker under the real policy, with a ladder linked to the messages', async () => {
  const { context, page, problems, requests, workers, response } = await open({ viewport: { width: 375, height: 800 } })
  const csp = response.headers()['content-security-policy']
  assert.match(csp, /script-src 'self'/)
  assert.doesNotMatch(csp, /worker-src/, 'the test covers the fallback to script-src; change it if the policy gains worker-src')
  await page.fill('#trace', call)
  await page.click('#explain-go')
  await page.waitForSelector('.explain-count')
  assert.equal(await page.textContent('.explain-count'), '3 messages.')
  assert.equal(workers.length, 1, 'no worker started')
  assert.match(new URL(workers[0]).pathname, /^\/assets\/explain-worker\.[0-9a-f]{10}\.js$/)
  // The ladder: three hosts, three arrows, each named and linked.
  assert.deepEqual(await page.$$eval('.ladder-host', (s) => s.map((e) => e.textContent)), ['203.0.113.5:5060', '198.51.100.2:5060', '192.0.2.7:5060'])
  const arrows = await page.$$eval('.ladder-arrow', (as) => as.map((a) => [a.getAttribute('href'), a.textContent, a.className]))
  assert.deepEqual(arrows.map((a) => a.slice(0, 2)), [
    ['#msg-1', 'INVITE, from 203.0.113.5:5060 to 198.51.100.2:5060'],
    ['#msg-2', 'INVITE, from 198.51.100.2:5060 to 192.0.2.7:5060'],
    ['#msg-3', '488 Not Acceptable Here, from 198.51.100.2:5060 to 203.0.113.5:5060']
  ])
  assert.match(arrows[2][2], /ladder-left ls-1 le-3 lw-2/)
  // At 375 px the ladder scrolls inside its box; the page does not.
  const widths = await page.evaluate(() => {
    const s = document.querySelector('.ladder-scroll')
    return { inner: s.scrollWidth, box: s.clientWidth, page: document.documentElement.scrollWidth }
  })
  assert.ok(widths.inner > widths.box, `the ladder does not scroll: ${JSON.stringify(widths)}`)
  assert.ok(widths.page <= 375, `the page scrolls sideways: ${JSON.stringify(widths)}`)
  // An arrow leads to its message's explanation, which says what the 488 refused.
  await page.click('.ladder-arrow[href="#msg-3"]')
  assert.equal(new URL(page.url()).hash, '#msg-3')
  const third = await page.textContent('#msg-3')
  assert.match(third, /488 to the offer of message 1/)
  assert.match(third, /asks for SRTP: RTP\/SAVP with SDES keys \(a=crypto, RFC 4568\); an end that only does plain RTP/)
  assert.equal(await page.inputValue('#trace'), call, 'following an arrow must not replace the trace')
  // Nothing but the site's own files was asked for, and nothing carries the trace.
  for (const u of requests) {
    assert.equal(new URL(u).origin, new URL(server.url).origin, `a request left the site: ${u}`)
    assert.ok(!/198\.51|203\.0|sbc/.test(decodeURIComponent(u)), `a request carries the trace: ${u}`)
  }
  assert.deepEqual(problems, [])
  await context.close()
})

test('a text file dropped on the box is explained; a small one is put in the box', async () => {
  const { context, page, problems } = await open()
  await page.evaluate((text) => {
    const drop = new DataTransfer()
    drop.items.add(new File([text], 'trace.txt', { type: 'text/plain' }))
    document.getElementById('trace').dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }))
  }, call)
  await page.waitForSelector('.explain-count')
  assert.equal(await page.textContent('.explain-count'), '3 messages.')
  assert.equal(await page.inputValue('#trace'), call)
  assert.ok(await page.locator('#explain-held').isHidden())
  assert.deepEqual(problems, [])
  await context.close()
})

// big returns a trace of at least 5 MiB: the call above, over and over, each
// copy a call of its own.
function big () {
  const parts = []
  let size = 0
  for (let k = 0; size < 5 << 20; k++) {
    const copy = call.replaceAll('Call-ID: c1', `Call-ID: c${k}`).replaceAll('branch=z9hG4bK', `branch=z9hG4bK${k}x`)
    parts.push(copy)
    size += copy.length + 1
  }
  return parts.join('\n')
}

// paste pastes text into the box as a visitor does (a paste event with the
// text on its clipboard data), which explains it at once, and returns
// { shown: ms from the paste to the count of messages shown, longest: the
// longest task, in ms, until the first hundred messages are drawn }.
async function paste (page, text) {
  await page.evaluate((t) => {
    window.__tasks = []
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__tasks.push([e.startTime, e.duration]) }).observe({ type: 'longtask' })
    const out = document.getElementById('explain-out')
    new MutationObserver(() => {
      if (!window.__shown && out.querySelector('.explain-count')) window.__shown = performance.now()
    }).observe(out, { childList: true, subtree: true })
    const clip = new DataTransfer()
    clip.setData('text/plain', t)
    window.__start = performance.now()
    document.getElementById('trace').dispatchEvent(new ClipboardEvent('paste', { clipboardData: clip, bubbles: true, cancelable: true }))
  }, text)
  await page.waitForFunction(() => window.__shown, null, { timeout: 60000 })
  await page.waitForSelector('#msg-100', { timeout: 60000 })
  // One more frame, so that the drawing of what was shown is measured too.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))))
  return page.evaluate(() => ({
    shown: window.__shown - window.__start,
    longest: Math.max(0, ...window.__tasks.filter(([t]) => t >= window.__start).map(([, d]) => d))
  }))
}

test('a 5 MiB paste: the page keeps responding while the worker reads it', async () => {
  const text = big()
  const inWorker = await open()
  const w = await paste(inWorker.page, text)
  const count = await inWorker.page.textContent('.explain-count')
  assert.equal(inWorker.workers.length, 1)
  assert.equal(await inWorker.page.inputValue('#trace'), '', 'a big paste is held outside the box')
  assert.match(await inWorker.page.textContent('#explain-held'), /^A trace of 5\.0 MiB \(\d+ lines\) is held in this page/)
  assert.equal(await inWorker.page.locator('.explain-message').count(), 100, 'the first hundred messages are shown')
  await inWorker.page.click('.explain-more')
  await inWorker.page.waitForSelector('#msg-200')
  assert.deepEqual(inWorker.problems, [])
  await inWorker.context.close()
  // The same paste with no Worker: the code runs in the page, which blocks.
  const inPage = await browser.newContext()
  await inPage.addInitScript(() => { delete window.Worker })
  const page = await inPage.newPage()
  await page.goto(server.url + '/explain/', { waitUntil: 'load' })
  const p = await paste(page, text)
  assert.equal(await page.textContent('.explain-count'), count, 'the page and the worker read the paste alike')
  await inPage.close()
  // The Long Tasks API reports tasks of 50 ms and more: 0 means none.
  const long = (ms) => ms ? `${ms.toFixed(0)} ms` : 'none over 50 ms'
  console.log(`# explain ${(text.length / 1048576).toFixed(1)} MiB, ${count} worker: shown after ${w.shown.toFixed(0)} ms, longest task ${long(w.longest)}; in the page: shown after ${p.shown.toFixed(0)} ms, longest task ${long(p.longest)}`)
  assert.match(count, /^\d{5} messages\.$/)
  // Bounds with a wide margin (the target is 100 ms; the machine is shared):
  // the page's longest task stays well under the time the reading takes.
  assert.ok(w.longest < 400, `a task of ${w.longest.toFixed(0)} ms blocked the page`)
  assert.ok(w.longest <= p.longest / 2, `the worker's longest task (${w.longest.toFixed(0)} ms) is not much shorter than the page's own reading (${p.longest.toFixed(0)} ms)`)
})

// With a trace explained (the ladder, findings, the unread lines), the page
// has no axe violation in either scheme.
for (const scheme of ['light', 'dark']) {
  test(`an explained trace, ${scheme}: no axe violations`, async () => {
    const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true, viewport: { width: 375, height: 800 } })
    const page = await context.newPage()
    await page.goto(server.url + '/explain/', { waitUntil: 'load' })
    await page.fill('#trace', 'not SIP at all\n' + call)
    await page.click('#explain-go')
    await page.waitForSelector('.ladder-arrow')
    await page.click('.explain-unread summary')
    await page.addScriptTag({ path: axePath })
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }))
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`), [])
    await context.close()
  })
}

// Issue 14's budget: the explainer page with its scripts and styles, before
// its data, is at most 60 KiB (as published, minified).
test('the explainer page with its scripts and styles is at most 60 KiB', async () => {
  const html = await fs.readFile(path.join(publicDir, 'explain', 'index.html'), 'utf8')
  const refs = new Set([...html.matchAll(/(?:href|src)="\/(assets\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]))
  const assets = await fs.readdir(path.join(publicDir, 'assets'))
  for (const a of assets) if (/^explain-.*\.js$/.test(a)) refs.add(`assets/${a}`) // the modules it imports
  let total = Buffer.byteLength(html)
  for (const r of refs) total += (await fs.stat(path.join(publicDir, r))).size
  const data = (await fs.stat(path.join(publicDir, 'explain.json'))).size
  console.log(`# budget: /explain/ with ${refs.size} scripts and styles ${total} bytes; explain.json ${data} bytes`)
  assert.ok([...refs].some((r) => r.includes('explain-worker')), 'the worker module is counted')
  assert.ok(total <= 60 * 1024, `/explain/ weighs ${total} bytes`)
})
