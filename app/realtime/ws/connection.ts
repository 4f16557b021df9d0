import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import type { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import logger from '@adonisjs/core/services/logger'
import { CLOSE } from '#realtime/ws/errors'
import { wsSettings } from '#realtime/ws/settings'
import { TokenBucket } from '#realtime/ws/token_bucket'
import type { WsConnection, WsErrorDetails, WsEvent, WsMessageMeta } from '#realtime/ws/types'

/** What to do with an incoming message, decided before it is even parsed. */
export type Admission = 'accept' | 'refuse' | 'drop' | 'close'

/** The socket side a connection needs (a `ws` WebSocket; a stub in tests). */
export type SocketLike = Pick<
  WebSocket,
  'readyState' | 'bufferedAmount' | 'send' | 'close' | 'terminate'
>

/**
 * One authenticated socket: sends with a cap on what may wait in its send
 * buffer, admits messages through a token bucket, and runs their handlers
 * one after another so a client's messages take effect in the order sent.
 */
export class Connection implements WsConnection {
  readonly id = randomUUID()
  readonly rooms = new Set<string>()
  readonly i18n: I18n
  /** Set by each pong, cleared by each ping (heartbeat). */
  alive = true
  #bucket = new TokenBucket(wsSettings.messagesPerSecond, wsSettings.messageBurst)
  #dropsInARow = 0
  #pending = 0
  #queue: Promise<void> = Promise.resolve()

  constructor(
    readonly socket: SocketLike,
    readonly userId: number,
    readonly locale: string,
    /** The login session the socket was opened from (closed when it ends). */
    readonly sessionId: string | null = null
  ) {
    this.i18n = i18nManager.locale(locale)
  }

  get isOpen() {
    return this.socket.readyState === WebSocket.OPEN
  }

  send(event: WsEvent) {
    return this.sendText(JSON.stringify(event))
  }

  /** Sends an already serialised event (the hub serialises once for many sockets). */
  sendText(text: string) {
    if (!this.isOpen) return false
    if (this.socket.bufferedAmount + text.length > wsSettings.sendQueueCapBytes) {
      this.closeSlowConsumer()
      return false
    }
    this.socket.send(text)
    return true
  }

  reply(to: WsMessageMeta | null, event: WsEvent) {
    return this.send(to?.id === undefined ? event : { ...event, re: to.id })
  }

  fail(to: WsMessageMeta | null, code: string, details: WsErrorDetails = {}) {
    const key = details.messageKey ?? `realtime.ws.${code}`
    const event: WsEvent = { type: 'error', code, message: this.i18n.t(key, details.messageData) }
    if (to?.type) event.for = to.type
    if (details.errors) event.errors = details.errors
    return this.reply(to, event)
  }

  close(code: number, reason?: string) {
    if (this.isOpen) this.socket.close(code, reason)
  }

  /**
   * Rate limit: a message beyond the bucket (or with too many still waiting)
   * is dropped; the first drop of a run is answered `rate_limited`, a long
   * run closes the connection.
   */
  admit(): Admission {
    if (this.#bucket.take() && this.#pending < wsSettings.maxPendingMessages) {
      this.#dropsInARow = 0
      return 'accept'
    }
    this.#dropsInARow++
    if (this.#dropsInARow > wsSettings.dropsBeforeClose) return 'close'
    return this.#dropsInARow === 1 ? 'refuse' : 'drop'
  }

  /** Runs a message's handling after the ones before it. */
  enqueue(work: () => Promise<void>) {
    this.#pending++
    this.#queue = this.#queue
      .then(work)
      .catch((error) => logger.error({ err: error }, 'WebSocket message handling failed'))
      .finally(() => this.#pending--)
  }

  /**
   * A reader that does not keep up would make us buffer without bound. The
   * close frame itself waits behind the full buffer, so the socket is cut
   * if the peer has not gone after a short grace.
   */
  private closeSlowConsumer() {
    this.socket.close(CLOSE.tryAgainLater, 'slow consumer')
    setTimeout(() => this.socket.terminate(), wsSettings.closeGraceMs).unref()
  }
}
