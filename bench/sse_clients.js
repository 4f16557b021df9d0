/*
| Light SSE clients for bench/realtime.js, driven over IPC: raw net sockets
| writing `GET /__transmit/events?uid=…` (no HTTP client state per stream),
| each subscribed once open, through a small keep-alive pool of
| POST /__transmit/subscribe (same channel for all, the demo user's).
| bench/realtime.js runs two of these so each stays under the open-files limit.
|
| Requests (each with an `id`, answered with the same `id`):
|   { cmd: 'open', port, cookie, csrf, channel, count, concurrency }
|       → { opened, failed, subscribed, refused, errors, openMs, ms }
|   { cmd: 'watch', marker, timeoutMs } → { watching }      (start looking for `marker`)
|   { cmd: 'collect' } → { expected, arrivals: [hrtime ns …] } (once every stream saw it, or the timeout)
|   { cmd: 'count' } → { open }
|   { cmd: 'close' } → { closed }, then the process exits
*/
import net from 'node:net'
import http from 'node:http'
import { randomUUID } from 'node:crypto'

/** @type {{ socket: net.Socket, uid: string, open: boolean, subscribed: boolean, tail: string, seen: string }[]} */
const streams = []
let watch = null

function reply(id, body) {
  process.send?.({ id, ...body })
}

function openStream(port, cookie) {
  return new Promise((resolve) => {
    const stream = {
      socket: null,
      uid: randomUUID(),
      open: false,
      subscribed: false,
      tail: '',
      seen: '',
    }
    let head = ''
    let settled = false
    const settle = (error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(error ? { error } : { stream })
    }
    const socket = net.connect({ host: '127.0.0.1', port })
    stream.socket = socket
    socket.setEncoding('latin1')
    socket.setNoDelay(true)
    const timer = setTimeout(() => {
      socket.destroy()
      settle('timeout')
    }, 30_000)
    socket.on('connect', () => {
      socket.write(
        `GET /__transmit/events?uid=${stream.uid} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
          `Accept: text/event-stream\r\nCookie: ${cookie}\r\n\r\n`
      )
    })
    socket.on('data', (chunk) => {
      if (stream.open) return onData(stream, chunk)
      head += chunk
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) return
      if (!head.startsWith('HTTP/1.1 200')) {
        socket.destroy()
        return settle(head.slice(0, head.indexOf('\r\n')))
      }
      if (head.indexOf(':ok', end) === -1) return
      stream.open = true
      settle()
    })
    socket.on('error', (error) => settle(error.code ?? error.message))
    socket.on('close', () => {
      stream.open = false
      settle('closed')
    })
  })
}

function onData(stream, chunk) {
  if (!watch) return
  const text = stream.tail + chunk
  stream.tail = text.slice(-48)
  if (stream.seen === watch.marker || !text.includes(watch.marker)) return
  stream.seen = watch.marker
  watch.arrivals.push(Number(process.hrtime.bigint()))
  if (watch.arrivals.length >= watch.expected) watch.done()
}

/** Runs `work` over items with at most `limit` in flight. */
async function pool(items, limit, work) {
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++])
  })
  await Promise.all(workers)
}

function subscribe(agent, { port, cookie, csrf, channel }, stream) {
  const body = JSON.stringify({ uid: stream.uid, channel })
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/__transmit/subscribe',
        agent,
        headers: {
          'cookie': cookie,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-csrf-token': csrf,
          'accept': 'application/json',
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
      }
    )
    req.on('error', (error) => resolve(error.code ?? error.message))
    req.end(body)
  })
}

/** Opens `count` streams, each subscribed as soon as it is open (as a page does). */
async function open(request) {
  const started = performance.now()
  const errors = new Map()
  const note = (error) => errors.set(error, (errors.get(error) ?? 0) + 1)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  let opened = 0
  let subscribed = 0
  let lastOpenAt = started
  await pool(
    Array.from({ length: request.count }, (_, i) => i),
    request.concurrency ?? 100,
    async () => {
      const result = await openStream(request.port, request.cookie)
      if (!result.stream) return note(`open: ${result.error}`)
      streams.push(result.stream)
      opened++
      lastOpenAt = performance.now()
      const status = await subscribe(agent, request, result.stream)
      if (status === 204) {
        result.stream.subscribed = true
        subscribed++
      } else note(`subscribe: ${status}`)
    }
  )
  agent.destroy()
  return {
    opened,
    failed: request.count - opened,
    subscribed,
    refused: opened - subscribed,
    errors: Object.fromEntries(errors),
    openMs: Math.round(lastOpenAt - started),
    ms: Math.round(performance.now() - started),
  }
}

process.on('message', async (request) => {
  switch (request.cmd) {
    case 'open':
      return reply(request.id, await open(request))
    case 'watch': {
      const expected = streams.filter((stream) => stream.open && stream.subscribed).length
      let done
      const finished = new Promise((resolve) => (done = resolve))
      watch = { marker: request.marker, arrivals: [], expected, done, finished }
      if (!expected) done()
      setTimeout(done, request.timeoutMs ?? 5000).unref()
      return reply(request.id, { watching: expected })
    }
    case 'collect': {
      const current = watch
      await current.finished
      watch = null
      return reply(request.id, { expected: current.expected, arrivals: current.arrivals })
    }
    case 'count':
      return reply(request.id, { open: streams.filter((stream) => stream.open).length })
    case 'close':
      for (const stream of streams) stream.socket.destroy()
      reply(request.id, { closed: streams.length })
      setTimeout(() => process.exit(0), 50)
      return
  }
})

process.on('SIGTERM', () => {
  for (const stream of streams) stream.socket?.destroy()
  process.exit(0)
})
process.on('SIGINT', () => {})
// the bench driver went away: so do we
process.on('disconnect', () => process.exit(0))
