// explain-analyse.js: a whole paste explained, as plain data the page
// shows. The worker (explain-worker.js) runs it off the page's thread, and
// the page itself where a worker cannot start; bench/explain.mjs times it.
import { parse } from './explain-parse.js'
import { explain } from './explain-findings.js'
import { dialog } from './explain-dialog.js'
import { offerAnswer } from './explain-sdp.js'
import { ladder } from './explain-ladder.js'

// analyse returns { count, unread, ladder, items(from, to) }: the number
// of messages, the lines not read, the ladder, and a function that gives,
// for messages from..to-1, each one's start line, where and when the
// framing says it went, and its findings (its own, then those only the
// trace around it shows). A message's own findings are worked out when
// they are asked for, so a big paste shows its first messages without
// waiting for the findings of all the others.
export function analyse (text, data) {
  const { messages, unread } = parse(text)
  const across = dialog(messages)
  for (const [i, list] of offerAnswer(messages)) across.set(i, [...(across.get(i) || []), ...list])
  const item = (m, i) => ({
    line: m.line,
    start: m.start,
    where: [m.time, m.from && m.from !== 'local' && `from ${m.from}`, m.to && m.to !== 'local' && `to ${m.to}`].filter(Boolean).join(' '),
    findings: [...explain(m, data), ...(across.get(i) || [])]
  })
  return {
    count: messages.length,
    unread,
    ladder: ladder(messages),
    items: (from, to) => messages.slice(from, to).map((m, k) => item(m, from + k))
  }
}
