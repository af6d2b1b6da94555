// The design in headless Chromium, on a phone (375×812, touch) and a
// laptop (1280×800): the answer and the way to the fix above the fold on
// every code page, no layout shift on any kind of page, tap targets, the
// theme switch, search results and deep links, the example block and its
// copy button, line length, and screenshots of every kind of page at both
// sizes in light and dark (test-results/screenshots/design-*.png).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import path from 'node:path'
import { launch, netlifyHeaders, publicDir, root, startServer, watch } from './lib.mjs'

const shots = path.join(root, 'test-results', 'screenshots')
const codes = JSON.parse(await fs.readFile(path.join(publicDir, 'api', 'codes.json'), 'utf8'))

const phone = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
const laptop = { viewport: { width: 1280, height: 800 } }
const sizes = { 375: phone, 1280: laptop }

// One page of each kind the site has.
const kinds = {
  home: '/', class: '/4xx/', code: '/486/', causes: '/cause/', cause: '/cause/34/', wilds: '/wild/', wild: '/wild/478/',
  warnings: '/warning/', reason: '/reason/', explain: '/explain/', page: '/about/', 404: '/no-such-page/'
}

let browser, server
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
  await recordShifts(page)
  await page.goto(server.url + urlPath, { waitUntil: 'load' })
  return { context, page, problems }
}

// settled resolves once fonts are in and two frames have been painted, so
// that every layout shift the load causes has been reported.
const settled = (page) => page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) =>
  requestAnimationFrame(() => requestAnimationFrame(resolve)))))

// recordShifts starts, before any of the page runs, an observer of layout
// shifts; cls then sums them as the CLS metric does (shifts right after
// input do not count), with the nodes that moved. The entries delivered so
// far and those still queued (takeRecords) are all of them: no waiting.
const recordShifts = (page) => page.addInitScript(() => {
  window.__shifts = []
  window.__shiftObserver = new PerformanceObserver((list) => { window.__shifts.push(...list.getEntries()) })
  window.__shiftObserver.observe({ type: 'layout-shift', buffered: true })
})
const cls = (page) => page.evaluate(() => {
  const shifts = window.__shifts.concat(window.__shiftObserver.takeRecords()).filter((e) => !e.hadRecentInput)
  return {
    value: shifts.reduce((sum, e) => sum + e.value, 0),
    moved: shifts.flatMap((e) => e.sources.map((s) => s.node?.nodeName + (s.node?.id ? '#' + s.node.id : '') + (s.node?.className ? '.' + s.node.className : '')))
  }
})

// bottomOf is the bottom edge of the first element matching selector, in
// px from the top of the page, or null when it is missing or not shown.
const bottomOf = (page, selector) => page.evaluate((s) => {
  const e = document.querySelector(s)
  if (!e || !e.checkVisibility()) return null
  return Math.round(e.getBoundingClientRect().bottom + window.scrollY)
}, selector)

describe('answer first', () => {
  // On every code page, before any scrolling: the h1, the lead, whose side
  // it is, and the link to "How to fix".
  for (const [width, options] of Object.entries(sizes)) {
    test(`every code page at ${width} px shows the answer and the way to the fix above the fold`, async () => {
      const context = await browser.newContext(options)
      const page = await context.newPage()
      const fold = options.viewport.height
      const report = {}
      for (const c of codes) {
        await page.goto(`${server.url}/${c.code}/`, { waitUntil: 'load' })
        for (const s of ['h1', '.page-head .lead', '.page-head .side', '.toc a[href="#how-to-fix"]']) {
          const bottom = await bottomOf(page, s)
          assert.ok(bottom !== null, `/${c.code}/ at ${width} px: no ${s}`)
          assert.ok(bottom <= fold, `/${c.code}/ at ${width} px: ${s} ends at ${bottom} px, below the fold at ${fold} px`)
        }
        assert.match(await page.textContent('.page-head .side'), /^Whose side\s+\S/)
        // The link leads to the section.
        assert.equal(await page.$eval('.toc a[href="#how-to-fix"]', (a) => document.getElementById(a.hash.slice(1))?.textContent.trim().startsWith('How to fix')), true)
        if ([486, 488, 503].includes(c.code)) {
          report[c.code] = { link: await bottomOf(page, '.toc a[href="#how-to-fix"]'), section: await page.$eval('#how-to-fix', (h) => Math.round(h.getBoundingClientRect().top + window.scrollY)) }
        }
      }
      for (const [code, r] of Object.entries(report)) console.log(`# fold ${width}px /${code}/: "How to fix" link ends at ${r.link} px; the section starts at ${r.section} px`)
      await context.close()
    })
  }

  test('the facts do not repeat the h1 or the crumbs, and fold the references away', async () => {
    const { context, page } = await open('/503/', phone)
    const labels = await page.$$eval('.facts > dl > dt', (dts) => dts.map((d) => d.textContent))
    for (const gone of ['Code', 'Class', 'Status', 'Whose side', 'See also']) assert.ok(!labels.includes(gone), `facts still list ${gone}: ${labels}`)
    assert.ok(await page.locator('.facts details dt', { hasText: 'See also' }).isHidden(), 'the references are not folded')
    await page.click('.facts summary')
    assert.ok(await page.locator('.facts details dt', { hasText: 'See also' }).isVisible())
    await context.close()
  })

  test('on a laptop "On this page" is a side column and the body keeps 65-80 characters a line', async () => {
    const { context, page } = await open('/486/', laptop)
    const box = async (s) => page.$eval(s, (e) => e.getBoundingClientRect().toJSON())
    const toc = await box('.toc')
    const prose = await box('.prose')
    assert.ok(toc.left >= prose.right, `the toc (left ${toc.left}) is not beside the body (right ${prose.right})`)
    assert.ok(toc.top < 300, `the toc starts at ${toc.top} px`)
    // Characters a line: a paragraph's width over the mean width of its characters.
    const perLine = await page.$eval('#what-it-means ~ p', (p) => {
      const ctx = document.createElement('canvas').getContext('2d')
      ctx.font = getComputedStyle(p).font
      const text = p.textContent
      return p.getBoundingClientRect().width / (ctx.measureText(text).width / text.length)
    })
    console.log(`# line length at 1280 px: ${perLine.toFixed(0)} characters`)
    assert.ok(perLine >= 65 && perLine <= 80, `${perLine.toFixed(0)} characters a line`)
    // The side column stays in view while reading.
    await page.evaluate(() => document.getElementById('example').scrollIntoView())
    const after = await box('.toc')
    assert.ok(after.top >= 0 && after.bottom <= 800, `the toc scrolled away: ${JSON.stringify(after)}`)
    await context.close()
  })
})

describe('no layout shift', () => {
  for (const [width, options] of Object.entries(sizes)) {
    for (const [kind, urlPath] of Object.entries(kinds)) {
      test(`${kind} page at ${width} px: CLS 0 while loading`, async () => {
        const { context, page, problems } = await open(urlPath, options)
        await settled(page)
        const { value, moved } = await cls(page)
        console.log(`# CLS ${kind} ${width}px: ${value.toFixed(4)}`)
        assert.equal(value, 0, `${urlPath} at ${width} px shifted by ${value} (${moved})`)
        // The 404 page's own status is the one "failed" load it may have.
        const own404 = (p) => kind === '404' && p === 'console: Failed to load resource: the server responded with a status of 404 (Not Found)'
        assert.deepEqual(problems.filter((p) => !own404(p)), [])
        await context.close()
      })
    }
  }

  test('typing a search that matches nothing does not move the page', async () => {
    for (const options of [phone, laptop]) {
      const { context, page } = await open('/486/', options)
      const top = () => page.$eval('main', (m) => m.getBoundingClientRect().top)
      const before = await top()
      await page.focus('#search-input')
      await page.keyboard.type('xyzzy')
      await page.waitForFunction(() => document.getElementById('search-status').textContent !== '')
      assert.match(await page.textContent('#search-status'), /No code or page matches/)
      assert.ok(await page.locator('#search-status').isVisible())
      assert.equal(await top(), before, 'the message pushed the page down')
      await page.keyboard.press('Escape')
      await page.keyboard.press('Escape')
      assert.equal(await top(), before)
      await context.close()
    }
  })

  test('without JavaScript the search box takes no room and leaves no gap', async () => {
    const { context, page } = await open('/486/', { ...phone, javaScriptEnabled: false })
    assert.ok(await page.locator('#search').isHidden())
    assert.ok(await page.locator('#theme-toggle').isHidden())
    assert.ok(await page.locator('.copy-button').count() === 0)
    await context.close()
  })
})

describe('header and tap targets', () => {
  test('on a phone every header link and control is at least 44×44 px, and the class links look alike', async () => {
    for (const urlPath of ['/', '/486/', '/cause/34/']) {
      const { context, page } = await open(urlPath, phone)
      const targets = await page.$$eval('.site-header nav a, #theme-toggle, #search-input', (els) => els.map((e) => {
        const r = e.getBoundingClientRect()
        return { what: e.id || e.textContent.trim(), w: r.width, h: r.height }
      }))
      assert.ok(targets.length >= 9, `only ${targets.length} targets`)
      for (const t of targets) {
        assert.ok(t.h >= 44, `${urlPath}: ${t.what} is ${t.h} px tall`)
        if (t.what !== 'search-input') assert.ok(t.w >= 44, `${urlPath}: ${t.what} is ${t.w} px wide`)
      }
      // Nothing looks disabled: the class links share one text colour and weight.
      const looks = await page.$$eval('.class-link', (as) => as.map((a) => `${getComputedStyle(a).color} ${getComputedStyle(a).opacity}`))
      assert.equal(new Set(looks).size, 1, `class links differ: ${looks}`)
      // The header stays compact: brand, search and the section links in at most 170 px.
      const height = await page.$eval('.site-header', (h) => h.getBoundingClientRect().height)
      assert.ok(height <= 170, `${urlPath}: the header is ${height} px tall`)
      // The row of links scrolls inside itself, never the page.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 375)
      // The current section's link is in view in that row.
      const current = await page.$eval('.site-header nav', (nav) => {
        const a = nav.querySelector('[aria-current]')
        if (!a) return null
        const r = a.getBoundingClientRect(); const n = nav.getBoundingClientRect()
        return r.left >= n.left && r.right <= n.right
      })
      assert.notEqual(current, false, `${urlPath}: the current section's link is scrolled out of view`)
      await context.close()
    }
  })

  test('the theme switch: named for the theme in force, three states, and back to the system', async () => {
    for (const scheme of ['light', 'dark']) {
      const { context, page } = await open('/486/', { ...laptop, colorScheme: scheme })
      const other = scheme === 'light' ? 'dark' : 'light'
      const button = page.getByRole('button', { name: /^Theme:/ })
      const state = async () => ({
        name: (await button.textContent()).trim(),
        theme: await page.getAttribute('html', 'data-theme'),
        pressed: await button.getAttribute('aria-pressed'),
        saved: await page.evaluate(() => localStorage.getItem('sipcodes-theme')),
        bg: await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
      })
      const bgOf = { light: 'rgb(255, 255, 255)', dark: 'rgb(13, 17, 23)' }
      assert.deepEqual(await state(), { name: `Theme: follow the system (now ${scheme})`, theme: null, pressed: null, saved: null, bg: bgOf[scheme] })
      await button.click()
      assert.deepEqual(await state(), { name: `Theme: ${other}`, theme: other, pressed: null, saved: other, bg: bgOf[other] })
      await page.reload()
      assert.deepEqual(await state(), { name: `Theme: ${other}`, theme: other, pressed: null, saved: other, bg: bgOf[other] })
      await button.click()
      assert.deepEqual(await state(), { name: `Theme: ${scheme}`, theme: scheme, pressed: null, saved: scheme, bg: bgOf[scheme] })
      await button.click()
      assert.deepEqual(await state(), { name: `Theme: follow the system (now ${scheme})`, theme: null, pressed: null, saved: null, bg: bgOf[scheme] })
      // Following the system again means following its changes.
      await page.emulateMedia({ colorScheme: other })
      assert.equal((await state()).bg, bgOf[other])
      assert.equal((await state()).name, `Theme: follow the system (now ${other})`)
      await context.close()
    }
  })
})

describe('search', () => {
  test('results show the summary under the code and phrase; the "/" hint shows until the box has focus', async () => {
    const { context, page, problems } = await open('/', laptop)
    assert.ok(await page.locator('.search-key').isVisible(), 'no "/" hint')
    await page.keyboard.press('/')
    assert.ok(await page.locator('.search-key').isHidden())
    await page.keyboard.type('busy')
    await page.waitForSelector('#search-results [role="option"]')
    const first = page.locator('#search-results [role="option"]').first()
    assert.equal(await first.locator('.search-code').textContent(), '486')
    const summary = await first.locator('.search-summary').textContent()
    assert.equal(summary, codes.find((c) => c.code === 486).summary)
    const [code, phrase, line] = await Promise.all(['.search-code', '.search-reason', '.search-summary'].map((s) => first.locator(s).boundingBox()))
    assert.ok(line.y >= phrase.y + phrase.height - 1 && line.x >= code.x + code.width, 'the summary is not under the phrase')
    assert.ok(await first.locator('.search-summary').isVisible())
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('/?q=term fills the box and shows the results on load', async () => {
    for (const [q, want] of [['busy', '486'], ['SIP/2.0 503 Service Unavailable', '503'], ['cause 34', 'cause 34']]) {
      const { context, page, problems } = await open(`/?q=${encodeURIComponent(q)}`, phone)
      await page.waitForSelector('#search-results [role="option"]')
      assert.equal(await page.inputValue('#search-input'), q)
      assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'true')
      assert.equal(await page.textContent('#search-results [role="option"] .search-code'), want, q)
      // Every request of this page has ended (the icons load after the
      // scripts) before Enter leaves it, which would abort one in flight.
      await page.waitForLoadState('networkidle')
      assert.deepEqual(problems, [])
      await Promise.all([page.waitForURL((u) => u.pathname !== '/'), page.keyboard.press('Enter')])
      assert.deepEqual(problems, [])
      await context.close()
    }
  })

  test('/?q=term without JavaScript is the home page with every code', async () => {
    const { context, page } = await open('/?q=busy', { ...phone, javaScriptEnabled: false })
    const links = new Set(await page.$$eval('main a', (as) => as.map((a) => new URL(a.href).pathname)))
    for (const c of codes) assert.ok(links.has(`/${c.code}/`), `no link to /${c.code}/`)
    await context.close()
  })
})

describe('the example block', () => {
  test('the status code stands out in the class colour, the marked line is a <mark>, and the roles keep their colours in both themes', async () => {
    const roles = {}
    for (const scheme of ['light', 'dark']) {
      const { context, page } = await open('/503/', { ...laptop, colorScheme: scheme })
      const style = (s) => page.$eval(s, (e) => { const c = getComputedStyle(e); return { color: c.color, weight: c.fontWeight } })
      const status = await style('.chroma .start .mi')
      const accent = await page.$eval('h1 .num', (e) => getComputedStyle(e).color)
      assert.equal(status.color, accent, 'the status code is not in the class colour')
      assert.ok(Number(status.weight) >= 700)
      const port = await style('.chroma .mi:not(.start .mi)')
      assert.notEqual(port.color, status.color, 'a port looks like the status code')
      assert.match(await page.textContent('.chroma mark'), /^Retry-After: 120\n$/)
      // Header names, values and SDP each keep one colour, different from one another.
      roles[scheme] = {
        name: (await style('.chroma .nt')).color,
        param: (await style('.chroma .na')).color,
        address: (await style('.chroma .no')).color,
        punct: (await style('.chroma .p')).color
      }
      assert.equal(new Set(Object.values(roles[scheme])).size, 4, `${scheme}: roles share a colour: ${JSON.stringify(roles[scheme])}`)
      await context.close()
    }
    assert.notDeepEqual(roles.light, roles.dark, 'the dark theme uses the light colours')
  })

  test('on a phone the block wraps, so the marked Warning line of 488 is whole in view', async () => {
    const { context, page } = await open('/488/', phone)
    const pre = await page.$eval('.code-block pre', (p) => ({ scroll: p.scrollWidth, client: p.clientWidth }))
    assert.ok(pre.scroll <= pre.client, `the block scrolls sideways: ${pre.scroll} > ${pre.client}`)
    const mark = await page.$eval('.chroma mark', (m) => ({ text: m.textContent, right: m.getBoundingClientRect().right }))
    assert.match(mark.text, /^Warning: 305 .*"Incompatible media format"/)
    assert.ok(mark.right <= 375)
    await context.close()
  })

  test('the copy button copies the text of the example, under the strict CSP', async () => {
    const { context, page, problems } = await open('/488/', { ...laptop, permissions: ['clipboard-read', 'clipboard-write'] })
    const button = page.locator('.code-block .copy-button')
    assert.equal(await button.count(), 1)
    const topOfBlock = () => page.$eval('.code-block pre', (p) => p.getBoundingClientRect().top + window.scrollY)
    const before = await topOfBlock()
    await button.click()
    await page.waitForFunction(() => document.querySelector('.copy-button').textContent === 'Copied')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    assert.equal(copied, await page.$eval('.code-block pre', (p) => p.textContent))
    assert.match(copied, /^SIP\/2\.0 488 Not Acceptable Here\n/)
    assert.ok(!copied.includes('<span'), 'markup was copied')
    assert.equal(await topOfBlock(), before, 'the button moved the block')
    assert.deepEqual(problems, [])
    await context.close()
  })
})

describe('screenshots', () => {
  test('every kind of page at 375 and 1280 px, light and dark', async () => {
    for (const [width, options] of Object.entries(sizes)) {
      for (const scheme of ['light', 'dark']) {
        const context = await browser.newContext({ ...options, colorScheme: scheme })
        const page = await context.newPage()
        for (const [kind, urlPath] of Object.entries(kinds)) {
          await page.goto(server.url + urlPath, { waitUntil: 'load' })
          await settled(page)
          await page.screenshot({ path: path.join(shots, `design-${kind}-${width}-${scheme}.png`) })
          await page.screenshot({ path: path.join(shots, `design-${kind}-${width}-${scheme}-full.png`), fullPage: true })
        }
        await context.close()
      }
    }
    const made = (await fs.readdir(shots)).filter((f) => f.startsWith('design-'))
    assert.equal(made.length, Object.keys(kinds).length * 2 * 2 * 2)
  })
})
