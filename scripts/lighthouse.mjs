// Lighthouse on the built site: the home page, a class page and a code page,
// each as a phone (Lighthouse's default, simulated mobile) and as a desktop,
// against public/ served on 127.0.0.1 with the headers of netlify.toml (the
// browser tests' server). Prints every score and fails when any category of
// any run is under the floor (98), or when a page made a request that did
// not go to the local server. Run by scripts/test.sh; needs public/ built.
//
// Chromium is Debian's, started by chrome-launcher (Lighthouse's own
// launcher) with the flags of the browser tests: nothing is downloaded.
//
// A mobile run's performance score moves with the load on the machine
// (simulated throttling multiplies the main-thread time it observes by 4),
// so each page is run `runs` times in each form and the median score of
// each category is the one held to the floor, as Lighthouse's own advice on
// variability has it (docs/variability.md); every run's scores are printed.
import lighthouse, { desktopConfig } from 'lighthouse'
import { launch } from 'chrome-launcher'
import { netlifyHeaders, publicDir, startServer } from '../tests/browser/lib.mjs'

const floor = 98
const pages = { home: '/', class: '/4xx/', code: '/486/' }
const categories = ['performance', 'accessibility', 'best-practices', 'seo']
const forms = { mobile: undefined, desktop: desktopConfig }
const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 3)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const server = await startServer(publicDir, await netlifyHeaders())
const chrome = await launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  logLevel: 'silent',
})

const failures = []
const rows = []
try {
  for (const [kind, urlPath] of Object.entries(pages)) {
    for (const [form, config] of Object.entries(forms)) {
      const url = server.url + urlPath
      const all = []
      let lhr
      for (let i = 0; i < runs; i++) {
        lhr = (await lighthouse(url, { port: chrome.port, logLevel: 'error', output: 'json', onlyCategories: categories }, config)).lhr
        if (lhr.runtimeError) break
        all.push(lhr)
      }
      if (lhr.runtimeError) {
        failures.push(`${kind} ${form}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
        continue
      }
      const each = all.map((r) => categories.map((c) => Math.round(r.categories[c].score * 100)))
      const scores = categories.map((c, i) => median(each.map((s) => s[i])))
      const cls = Math.max(...all.map((r) => r.audits['cumulative-layout-shift'].numericValue))
      rows.push([kind.padEnd(5), form.padEnd(7), ...scores.map((s) => String(s).padStart(4)), cls.toFixed(3).padStart(5), ' ' + each.map((s) => s.join('/')).join(' ')])
      categories.forEach((c, i) => {
        if (scores[i] < floor) {
          const worst = all.find((r) => Math.round(r.categories[c].score * 100) === scores[i])
          const lost = Object.values(worst.audits)
            .filter((a) => a.score !== null && a.score < 1 && worst.categories[c].auditRefs.some((r) => r.id === a.id && r.weight > 0))
            .map((a) => `${a.id} ${a.displayValue ?? a.score}`)
          failures.push(`${kind} ${form}: ${c} ${scores[i]} < ${floor} (${lost.join('; ')})`)
        }
      })
      // Every request the page made went to the local server.
      for (const r of all.flatMap((x) => x.audits['network-requests'].details?.items ?? [])) {
        if (new URL(r.url).origin !== server.url && !r.url.startsWith('data:')) failures.push(`${kind} ${form}: a request left the site: ${r.url}`)
      }
    }
  }
} finally {
  await chrome.kill()
  await server.close()
}

console.log(`page  form     perf a11y best  seo   CLS  each run (median of ${runs} held to the floor; Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, floor ${floor})`)
for (const r of rows) console.log(r.join(' '))
if (failures.length) {
  for (const f of failures) console.error(`lighthouse: ${f}`)
  process.exit(1)
}
