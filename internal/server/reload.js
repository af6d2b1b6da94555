// Live reload for `sitegen --watch`; the dev server adds this file to every
// HTML page it serves (public/ never contains it). It reloads the page after
// each successful build and shows a build's errors over the page.
(() => {
  'use strict'
  const id = 'sitegen-build-errors'
  const events = new EventSource('/__sitegen/events')
  events.addEventListener('reload', () => window.location.reload())
  events.addEventListener('build-error', (e) => show(JSON.parse(e.data)))

  function show (problems) {
    document.getElementById(id)?.remove()
    const box = document.createElement('div')
    box.id = id
    box.setAttribute('role', 'alert')
    Object.assign(box.style, {
      position: 'fixed', inset: '0', zIndex: '2147483647', overflow: 'auto', padding: '2rem',
      background: 'rgba(20, 20, 20, 0.94)', color: '#ffd7d7', font: '14px/1.5 ui-monospace, monospace'
    })
    const title = document.createElement('h2')
    title.textContent = `Build failed: ${problems.length} problem${problems.length === 1 ? '' : 's'}. The last good build is still served; save a fix to reload.`
    Object.assign(title.style, { color: '#fff', font: 'bold 16px/1.4 system-ui, sans-serif', margin: '0 0 1rem' })
    const list = document.createElement('pre')
    list.textContent = problems.join('\n')
    list.style.whiteSpace = 'pre-wrap'
    box.append(title, list)
    document.body.append(box)
  }
})()
