// Theme: runs in <head>, before the page paints, so a remembered choice
// shows without a flash. It also marks the page html.js, so that the
// stylesheet gives the search box and the theme switch their room from the
// first paint (no layout shift when site.js arrives).
//
// The page follows prefers-color-scheme ("system") until the reader picks
// light or dark with the switch; the choice is kept in localStorage. The
// switch is one button that steps system → the other theme → the system's
// theme, set explicitly → system again, so every choice is one or two
// presses away; its name says the theme in use ("Theme: dark"), and it has
// no aria-pressed, since a third state is not "not pressed".
(() => {
  'use strict'
  const root = document.documentElement
  root.classList.add('js')
  const key = 'sipcodes-theme'
  const query = window.matchMedia('(prefers-color-scheme: dark)')
  const system = () => (query.matches ? 'dark' : 'light')

  const apply = (choice) => {
    if (choice === 'light' || choice === 'dark') {
      root.dataset.theme = choice
      root.dataset.themeChoice = choice
    } else {
      delete root.dataset.theme
      root.dataset.themeChoice = 'system'
    }
  }
  let saved = null
  try { saved = localStorage.getItem(key) } catch (e) { /* storage blocked */ }
  apply(saved)

  document.addEventListener('DOMContentLoaded', () => {
    const button = document.getElementById('theme-toggle')
    const label = document.getElementById('theme-label')
    if (!button || !label) return
    const describe = () => {
      const choice = root.dataset.themeChoice
      label.textContent = choice === 'system' ? `Theme: follow the system (now ${system()})` : `Theme: ${choice}`
      button.title = `${label.textContent}. Press to change.`
    }
    describe()
    query.addEventListener('change', describe)
    button.addEventListener('click', () => {
      const choice = root.dataset.themeChoice
      const next = choice === 'system' ? (system() === 'dark' ? 'light' : 'dark')
        : choice !== system() ? system() : 'system'
      apply(next)
      try {
        if (next === 'system') localStorage.removeItem(key)
        else localStorage.setItem(key, next)
      } catch (e) { /* not remembered */ }
      describe()
    })
  })
})()
