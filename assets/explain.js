// explain.js: the /explain/ page. It reads a pasted SIP trace in the
// visitor's browser and shows each message explained, with a ladder of who
// sent what to whom; the trace is never sent anywhere. The reading itself
// is in explain-analyse.js and the modules it imports (tested under Node,
// tests/unit/); it runs in a worker (explain-worker.js) so that a big paste
// never freezes the page, or here when no worker can start. Only this file
// touches the page, and it inserts text, never HTML.

import { redact } from './explain-findings.js'

const pageSize = 100 // messages shown at a time, with their ladder rows
const drawBatch = 20 // messages drawn in one task

// A paste or a dropped file bigger than this is held here rather than put
// in the text box: Chromium lays out all of a text area's text whenever the
// page changes (measured: inserting a hundred lines below a 5 MiB box took
// 0.6 to 1.4 s, against 30 to 60 ms with an empty box), so a box that
// holds a big trace would freeze the page however fast the reading is.
const bigPaste = 512 * 1024

const base = () => document.documentElement.dataset.base || ''

const el = (tag, cls, text) => {
  const e = document.createElement(tag)
  if (cls) e.className = cls
  if (text !== undefined) e.textContent = text
  return e
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`

// engine returns { explain(text) → Promise<result>, slice(from) → Promise }
// backed by a worker, or by the same code run here when workers fail.
function engine (data) {
  let worker = null
  let id = 0
  const waiting = new Map()
  const local = () => import('./explain-analyse.js').then(({ analyse }) => {
    let result = null
    const slice = (from) => ({ from, items: result.items(from, from + pageSize), rows: result.ladder.rows.slice(from, from + pageSize) })
    return {
      explain: (text) => {
        result = analyse(text, data)
        const { count, unread, ladder } = result
        return { count, unread: unread.slice(0, 1000), unreadCount: unread.length, hosts: ladder.hosts, first: slice(0) }
      },
      slice
    }
  })
  let fallback = null
  const useLocal = () => {
    if (worker) worker.terminate()
    worker = null
    fallback = fallback || local()
    for (const [, w] of waiting) w.retry()
    waiting.clear()
    return fallback
  }
  try {
    worker = new Worker(new URL('./explain-worker.js', import.meta.url), { type: 'module' })
    worker.postMessage({ type: 'data', data })
    worker.onmessage = (ev) => {
      const w = waiting.get(ev.data.id)
      if (w) {
        waiting.delete(ev.data.id)
        w.resolve(ev.data)
      }
    }
    worker.onerror = () => { useLocal() }
  } catch (e) {
    useLocal()
  }
  const ask = (msg, run) => new Promise((resolve) => {
    if (!worker) {
      useLocal().then((l) => resolve(run(l)))
      return
    }
    const n = ++id
    waiting.set(n, { resolve, retry: () => useLocal().then((l) => resolve(run(l))) })
    worker.postMessage({ ...msg, id: n })
  })
  return {
    explain: (text) => ask({ type: 'explain', text, size: pageSize }, (l) => l.explain(text)),
    slice: (from) => ask({ type: 'slice', from, size: pageSize }, (l) => l.slice(from))
  }
}

// ladderView returns the ladder's frame: the hosts as column heads and an
// empty list that rows are added to.
function ladderView (hosts) {
  const section = el('section', 'ladder')
  section.setAttribute('aria-labelledby', 'ladder-title')
  const h = el('h2', '', 'Who sent what to whom')
  h.id = 'ladder-title'
  const scroll = el('div', 'ladder-scroll')
  scroll.tabIndex = 0 // the diagram scrolls sideways on a narrow screen: keyboard users can too
  scroll.setAttribute('role', 'region')
  scroll.setAttribute('aria-label', 'Message ladder')
  const grid = el('div', `ladder-grid ladder-cols-${hosts.length}`)
  const head = el('p', 'ladder-hosts')
  head.append(el('span', 'ladder-time', 'time'))
  hosts.forEach((name, c) => head.append(el('span', `ladder-host ls-${c + 1}`, name)))
  const rows = el('ol', 'ladder-rows')
  grid.append(head, rows)
  scroll.append(grid)
  section.append(h, scroll)
  return { section, rows }
}

function ladderRow (row, hosts) {
  const li = el('li', 'ladder-row')
  li.append(el('span', 'ladder-time', row.time === undefined ? '' : `+${row.time.toFixed(3)}`))
  const [lo, hi] = row.from <= row.to ? [row.from, row.to] : [row.to, row.from]
  const dir = row.from === row.to ? 'ladder-self' : row.from < row.to ? 'ladder-right' : 'ladder-left'
  const a = el('a', `ladder-arrow ${dir} ls-${lo + 1} le-${hi + 2} lw-${hi - lo + 1}`)
  a.href = `#msg-${row.i + 1}`
  a.append(el('span', 'ladder-label', row.label), el('span', 'visually-hidden', `, from ${hosts[row.from]} to ${hosts[row.to]}`))
  li.append(a)
  return li
}

function messageView (m, n) {
  const li = el('li', 'explain-message')
  li.id = `msg-${n}`
  const head = el('p', 'explain-start')
  head.append(el('code', '', m.start))
  if (m.where) head.append(' ', el('span', 'explain-where', m.where))
  li.append(head)
  const findings = el('ul', 'explain-findings')
  for (const f of m.findings) {
    const item = el('li', `finding-${f.kind}`)
    if (f.url) {
      const a = el('a', '', f.text)
      a.href = base() + f.url
      item.append(a)
    } else item.textContent = f.text
    findings.append(item)
  }
  li.append(findings)
  return li
}

function setup () {
  const input = document.getElementById('trace')
  const hide = document.getElementById('explain-redact')
  const out = document.getElementById('explain-out')
  const form = document.getElementById('explain-form')
  if (!input || !out || !form) return
  form.hidden = false
  let ready = null
  const load = () => {
    ready = ready || fetch(base() + '/explain.json').then((r) => {
      if (!r.ok) throw new Error(r.status)
      return r.json()
    }).then(engine)
    ready.catch(() => { ready = null })
    return ready
  }
  // held is a big trace kept out of the box (see bigPaste), or null when
  // the box holds what to explain.
  let held = null
  const note = document.getElementById('explain-held')
  const hold = (text) => {
    held = text
    input.value = ''
    if (note) {
      note.hidden = false
      note.textContent = `A trace of ${(text.length / 1048576).toFixed(1)} MiB (${plural(text.split('\n').length, 'line')}) is held in this page, outside the box, which stays quick that way. Type or paste in the box to replace it.`
    }
    run()
  }
  input.addEventListener('paste', (ev) => {
    const text = ev.clipboardData && ev.clipboardData.getData('text/plain')
    if (text && text.length > bigPaste) {
      ev.preventDefault()
      hold(text)
    }
  })
  input.addEventListener('drop', (ev) => {
    const file = ev.dataTransfer && ev.dataTransfer.files[0]
    if (!file) return
    ev.preventDefault() // read here, not by the browser: a file dropped on the box is a trace
    file.text().then((text) => {
      if (text.length > bigPaste) hold(text)
      else {
        input.value = text
        run()
      }
    })
  })
  input.addEventListener('input', () => {
    held = null
    if (note) note.hidden = true
  })
  let current = 0
  const run = () => {
    const mine = ++current
    out.replaceChildren(el('p', 'explain-status', 'Reading…'))
    out.setAttribute('aria-busy', 'true')
    return load().then((e) => e.explain(held === null ? input.value : held).then((r) => {
      if (mine !== current) return
      return show(e, r, mine)
    })).catch(() => {
      out.replaceChildren(el('p', '', 'The explainer’s data could not be loaded; reload the page to try again.'))
    }).finally(() => out.removeAttribute('aria-busy'))
  }
  const show = (e, r, mine) => {
    const count = `${plural(r.count, 'message')}${r.unreadCount ? `, ${plural(r.unreadCount, 'line')} not read` : ''}.`
    const parts = [el('p', 'explain-count', count)]
    const lad = r.count > 1 ? ladderView(r.hosts) : null
    if (lad) parts.push(lad.section)
    const list = el('ol', 'explain-messages')
    parts.push(list)
    const more = el('button', 'explain-more')
    more.type = 'button'
    // add shows a slice of messages and their ladder rows, a few at a time,
    // each few in a task of its own, so that drawing them never blocks
    // the page for long either.
    const add = async (s) => {
      more.hidden = true
      for (let k = 0; k < s.items.length; k += drawBatch) {
        if (k > 0) await new Promise((resolve) => setTimeout(resolve))
        if (mine !== current) return
        s.items.slice(k, k + drawBatch).forEach((m, j) => list.append(messageView(m, s.from + k + j + 1)))
        if (lad) for (const row of s.rows.slice(k, k + drawBatch)) lad.rows.append(ladderRow(row, r.hosts))
      }
      const shown = s.from + s.items.length
      more.hidden = shown >= r.count
      more.textContent = `Show the next ${Math.min(pageSize, r.count - shown)} of ${r.count - shown} more messages`
      more.onclick = () => e.slice(shown).then((next) => { if (mine === current) add(next) })
    }
    parts.push(more)
    if (r.unreadCount) {
      const u = el('details', 'explain-unread')
      u.append(el('summary', '', r.unreadCount > r.unread.length ? `Lines not read as SIP (the first ${r.unread.length} of ${r.unreadCount})` : 'Lines not read as SIP'))
      u.append(el('pre', '', r.unread.map((x) => `${x.line}: ${x.text}`).join('\n')))
      parts.push(u)
    }
    out.replaceChildren(...parts)
    return add(r.first)
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault() // the trace stays in the page
    run()
  })
  if (hide) {
    hide.addEventListener('click', () => {
      input.value = redact(input.value)
      if (held !== null) {
        held = redact(held)
        run()
      }
    })
  }
  // A link can carry a trace in its fragment, which the browser never sends.
  const fromHash = () => {
    if (location.hash.length <= 1 || /^#msg-\d+$/.test(location.hash)) return
    try {
      input.value = decodeURIComponent(location.hash.slice(1))
      held = null
    } catch (e) {
      return // not a fragment this page wrote
    }
    run()
  }
  window.addEventListener('hashchange', fromHash)
  fromHash()
}

if (typeof document !== 'undefined') setup()
