import WebSocket, { type ClientOptions } from 'ws'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import env from '#start/env'

/** The test HTTP server (tests/bootstrap.ts starts it on HOST:PORT). */
export const SERVER = `${env.get('HOST', '127.0.0.1')}:${env.get('PORT', 3333)}`
export const OWN_ORIGIN = `http://${SERVER}`

export function wsUrl(ticket?: string, path = '/ws') {
  return `ws://${SERVER}${path}${ticket === undefined ? '' : `?ticket=${encodeURIComponent(ticket)}`}`
}

export async function ticketFor(client: ApiClient, user: User) {
  const response = await client.post('/realtime/ws-ticket').loginAs(user).withCsrfToken()
  response.assertStatus(200)
  return response.body().ticket as string
}

/** A ticket minted from one login session (a browser signed in through the form). */
export async function ticketOfSession(client: ApiClient, sessionId: string) {
  const response = await client.post('/realtime/ws-ticket').usingSession(sessionId).withCsrfToken()
  response.assertStatus(200)
  return response.body().ticket as string
}

export type ServerEvent = { type: string; [key: string]: any }
type Waiter = { match: (event: ServerEvent) => boolean; resolve: (event: ServerEvent) => void }

/**
 * The test's end of a socket. Keeps every event the server sent until a test
 * takes it, so `next()` never misses one that arrived early.
 */
export class TestSocket {
  readonly closed: Promise<{ code: number; reason: string }>
  #unread: ServerEvent[] = []
  #waiters: Waiter[] = []

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as ServerEvent
      const waiter = this.#waiters.find((candidate) => candidate.match(event))
      if (!waiter) return this.#unread.push(event)
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1)
      waiter.resolve(event)
    })
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: String(reason) }))
    )
  }

  static open(url: string, options: ClientOptions = {}) {
    return new Promise<TestSocket>((resolve, reject) => {
      const ws = new WebSocket(url, { origin: OWN_ORIGIN, ...options })
      const socket = new TestSocket(ws)
      ws.once('open', () => resolve(socket))
      ws.once('unexpected-response', (request, response) => {
        request.destroy()
        reject(new Error(`handshake refused: ${response.statusCode}`))
      })
      ws.once('error', reject)
    })
  }

  /** A socket opened from this login session (closed 4001 when the session ends). */
  static async ofSession(client: ApiClient, sessionId: string, options: ClientOptions = {}) {
    return TestSocket.open(wsUrl(await ticketOfSession(client, sessionId)), options)
  }

  /** A socket of this user, through a fresh ticket. */
  static async of(client: ApiClient, user: User, options: ClientOptions = {}) {
    return TestSocket.open(wsUrl(await ticketFor(client, user)), options)
  }

  send(message: Record<string, unknown>) {
    this.ws.send(JSON.stringify(message))
  }

  /** The next event (matching `match`), waiting for it up to `timeoutMs`. */
  next(match: (event: ServerEvent) => boolean = () => true, timeoutMs = 2000) {
    const early = this.#unread.findIndex(match)
    if (early !== -1) return Promise.resolve(this.#unread.splice(early, 1)[0])
    return new Promise<ServerEvent>((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (event) => {
          clearTimeout(timer)
          resolve(event)
        },
      }
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1)
        reject(new Error(`no matching event within ${timeoutMs} ms`))
      }, timeoutMs)
      this.#waiters.push(waiter)
    })
  }

  nextOfType(type: string, timeoutMs?: number) {
    return this.next((event) => event.type === type, timeoutMs)
  }

  /** Sends a message and waits for the reply that echoes its id. */
  async request(message: Record<string, unknown>) {
    const id = `r${Math.random().toString(36).slice(2)}`
    this.send({ ...message, id })
    return this.next((event) => event.re === id)
  }

  /** Whether the server still answers this socket. */
  async answersPing() {
    const reply = await this.request({ type: 'ping' })
    return reply.type === 'pong'
  }

  /** The close code, once the socket has closed. */
  async closeCode() {
    const { code } = await this.closed
    return code
  }

  /** Whether nothing matching arrives within `ms` (a relay that must not happen). */
  async staysQuiet(match: (event: ServerEvent) => boolean = () => true, ms = 200) {
    try {
      await this.next(match, ms)
      return false
    } catch {
      return true
    }
  }

  async close() {
    if (this.ws.readyState === WebSocket.CLOSED) return
    this.ws.close()
    await this.closed
  }
}

/** The HTTP status a handshake is answered with (101 when it opens). */
export function handshakeStatus(url: string, options: ClientOptions = {}) {
  return new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(url, options)
    ws.once('open', () => {
      ws.terminate()
      resolve(101)
    })
    ws.once('unexpected-response', (request, response) => {
      request.destroy()
      resolve(response.statusCode ?? 0)
    })
    ws.once('error', reject)
  })
}

/** Polls until `check` holds (presence is written asynchronously after a close). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
