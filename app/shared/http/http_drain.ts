import type { Server, ServerResponse } from 'node:http'

/** How long requests in flight get after SIGTERM before their connections are cut. */
export const DRAIN_DEADLINE_MS = 5_000

/**
 * The HTTP side of a graceful stop (ARCHITECTURE.md "Operations"). `server.close()`
 * alone only stops listening and closes the connections idle at that moment: a
 * keep-alive connection busy then goes on carrying new requests (a polling page,
 * a reconnecting event stream) and the server never finishes closing. Once
 * draining, every response is its connection's last, connections are closed as
 * soon as they are idle, and whatever is still open at the deadline is cut.
 */
export class HttpDrain {
  #draining = false

  get draining() {
    return this.#draining
  }

  /** For every request: while draining, its response closes the connection. */
  mark(response: ServerResponse) {
    if (this.#draining && !response.headersSent) response.setHeader('Connection', 'close')
  }

  begin(server: Server, deadlineMs = DRAIN_DEADLINE_MS) {
    if (this.#draining) return
    this.#draining = true
    server.closeIdleConnections()
    // responses already under way were sent keep-alive: close their sockets once idle
    const sweep = setInterval(() => server.closeIdleConnections(), 100).unref()
    const cut = setTimeout(() => server.closeAllConnections(), deadlineMs).unref()
    server.once('close', () => {
      clearInterval(sweep)
      clearTimeout(cut)
    })
  }
}

export const httpDrain = new HttpDrain()
