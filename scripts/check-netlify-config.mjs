// Checks netlify.toml once, as Netlify reads it: parsed by Netlify's own
// @netlify/config, offline, in every deploy context, failing on any error
// or warning; then held against the built site in public/ (run it after
// the build): every header rule and redirect names something that exists,
// _redirects leads to built pages, and the headers each kind of file ends
// up with are the intended ones.
import { resolveConfig } from '@netlify/config'
import { fileURLToPath } from 'node:url'
import fs from 'node:fs/promises'
import path from 'node:path'
import { headersFor } from '../tests/browser/lib.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const publicDir = path.join(root, 'public')
const problems = []
const fail = (msg) => problems.push(msg)

let production
for (const context of ['production', 'deploy-preview', 'branch-deploy']) {
  try {
    const { config, logs } = await resolveConfig({
      config: path.join(root, 'netlify.toml'),
      repositoryRoot: root,
      cwd: root,
      context,
      offline: true,
      buffer: true,
    })
    const warnings = [...logs.stdout, ...logs.stderr].filter((line) => line.trim() !== '')
    if (warnings.length > 0) fail(`netlify.toml (${context}): @netlify/config warned:\n${warnings.join('\n')}`)
    const want = context === 'production' ? '$URL' : '$DEPLOY_PRIME_URL'
    if (!config.build.command.includes('go run ./cmd/sitegen') || !config.build.command.includes(`--base-url "${want}"`)) {
      fail(`netlify.toml (${context}): build command ${config.build.command} should run sitegen with --base-url "${want}"`)
    }
    if (path.resolve(root, config.build.publish) !== publicDir) fail(`netlify.toml (${context}): publish is ${config.build.publish}, want public`)
    if (context === 'production') production = config
    console.log(`netlify.toml (${context}): ok, ${config.headers.length} header rules, ${config.redirects.length} redirects`)
  } catch (err) {
    fail(`netlify.toml (${context}): ${err.message}`)
  }
}

// Every file of the build, as a URL path.
async function walk (dir, base = '') {
  const out = []
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const rel = `${base}/${e.name}`
    if (e.isDirectory()) out.push(...await walk(path.join(dir, e.name), rel))
    else out.push(rel)
  }
  return out
}

if (production) {
  const files = await walk(publicDir)
  const served = (u) => files.includes(u) || files.includes(path.posix.join(u, 'index.html'))
  const matches = (pattern, u) => pattern.endsWith('*') ? u.startsWith(pattern.slice(0, -1)) : pattern === u
  for (const h of production.headers) {
    if (!files.some((f) => matches(h.for, f) || matches(h.for, f.replace(/index\.html$/, '')))) fail(`[[headers]] for = "${h.for}" matches no file of the build`)
  }
  for (const r of production.redirects) {
    if (!served(r.to)) fail(`[[redirects]] ${r.from} → ${r.to}: the target is not built`)
  }
  const rules = (await fs.readFile(path.join(publicDir, '_redirects'), 'utf8')).split('\n').filter((l) => l.trim() && !l.startsWith('#'))
  if (rules.length === 0) fail('_redirects has no rules')
  for (const line of rules) {
    const [from, to] = line.split(/\s+/)
    if (!to || !served(to)) fail(`_redirects ${from} → ${to}: the target is not built`)
  }

  const page = headersFor(production.headers, '/486/')
  const csp = page['Content-Security-Policy'] ?? ''
  for (const want of ["default-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"]) {
    if (!csp.includes(want)) fail(`Content-Security-Policy "${csp}" lacks "${want}"`)
  }
  if (csp.includes('unsafe-') || /https?:/.test(csp)) fail(`Content-Security-Policy "${csp}" allows inline code or other origins`)
  if (page['X-Content-Type-Options'] !== 'nosniff') fail('/486/ lacks X-Content-Type-Options: nosniff')
  if (page['Cache-Control'] !== 'public, max-age=0, must-revalidate') fail(`/486/ Cache-Control = "${page['Cache-Control']}", want revalidated on every visit`)
  if (!page['Referrer-Policy'] || !page['Permissions-Policy']) fail('/486/ lacks Referrer-Policy or Permissions-Policy')
  const css = files.find((f) => /^\/assets\/site\.[0-9a-f]+\.css$/.test(f))
  if (!css || headersFor(production.headers, css)['Cache-Control'] !== 'public, max-age=31536000, immutable') fail(`${css}: want Cache-Control a year, immutable`)
  const api = headersFor(production.headers, '/api/486.json')
  if (api['Access-Control-Allow-Origin'] !== '*' || !String(api['Content-Type']).startsWith('application/json')) fail(`/api/486.json headers ${JSON.stringify(api)}; want open CORS and JSON`)
  console.log(`netlify.toml against public/: ${files.length} files, ${rules.length} _redirects rules checked`)
}

if (problems.length > 0) {
  console.error(problems.join('\n'))
  process.exit(1)
}
