// Theme: runs in <head>, before the page paints, so a remembered choice
// shows without a flash. The page follows prefers-color-scheme until the
// reader picks a theme with the toggle; the choice is kept in localStorage.
(() => {
  'use strict'
  const root = document.documentElement
  const key = 'sipcodes-theme'
  let saved = null
  try { saved = localStorage.getItem(key) } catch (e) { /* storage blocked */ }
  if (saved === 'light' || saved === 'dark') root.dataset.theme = saved

  const current = () => root.dataset.theme ||
    (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')

  document.addEventListener('DOMContentLoaded', () => {
    const button = document.getElementById('theme-toggle')
    if (!button) return
    const label = () => {
      const dark = current() === 'dark'
      button.setAttribute('aria-pressed', String(dark))
      button.textContent = dark ? 'Light theme' : 'Dark theme'
    }
    button.hidden = false
    label()
    button.addEventListener('click', () => {
      root.dataset.theme = current() === 'dark' ? 'light' : 'dark'
      try { localStorage.setItem(key, root.dataset.theme) } catch (e) { /* not remembered */ }
      label()
    })
  })
})()
