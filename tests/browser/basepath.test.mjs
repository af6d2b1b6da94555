// A site built with a base URL that has a path (--base-url .../sip) works
// when served under that path, as a visitor uses it: pages load with their
// CSS and scripts, search finds and opens pages, the 404 page suggests
// pages inside the path (reliability review F8).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { launch, netlifyHeaders, root, startServer, watch } from './lib.mjs'

let browser, server, dir

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sitegen-basepath-'))
  execFileSync('go', ['run', './cmd/sitegen', '--quiet', '--out', path.join(dir, 'sip'), '--base-url', 'https://sipcodes.example/sip'], { cwd: root, stdio: 'inherit' })
  // The production headers, moved under /sip/ as a host would serve them.
  const rules = (await netlifyHeaders()).map((r) => ({ ...r, for: '/sip' + r.for }))
  server = await startServer(dir, rules, {}, 'sip/404.html')
  browser = await launch()
})
after(async () => {
  await browser?.close()
  await server?.close()
  if (dir) await fs.rm(dir, { recursive: true, force: true })
})

test('pages load under /sip/ with every request inside it', async () => {
  const page = await browser.newPage()
  const problems = await watch(page)
  const outside = []
  page.on('request', (r) => {
    const u = new URL(r.url())
    if (u.origin === server.url && !u.pathname.startsWith('/sip/')) outside.push(u.pathname)
  })
  for (const urlPath of ['/sip/', '/sip/486/', '/sip/4xx/', '/sip/about/']) {
    const response = await page.goto(server.url + urlPath, { waitUntil: 'networkidle' })
    assert.equal(response.status(), 200, urlPath)
    const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily !== '')
    assert.ok(styled, `${urlPath} has no stylesheet`)
    const links = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')))
    assert.deepEqual(links.filter((h) => !h.startsWith('/sip/')), [], `${urlPath} links outside /sip/`)
  }
  assert.deepEqual(problems, [])
  assert.deepEqual(outside, [])
  await page.close()
})

test('search under /sip/ opens the page under /sip/', async () => {
  const page = await browser.newPage()
  const problems = await watch(page)
  await page.goto(server.url + '/sip/', { waitUntil: 'networkidle' })
  const loaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/sip/search.json')
  await page.keyboard.press('/')
  await loaded
  await page.keyboard.type('busy')
  await page.waitForSelector('#search-results [role="option"]')
  await Promise.all([page.waitForURL(server.url + '/sip/486/'), page.keyboard.press('Enter')])
  assert.deepEqual(problems, [])
  await page.close()
})

test('the 404 page under /sip/ suggests pages under /sip/', async () => {
  const page = await browser.newPage()
  const response = await page.goto(server.url + '/sip/nope-486', { waitUntil: 'load' })
  assert.equal(response.status(), 404)
  await page.waitForSelector('#suggestions:not([hidden])')
  const got = await page.$$eval('#suggestion-list a', (as) => as.map((a) => new URL(a.href).pathname))
  assert.deepEqual(got, ['/sip/486/'])
  await page.close()
})
