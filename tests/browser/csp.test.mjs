// Every page type, served with the Content-Security-Policy of netlify.toml,
// loads in Chromium with no CSP violation, console error or failed request.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, netlifyHeaders, publicDir, startServer, watch } from './lib.mjs'

const pages = {
  home: '/',
  class: '/4xx/',
  code: '/486/',
  plain: '/about/',
  'obsolete code': '/409/',
  'missing page (404)': '/no-such-page/',
}

let browser, server
before(async () => {
  const probe = '<!DOCTYPE html><title>probe</title><p style="color:red">x</p><script>document.title="ran"</script>'
  server = await startServer(publicDir, await netlifyHeaders(), { '/__csp-probe.html': ['text/html', probe] })
  browser = await launch()
})
after(async () => {
  await browser?.close()
  await server?.close()
})

for (const [kind, urlPath] of Object.entries(pages)) {
  test(`${kind} page ${urlPath} has no CSP violation or error`, async () => {
    const page = await browser.newPage()
    const problems = await watch(page)
    const res = await page.goto(server.url + urlPath, { waitUntil: 'load' })
    assert.match(res.headers()['content-security-policy'] ?? '', /default-src 'self'/)
    assert.equal(res.status(), kind.includes('404') ? 404 : 200)
    await page.waitForTimeout(0)
    assert.deepEqual(problems.filter((p) => !p.includes('404 (Not Found)')), [])
    await page.close()
  })
}

// The check itself works: a page with inline code is caught.
test('an inline style and script are reported as CSP violations', async () => {
  const page = await browser.newPage()
  const problems = await watch(page)
  await page.goto(server.url + '/__csp-probe.html', { waitUntil: 'load' })
  assert.notEqual(await page.title(), 'ran', 'the inline script ran despite the policy')
  assert.ok(problems.some((p) => p.includes('CSP violation')), `no violation seen: ${problems}`)
  await page.close()
})

test('a search (index fetch, results, navigation) has no CSP violation', async () => {
  const page = await browser.newPage()
  const problems = await watch(page)
  // Let the home page finish loading (the icon is fetched after the load
  // event) so that leaving it aborts nothing.
  await page.goto(server.url + '/', { waitUntil: 'networkidle' })
  await page.keyboard.press('/')
  await page.keyboard.type('busy')
  await page.waitForSelector('#search-results [role="option"]')
  await Promise.all([page.waitForURL('**/486/'), page.keyboard.press('Enter')])
  assert.deepEqual(problems, [])
  await page.close()
})
