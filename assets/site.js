// The site's script: the search box (a WAI-ARIA 1.2 combobox over
// /search.json, loaded on first use; /?q=term fills it and shows the
// results), copy-links on headings, copy buttons on code blocks, and the
// 404 page's suggestions. Everything else works without it. Text from the
// index is always inserted as text, never as HTML.
(() => {
  'use strict'

  // ---- Search index and ranking ----

  let index = null
  let loading = null

  const words = (s) => (s || '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)

  function loadIndex () {
    if (!loading) {
      loading = fetch((document.documentElement.dataset.base || '') + '/search.json')
        .then((r) => { if (!r.ok) throw new Error(r.status); return r.json() })
        .then((entries) => {
          index = entries.map((e) => ({
            ...e,
            codeText: e.code ? String(e.code) : '',
            reasonWords: words(e.reason),
            aliasWords: words((e.aliases || []).join(' ')),
            nameWords: words((e.names || []).join(' ')),
            summaryWords: words(e.summary)
          }))
          return index
        })
    }
    return loading
  }

  // allPrefixed reports whether every token starts some word of the list.
  const allPrefixed = (tokens, list) => tokens.every((t) => list.some((w) => w.startsWith(t)))

  // parse reads what a visitor typed or pasted: a Warning header
  // ("Warning: 399 host \"text\""), a cause ("cause 34", "q850 34",
  // "Reason: Q.850;cause=34;text=..."), a code in a Reason header
  // ("Reason: SIP;cause=480"), a status line ("SIP/2.0 488 Not Acceptable
  // Here", "486 busy"), or words.
  function parse (query) {
    const q = query.trim().toLowerCase().replace(/\s+/g, ' ')
    const p = { q, cause: null, code: null, tokens: words(q) }
    const reason = q.match(/^(?:reason: ?)?(q\.?850|sip) ?; ?cause ?= ?(\d{1,3})\b/)
    const cause = q.match(/^(?:cause|q\.?850) ?[:=]? ?(\d{1,3})$/)
    const status = q.match(/^(?:sip\/2\.0 )?(\d{3})(?: (.+))?$/)
    const warning = q.match(/^warning: ?(\d{3})\b/)
    if (warning) p.tokens = ['warning', warning[1]] // the host and text after it are the sender's
    else if (/^reason: ?/.test(q) && !reason) p.tokens = ['reason', 'header'] // a protocol this site does not decode
    else if (reason && reason[1] !== 'sip') p.cause = Number(reason[2])
    else if (reason) p.code = reason[2]
    else if (cause) p.cause = Number(cause[1])
    else if (status) {
      p.code = status[1]
      if (status[2]) p.tokens = words(status[2])
    }
    return p
  }

  // tier ranks one entry for a parsed query: 0 the exact code (with the
  // words of a pasted status line, if any, in its phrase), or the cause a
  // "cause 34" query names; 1 the cause of a bare number ("34": codes
  // first, then causes), or the code without the words; 2 code prefix or
  // class; 3 reason-phrase or cause name words; 4 aliases, platform names
  // (USER_BUSY, AST_CAUSE_BUSY) or a code's Q.850 cause; 5 summary words;
  // -1 is no match. Words ignore case and punctuation, so USER_BUSY is
  // "user busy".
  function tier (e, p) {
    const { q, tokens } = p
    if (p.cause !== null) {
      if (e.cause === p.cause) return 0
      return (e.q850 || []).includes(p.cause) ? 4 : -1
    }
    if (p.code !== null && e.codeText === p.code) {
      const rest = tokens.filter((t) => t !== p.code)
      return rest.length === 0 || allPrefixed(rest, e.reasonWords.concat(e.aliasWords)) ? 0 : 1
    }
    if (/^\d{1,3}$/.test(q) && e.cause === Number(q)) return 1
    if (/^\d{1,2}$/.test(q) && e.codeText.startsWith(q)) return 2
    if (/^[1-6]xx$/.test(q) && e.class === q) return e.code ? 2 : 0
    if (allPrefixed(tokens, e.reasonWords)) return 3
    if (allPrefixed(tokens, e.aliasWords) || allPrefixed(tokens, e.nameWords)) return 4
    if (allPrefixed(tokens, e.summaryWords)) return 5
    return -1
  }

  // rank returns the best matches for a query, at most limit.
  function rank (query, limit = 10) {
    const p = parse(query)
    if (!p.q || !index) return []
    const hits = []
    for (const e of index) {
      const t = tier(e, p)
      if (t >= 0) hits.push([t, e])
    }
    // Within a tier: codes, then causes, then other pages.
    const kind = (e) => e.code ? 0 : e.cause ? 1 : 2
    hits.sort((a, b) => a[0] - b[0] ||
      kind(a[1]) - kind(b[1]) ||
      (a[1].code || a[1].cause || 0) - (b[1].code || b[1].cause || 0) ||
      a[1].url.localeCompare(b[1].url))
    return hits.slice(0, limit).map((h) => h[1])
  }

  // ---- The combobox ----

  function setupSearch () {
    const box = document.getElementById('search')
    const input = document.getElementById('search-input')
    const list = document.getElementById('search-results')
    const status = document.getElementById('search-status')
    if (!box || !input || !list || !status) return
    box.hidden = false
    let results = []
    let active = -1

    const open = (yes) => {
      list.hidden = !yes
      input.setAttribute('aria-expanded', String(yes))
      if (!yes) setActive(-1)
    }

    function setActive (i) {
      const options = list.querySelectorAll('[role="option"]')
      options.forEach((o, j) => o.setAttribute('aria-selected', String(j === i)))
      active = i
      if (i >= 0 && options[i]) {
        input.setAttribute('aria-activedescendant', options[i].id)
        options[i].scrollIntoView({ block: 'nearest' })
      } else {
        input.removeAttribute('aria-activedescendant')
      }
    }

    function show () {
      const query = input.value
      results = rank(query)
      list.replaceChildren()
      setActive(-1)
      if (!query.trim()) {
        status.textContent = ''
        open(false)
        return
      }
      if (results.length === 0) {
        status.textContent = `No code or page matches “${query.trim()}”. Try a number (486), a word (busy) or a cause (cause 17)${box.dataset.explain ? ', or press Enter to explain it as a SIP message' : ''}.`
        open(false)
        return
      }
      results.forEach((e, i) => {
        const option = document.createElement('a')
        option.id = `search-option-${i}`
        option.setAttribute('role', 'option')
        option.setAttribute('aria-selected', 'false')
        option.tabIndex = -1
        option.href = e.url
        option.className = 'search-option' + (e.class ? ` class-${e.class}` : '')
        const code = document.createElement('span')
        code.className = 'search-code'
        code.textContent = e.code ? String(e.code) : e.cause ? `cause ${e.cause}` : (e.class || '')
        const reason = document.createElement('span')
        reason.className = 'search-reason'
        reason.textContent = e.code ? e.reason : e.reason.replace(/^[1-6]xx /, '')
        const head = document.createElement('span')
        head.className = 'search-head'
        head.append(reason)
        if (e.status) {
          const badge = document.createElement('span')
          badge.className = `badge badge-${e.status}`
          badge.textContent = e.status
          head.append(' ', badge)
        }
        option.append(code, head)
        if (e.summary) {
          const summary = document.createElement('span')
          summary.className = 'search-summary'
          summary.textContent = e.summary
          option.append(summary)
        }
        option.addEventListener('mousedown', (ev) => ev.preventDefault()) // keep focus in the box
        list.append(option)
      })
      status.textContent = `${results.length} result${results.length === 1 ? '' : 's'}; arrows to move, Enter to open.`
      open(true)
    }

    const go = (e) => { window.location.assign(e.url) }

    input.addEventListener('focus', () => { loadIndex().then(() => { if (input.value) show() }, fail) })
    input.addEventListener('input', () => {
      if (index) show()
      else loadIndex().then(show, fail)
    })
    input.addEventListener('keydown', (ev) => {
      const n = results.length
      switch (ev.key) {
        case 'ArrowDown':
          if (!n) return
          ev.preventDefault()
          open(true)
          setActive(active < n - 1 ? active + 1 : 0)
          break
        case 'ArrowUp':
          if (!n) return
          ev.preventDefault()
          open(true)
          setActive(active > 0 ? active - 1 : n - 1)
          break
        case 'Enter':
          if (!n) {
            // Nothing matches: what was pasted may be a message; the
            // explainer reads it, from the fragment, which is never sent.
            if (box.dataset.explain && input.value.trim()) {
              ev.preventDefault()
              location.href = (document.documentElement.dataset.base || '') + box.dataset.explain + '#' + encodeURIComponent(input.value.trim())
            }
            return
          }
          ev.preventDefault()
          go(results[active >= 0 ? active : 0])
          break
        case 'Escape': // first closes the list, keeping the text; then clears it
          if (!list.hidden) {
            ev.preventDefault()
            open(false)
          } else {
            input.value = ''
            show()
          }
          break
      }
    })
    input.addEventListener('blur', () => open(false))

    function fail () {
      status.textContent = 'Search is unavailable: the index did not load.'
    }

    // A deep link, /?q=term (the OpenSearch description's template), fills
    // the box and shows its results.
    const q = new URLSearchParams(window.location.search).get('q')
    if (q && q.trim()) {
      input.value = q
      input.focus() // the focus handler loads the index and shows the results
    }

    // "/" and Ctrl/Cmd-K focus the box from anywhere but another field.
    document.addEventListener('keydown', (ev) => {
      const t = ev.target
      const typing = t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))
      if ((ev.key === '/' && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) ||
          (ev.key.toLowerCase() === 'k' && (ev.ctrlKey || ev.metaKey))) {
        ev.preventDefault()
        input.focus()
        input.select()
      }
    })
  }

  // ---- Copy-links on headings ----

  function setupHeadingLinks () {
    document.addEventListener('click', (ev) => {
      const a = ev.target instanceof Element && ev.target.closest('a.heading-link')
      if (!a || !navigator.clipboard) return
      const url = new URL(a.getAttribute('href'), window.location.href).href
      navigator.clipboard.writeText(url).then(() => {
        a.dataset.copied = 'true'
        a.setAttribute('title', 'Link copied')
        setTimeout(() => { delete a.dataset.copied; a.removeAttribute('title') }, 1500)
      }, () => {})
    })
  }

  // ---- Copy buttons on code blocks ----

  // Each block gets a button that copies its text (not its markup). The
  // stylesheet keeps the button's room from the first paint (html.js).
  function setupCopyButtons () {
    if (!navigator.clipboard) return
    for (const block of document.querySelectorAll('.code-block')) {
      const code = block.querySelector('pre')
      if (!code) continue
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'copy-button'
      button.textContent = 'Copy'
      button.setAttribute('aria-label', 'Copy the example')
      const status = document.createElement('span')
      status.className = 'visually-hidden'
      status.setAttribute('role', 'status')
      button.addEventListener('click', () => {
        navigator.clipboard.writeText(code.textContent).then(() => {
          button.textContent = 'Copied'
          status.textContent = 'Copied to the clipboard'
          setTimeout(() => { button.textContent = 'Copy'; status.textContent = '' }, 1500)
        }, () => {
          button.textContent = 'Not copied'
          status.textContent = 'The browser did not allow copying'
        })
      })
      block.append(button, status)
    }
  }

  // ---- Suggestions on the 404 page ----

  function setupSuggestions () {
    const box = document.getElementById('suggestions')
    const list = document.getElementById('suggestion-list')
    if (!box || !list) return
    let path = window.location.pathname
    try {
      path = decodeURIComponent(path)
    } catch (e) {
      // A malformed escape such as /48%FF: read the path as it came.
    }
    path = path.toLowerCase()
    const digits = path.match(/(\d{1,3})/)
    const cls = path.match(/\b([1-6])xx\b/)
    loadIndex().then(() => {
      let picks = []
      if (cls) {
        picks = index.filter((e) => e.class === `${cls[1]}xx` && !e.code)
      } else if (digits && digits[1].length === 3) {
        picks = index.filter((e) => e.codeText === digits[1])
        if (!picks.length) picks = index.filter((e) => e.class === `${digits[1][0]}xx` && !e.code)
      } else if (digits) {
        picks = index.filter((e) => e.codeText.startsWith(digits[1]))
      } else {
        const tokens = words(path)
        picks = index.filter((e) => tokens.length && tokens.some((t) => t.length > 2 && e.reasonWords.includes(t)))
      }
      picks = picks.slice(0, 12)
      if (!picks.length) return
      for (const e of picks) {
        const li = document.createElement('li')
        const a = document.createElement('a')
        a.href = e.url
        a.textContent = e.code ? `${e.code} ${e.reason}` : e.reason
        li.append(a)
        list.append(li)
      }
      box.hidden = false
    }, () => {})
  }

  // On a phone the row of site links scrolls sideways: bring the current
  // section's link into view (a scroll inside the row, no layout shift).
  function showCurrentSection () {
    const nav = document.querySelector('.site-header nav')
    const here = nav && nav.querySelector('[aria-current]')
    if (!here || nav.scrollWidth <= nav.clientWidth) return
    const overflow = here.getBoundingClientRect().right - nav.getBoundingClientRect().right
    if (overflow > 0) nav.scrollLeft += overflow + 16
  }

  setupSearch()
  showCurrentSection()
  setupHeadingLinks()
  setupCopyButtons()
  setupSuggestions()
})()
