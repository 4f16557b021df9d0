import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { STATUS_CODES } from 'node:http'

/** Answers a refused handshake with a plain HTTP response, then closes the socket. */
export function refuseUpgrade(socket: Duplex, status: 401 | 403 | 429 | 503) {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = STATUS_CODES[status] ?? 'Refused'
  socket.once('finish', () => socket.destroy())
  socket.end(
    `HTTP/1.1 ${status} ${body}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body
  )
}

export function pathOf(request: IncomingMessage) {
  return new URL(request.url ?? '/', 'http://localhost')
}
