// explain-analyse.js: a whole paste explained, as plain data the page
// shows. The worker (explain-worker.js) runs it off the page's thread, and
// the page itself where a worker cannot start; bench/explain.mjs times it.
import { parse } from './explain-parse.js'
import { explain } from './explain-findings.js'
import { dialog } from './explain-dialog.js'
import { offerAnswer } from './explain-sdp.js'
import { ladder } from './explain-ladder.js'

// analyse returns { items, unread, ladder }: for each message its start
// line, where and when the framing says it went, and its findings (its own,
// then those only the trace around it shows).
export function analyse (text, data) {
  const { messages, unread } = parse(text)
  const across = dialog(messages)
  for (const [i, list] of offerAnswer(messages)) across.set(i, [...(across.get(i) || []), ...list])
  const items = messages.map((m, i) => ({
    line: m.line,
    start: m.start,
    where: [m.time, m.from && m.from !== 'local' && `from ${m.from}`, m.to && m.to !== 'local' && `to ${m.to}`].filter(Boolean).join(' '),
    findings: [...explain(m, data), ...(across.get(i) || [])]
  }))
  return { items, unread, ladder: ladder(messages) }
}
