// Shared pieces of the browser tests: a static server for public/ that
// answers like Netlify does (the headers of netlify.toml, /x/ → x/index.html,
// 404.html with status 404), and headless Debian Chromium via playwright-core.
import http from 'node:http'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveConfig } from '@netlify/config'
import { chromium } from 'playwright-core'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const publicDir = path.join(root, 'public')

const types = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
}

// netlifyHeaders returns the [[headers]] rules of netlify.toml as Netlify's
// own parser reads them.
export async function netlifyHeaders() {
  const { config } = await resolveConfig({
    config: path.join(root, 'netlify.toml'), repositoryRoot: root, cwd: root,
    context: 'production', offline: true, buffer: true,
  })
  return config.headers
}

// headersFor applies the rules to a URL path; later rules replace earlier
// values, as Netlify's headersForPath does.
export function headersFor(rules, urlPath) {
  const out = {}
  for (const rule of rules) {
    const pattern = rule.for
    const hit = pattern.endsWith('*') ? urlPath.startsWith(pattern.slice(0, -1)) : urlPath === pattern
    if (hit) Object.assign(out, rule.values)
  }
  return out
}

async function readIfFile(file) {
  try {
    const st = await fs.stat(file)
    return st.isFile() ? await fs.readFile(file) : null
  } catch {
    return null
  }
}

// startServer serves dir on 127.0.0.1 with the given header rules and
// returns { url, close }. extra maps URL paths to [type, body] for probes;
// notFound is the file, under dir, served with a 404.
export async function startServer(dir, rules, extra = {}, notFound = '404.html') {
  const server = http.createServer(async (req, res) => {
    let urlPath = new URL(req.url, 'http://x').pathname
    try {
      urlPath = decodeURIComponent(urlPath)
    } catch {
      // A malformed escape (/48%FF) names no file: the 404 page answers, as on Netlify.
    }
    let status = 200
    let file = null
    let body = null
    let type = null
    if (extra[urlPath]) {
      [type, body] = extra[urlPath]
    } else if (!urlPath.split('/').includes('..')) {
      file = path.join(dir, urlPath.endsWith('/') ? urlPath + 'index.html' : urlPath)
      body = await readIfFile(file)
    }
    if (body === null) {
      status = 404
      file = path.join(dir, notFound)
      body = await readIfFile(file)
    }
    res.statusCode = status
    res.setHeader('Content-Type', type ?? types[path.extname(file)] ?? 'application/octet-stream')
    for (const [k, v] of Object.entries(headersFor(rules, urlPath))) res.setHeader(k, v)
    res.end(body)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) }
}

// launch starts Debian's Chromium headless, with no traffic of its own.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  })
}

// watch records a page's console errors, uncaught exceptions, CSP
// violations and failed requests.
export async function watch(page) {
  const problems = []
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`) })
  page.on('pageerror', (err) => problems.push(`exception: ${err.message}`))
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`)
    })
  })
  return problems
}
