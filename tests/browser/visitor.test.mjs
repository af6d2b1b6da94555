// What a visitor sees and does, in headless Chromium: search by keyboard,
// the theme toggle, heading copy-links, the 404 page's suggestions, every
// page without console errors, axe-core in light and dark, the site without
// JavaScript, the page-weight budget, and screenshots for a person to look at
// (test-results/screenshots/, git-ignored).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import { launch, netlifyHeaders, publicDir, root, startServer, watch } from './lib.mjs'

const require = createRequire(import.meta.url)
const axePath = require.resolve('axe-core/axe.min.js')
const shots = path.join(root, 'test-results', 'screenshots')

let browser, server
const codes = JSON.parse(await fs.readFile(path.join(publicDir, 'api', 'codes.json'), 'utf8'))

before(async () => {
  server = await startServer(publicDir, await netlifyHeaders())
  browser = await launch()
  await fs.mkdir(shots, { recursive: true })
})
after(async () => {
  await browser?.close()
  await server?.close()
})

async function open (urlPath, options = {}) {
  const context = await browser.newContext(options)
  const page = await context.newPage()
  const problems = await watch(page)
  const response = await page.goto(server.url + urlPath, { waitUntil: 'load' })
  return { context, page, problems, response }
}

// optionCodes returns the code (or text) of each option shown.
const optionCodes = (page) => page.$$eval('#search-results [role="option"] .search-code', (els) => els.map((e) => e.textContent))

async function search (page, text) {
  await page.fill('#search-input', '')
  await page.type('#search-input', text)
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status').textContent
    return s !== ''
  })
}

describe('search', () => {
  test('the index loads on first use, not with the page', async () => {
    const { context, page } = await open('/486/')
    const requests = []
    page.on('request', (r) => requests.push(new URL(r.url()).pathname))
    await page.waitForTimeout(200)
    assert.ok(!requests.includes('/search.json'), 'search.json was fetched before any use')
    // Wait from before the key press: the response can come back before a
    // wait started after it would begin to listen.
    const loaded = page.waitForResponse((r) => r.url().endsWith('/search.json'))
    await page.keyboard.press('/')
    await loaded
    await context.close()
  })

  test('"/" and Ctrl-K focus the box from anywhere', async () => {
    const { context, page } = await open('/4xx/')
    await page.keyboard.press('/')
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input')
    assert.equal(await page.inputValue('#search-input'), '', 'the "/" was typed into the box')
    await page.locator('h1').click()
    await page.keyboard.press('Control+k')
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input')
    await context.close()
  })

  test('ranking: exact code, code prefix, phrase words, Q.850 causes', async () => {
    const { context, page, problems } = await open('/')
    await page.keyboard.press('/')
    await search(page, '486')
    assert.equal((await optionCodes(page))[0], '486')
    await search(page, '48')
    const prefix = await optionCodes(page)
    const want48 = codes.map((c) => String(c.code)).filter((c) => c.startsWith('48'))
    assert.deepEqual(prefix.slice(0, want48.length), want48)
    await search(page, 'busy')
    assert.deepEqual((await optionCodes(page)).slice(0, 2), ['486', '600'])
    await search(page, '  BUSY   here ')
    assert.equal((await optionCodes(page))[0], '486')
    for (const q of ['cause 17', 'q850 17', 'Q.850 17']) {
      await search(page, q)
      const got = await optionCodes(page)
      assert.equal(got[0], 'cause 17', `${q}: the cause page first, got ${got}`)
      assert.ok(got.includes('486') && got.includes('600'), `${q}: ${got}`)
      assert.ok(got.slice(1).every((c) => codes.find((x) => String(x.code) === c)?.q850_from?.includes(17) ||
        codes.find((x) => String(x.code) === c)?.q850 === 17), `${q}: ${got}`)
    }
    await search(page, 'Internal Server Error') // an alias of 500
    assert.equal((await optionCodes(page))[0], '500')
    await search(page, 'xyzzy')
    assert.match(await page.textContent('#search-status'), /No code or page matches “xyzzy”/)
    assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'false')
    assert.deepEqual(problems, [])
    await context.close()
  })

  // "the carrier says cause 34", "the CDR says USER_BUSY": a cause, by
  // number, Q.850 name or any platform's name for it, lands on its page,
  // with the SIP codes it maps to after it.
  test('causes: by number, name and platform names, case and underscores ignored', async () => {
    const { context, page, problems } = await open('/')
    await page.keyboard.press('/')
    const first = async (q) => { await search(page, q); return (await optionCodes(page))[0] }
    const firstURL = async (q) => { await search(page, q); return page.getAttribute('#search-results [role="option"]', 'href') }
    await search(page, 'cause 34')
    const got34 = await optionCodes(page)
    assert.equal(got34[0], 'cause 34')
    assert.ok(got34.includes('503'), `cause 34: the SIP code it maps to, 503, is among ${got34}`)
    assert.equal(await first('q850 34'), 'cause 34')
    assert.equal(await first('34'), 'cause 34')
    await search(page, '100')
    assert.deepEqual((await optionCodes(page)).slice(0, 2), ['100', 'cause 100'], 'a number is the code first, the cause second')
    for (const [q, cause] of [['user busy', 17], ['USER_BUSY', 17], ['user_busy', 17], ['NORMAL_CLEARING', 16],
      ['AST_CAUSE_CONGESTION', 34], ['NORMAL_TEMPORARY_FAILURE', 41], ['SWITCH_CAUSE_CALL_REJECTED', 21], ['0xA2', 34]]) {
      assert.equal(await firstURL(q), `/cause/${cause}/`, q)
    }
    // What people paste: a status line, a Reason header.
    for (const [q, want] of [['SIP/2.0 488 Not Acceptable Here', '488'], ['503 Service Unavailable', '503'], ['486 busy', '486'],
      ['Q.850;cause=17', 'cause 17'], ['Reason: Q.850;cause=17;text="User busy"', 'cause 17'], ['Reason: SIP;cause=480', '480']]) {
      assert.equal(await first(q), want, q)
    }
    // What no registry lists: under its number, and as traces show it.
    for (const [q, want] of [['478', '/wild/478/'], ['SIP/2.0 478 Unresolvable destination (478/SL)', '/wild/478/'],
      ['500 Service Unavailable', '/wild/500-service-unavailable/'], ['Reason: SIP;cause=804', '/wild/freeswitch-reason-sip-8xx/']]) {
      assert.equal(await firstURL(q), want, q)
    }
    // A Warning header, host and text included, lands on its warn-code.
    assert.equal(await firstURL('Warning: 399 sbc.example.net "Incompatible SDP"'), '/warning/#w399')
    assert.equal(await firstURL('warning: 305'), '/warning/#w305')
    assert.equal(await firstURL('Reason: preemption ;cause=1 ;text="UA Preemption"'), '/reason/')
    await search(page, '0xA2')
    await page.click('#search-results [role="option"]')
    await page.waitForURL(/\/cause\/34\/$/)
    assert.match(await page.textContent('h1'), /Cause 34\s+No circuit\/channel available/)
    assert.deepEqual(problems, [])
    await context.close()
  })

  // Paste a trace, read it explained: in the browser, with links to the
  // pages, and no request but the page's own data.
  test('explain: a pasted trace is read in the page, with links, and sent nowhere', async () => {
    const { context, page, problems } = await open('/explain/')
    const requests = []
    page.on('request', (r) => requests.push(r.url()))
    const trace = [
      '<--- Received SIP response (400 bytes) from UDP:198.51.100.2:5060 --->',
      'SIP/2.0 486 Busy Here',
      'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;received=203.0.113.9',
      'Reason: Q.850;cause=17;text="User busy";location=LN',
      'Warning: 399 sbc.example.net "Incompatible SDP"',
      '',
      'SIP/2.0 478 Unresolvable destination (478/SL)',
      'this line is not SIP'
    ].join('\n')
    await page.fill('#trace', trace)
    await page.click('#explain-go')
    await page.waitForSelector('.explain-message')
    assert.match(await page.textContent('.explain-count'), /^2 messages, 1 line not read\.$/)
    const links = await page.$$eval('.explain-findings a', (as) => as.map((a) => a.getAttribute('href')))
    for (const want of ['/486/', '/cause/17/', '/warning/#w399', '/wild/478/']) assert.ok(links.includes(want), `${want} among ${links}`)
    assert.match(await page.textContent('.explain-unread pre'), /^8: this line is not SIP$/)
    assert.ok(requests.some((u) => new URL(u).pathname === '/explain.json'), `the explainer's data was fetched: ${requests}`)
    for (const u of requests) {
      assert.equal(new URL(u).origin, new URL(server.url).origin, `a request left the site: ${u}`)
      assert.ok(!/198\.51|203\.0|cause|sbc/.test(decodeURIComponent(u)), `a request carries the trace: ${u}`)
    }
    // Masking keeps the structure, hides the addresses.
    await page.click('#explain-redact')
    assert.ok(!(await page.inputValue('#trace')).includes('198.51.100.2'))
    // A link carries a trace in its fragment, which no request contains.
    await page.goto(`${server.url}/explain/#${encodeURIComponent('SIP/2.0 503 Service Unavailable')}`)
    await page.waitForSelector('.explain-findings a')
    assert.equal(await page.getAttribute('.explain-findings a', 'href'), '/503/')
    // From any page, Enter on a search nothing matches opens the explainer.
    await page.goto(`${server.url}/4xx/`)
    await page.keyboard.press('/')
    await search(page, 'Via: SIP/2.0/UDP zz.example;branch=z9hG4bKq')
    assert.match(await page.textContent('#search-status'), /press Enter to explain it/)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/explain\/#Via/)
    await page.waitForSelector('.explain-count')
    assert.match(await page.textContent('.explain-count'), /^0 messages, 1 line not read\.$/)
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('combobox: arrows move the active option, Escape closes, Enter opens', async () => {
    const { context, page } = await open('/')
    const input = page.locator('#search-input')
    assert.equal(await input.getAttribute('role'), 'combobox')
    assert.equal(await input.getAttribute('aria-controls'), 'search-results')
    assert.equal(await page.getAttribute('#search-results', 'role'), 'listbox')
    await page.keyboard.press('/')
    await search(page, 'busy')
    assert.equal(await input.getAttribute('aria-expanded'), 'true')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    const active = await input.getAttribute('aria-activedescendant')
    assert.equal(await page.getAttribute(`#${active}`, 'aria-selected'), 'true')
    assert.equal(await page.textContent(`#${active} .search-code`), '600')
    await page.keyboard.press('ArrowUp')
    assert.equal(await page.textContent(`#${await input.getAttribute('aria-activedescendant')} .search-code`), '486')
    await page.keyboard.press('Escape')
    assert.equal(await input.getAttribute('aria-expanded'), 'false')
    assert.ok(await page.locator('#search-results').isHidden())
    await page.keyboard.press('ArrowDown') // reopens on the first option
    await page.keyboard.press('ArrowDown')
    await Promise.all([page.waitForURL('**/600/'), page.keyboard.press('Enter')])
    await context.close()
  })

  test('a full code and Enter go straight to its page', async () => {
    const { context, page } = await open('/about/')
    await page.keyboard.press('/')
    await search(page, '503')
    await Promise.all([page.waitForURL('**/503/'), page.keyboard.press('Enter')])
    assert.equal(new URL(page.url()).pathname, '/503/')
    await context.close()
  })

  test('index text is inserted as text, never as HTML', async () => {
    const context = await browser.newContext()
    await context.route('**/search.json', (route) => route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify([{ code: 499, reason: '<img src=x id=injected>', summary: 's', class: '4xx', url: '/499/' }])
    }))
    const page = await context.newPage()
    await page.goto(server.url + '/', { waitUntil: 'load' })
    await page.keyboard.press('/')
    await search(page, '499')
    assert.match(await page.textContent('#search-status'), /^1 result/)
    assert.equal(await page.textContent('#search-results .search-reason'), '<img src=x id=injected>')
    assert.equal(await page.$('#injected'), null)
    await context.close()
  })
})

describe('pages', () => {
  test('every page loads with no console error, failed request or CSP violation', async () => {
    const files = (await fs.readdir(publicDir, { recursive: true })).filter((f) => f.endsWith('index.html'))
    assert.ok(files.length > 80, `only ${files.length} pages`)
    const context = await browser.newContext()
    for (const f of files.sort()) {
      const page = await context.newPage()
      const problems = await watch(page)
      const res = await page.goto(`${server.url}/${f.replace(/index\.html$/, '')}`, { waitUntil: 'load' })
      assert.equal(res.status(), 200, f)
      assert.deepEqual(problems, [], f)
      await page.close()
    }
    await context.close()
  })

  test('the theme toggle switches and is remembered', async () => {
    const { context, page } = await open('/486/', { colorScheme: 'light' })
    const toggle = page.locator('#theme-toggle')
    assert.equal((await toggle.textContent()).trim(), 'Theme: follow the system (now light)')
    await toggle.click()
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark')
    assert.equal((await toggle.textContent()).trim(), 'Theme: dark')
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    assert.equal(await bg(), 'rgb(13, 17, 23)')
    await page.reload()
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark')
    assert.equal(await bg(), 'rgb(13, 17, 23)')
    await context.close()
  })

  test('a heading link copies the section URL', async () => {
    const { context, page } = await open('/486/', { permissions: ['clipboard-read', 'clipboard-write'] })
    await page.hover('#how-to-fix')
    await page.click('#how-to-fix .heading-link')
    await page.waitForFunction(() => document.querySelector('#how-to-fix .heading-link').dataset.copied === 'true')
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${server.url}/486/#how-to-fix`)
    assert.equal(new URL(page.url()).hash, '#how-to-fix')
    await context.close()
  })

  test('the 404 page suggests the code or class the address was after', async () => {
    const cases = {
      '/48': codes.map((c) => `/${c.code}/`).filter((u) => u.startsWith('/48')),
      '/486.html': ['/486/'],
      '/codes/4xx-stuff': ['/4xx/'],
      '/sip/603': ['/603/'],
      // A malformed escape must not stop the script (reliability review F14).
      '/48%FF': codes.map((c) => `/${c.code}/`).filter((u) => u.startsWith('/48'))
    }
    for (const [urlPath, want] of Object.entries(cases)) {
      const { context, page, response, problems } = await open(urlPath)
      assert.equal(response.status(), 404)
      await page.waitForSelector('#suggestions:not([hidden])')
      const got = await page.$$eval('#suggestion-list a', (as) => as.map((a) => new URL(a.href).pathname))
      assert.deepEqual(got, want, urlPath)
      assert.deepEqual(problems.filter((p) => p.startsWith('exception')), [], urlPath)
      await context.close()
    }
  })

  test('at 320 px wide nothing scrolls sideways', async () => {
    for (const urlPath of ['/', '/486/', '/4xx/', '/about/']) {
      const { context, page } = await open(urlPath, { viewport: { width: 320, height: 640 } })
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 320, `${urlPath} is ${width} px wide`)
      await context.close()
    }
  })

  test('without JavaScript the home page links every code, and search is hidden', async () => {
    const { context, page } = await open('/', { javaScriptEnabled: false })
    const links = new Set(await page.$$eval('main a', (as) => as.map((a) => new URL(a.href).pathname)))
    for (const c of codes) assert.ok(links.has(`/${c.code}/`), `home does not link /${c.code}/`)
    assert.ok(await page.locator('#search').isHidden())
    assert.ok(await page.locator('#theme-toggle').isHidden())
    await context.close()
  })
})

const axePages = { home: '/', class: '/4xx/', code: '/486/', obsolete: '/409/', plain: '/about/', cause: '/cause/34/', causes: '/cause/', nonstandard: '/cause/52/', wild: '/wild/478/', wilds: '/wild/', warnings: '/warning/', reason: '/reason/', explain: '/explain/', 404: '/no-such-page/' }

describe('accessibility (axe-core)', () => {
  for (const scheme of ['light', 'dark']) {
    for (const [kind, urlPath] of Object.entries(axePages)) {
      test(`${kind} page, ${scheme}: no violations`, async () => {
        // The policy forbids injected scripts; axe is the test's, not the site's.
        const { context, page } = await open(urlPath, { colorScheme: scheme, bypassCSP: true })
        await page.addScriptTag({ path: axePath })
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }))
        const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)
        assert.deepEqual(summary, [])
        await page.screenshot({ path: path.join(shots, `${kind}-${scheme}.png`), fullPage: true })
        await context.close()
      })
    }
  }
})

describe('budget', () => {
  // 44 KiB since issue 16 (was 40): the table of contents, the theme icons,
  // the copy button and the search summaries cost about 4 KiB raw, 1.3 KiB gzipped.
  test('a code page with its CSS and JS is at most 44 KiB; search.json at most 60 KiB', async () => {
    const size = async (rel) => (await fs.stat(path.join(publicDir, rel))).size
    let worst = { total: 0 }
    for (const c of codes) {
      const html = await fs.readFile(path.join(publicDir, String(c.code), 'index.html'), 'utf8')
      const refs = [...html.matchAll(/<(?:link rel="stylesheet" href|script src)="\/([^"]+)"/g)].map((m) => m[1])
      assert.ok(refs.some((r) => r.endsWith('.css')) && refs.some((r) => r.endsWith('.js')), `${c.code}: no CSS or JS found`)
      let total = Buffer.byteLength(html)
      for (const r of refs) total += await size(r)
      if (total > worst.total) worst = { code: c.code, total, html: Buffer.byteLength(html) }
    }
    const index = await size('search.json')
    console.log(`# budget: heaviest code page /${worst.code}/ ${worst.total} bytes (HTML ${worst.html}); search.json ${index} bytes`)
    assert.ok(worst.total <= 44 * 1024, `/${worst.code}/ weighs ${worst.total} bytes`)
    assert.ok(index <= 60 * 1024, `search.json weighs ${index} bytes`)
  })
})
