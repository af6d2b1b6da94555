// explain-worker.js: runs the explainer off the page's thread, so that a
// big paste never stops the page responding. The page sends the data once
// and then each paste; the worker answers with the counts, the ladder and
// the first messages, and keeps the rest for the page to ask for a slice
// at a time, so that no one message to the page takes long to copy.
import { analyse } from './explain-analyse.js'

let data = null
let result = null

self.onmessage = (ev) => {
  const msg = ev.data
  if (msg.type === 'data') data = msg.data
  else if (msg.type === 'explain') {
    result = analyse(msg.text, data)
    const { count, unread, ladder } = result
    self.postMessage({ type: 'result', id: msg.id, count, unread: unread.slice(0, 1000), unreadCount: unread.length, hosts: ladder.hosts, first: slice(0, msg.size) })
  } else if (msg.type === 'slice' && result) {
    self.postMessage({ type: 'slice', id: msg.id, ...slice(msg.from, msg.size) })
  }
}

function slice (from, size) {
  return { from, items: result.items(from, from + size), rows: result.ladder.rows.slice(from, from + size) }
}
