import logger from '@adonisjs/core/services/logger'
import { redisEnabled } from '#config/redis'
import { localConnections, type LocalConnections } from '#realtime/ws/local_connections'
import { redisTransport, type HubTransport } from '#realtime/ws/redis_transport'
import type { WsEvent } from '#realtime/ws/types'

export type RoomDelivery = {
  /** Only this user's sockets in the room (e.g. a signal addressed to one party). */
  toUserId?: number
  /** Not this user's sockets (the sender). */
  exceptUserId?: number
}

/** Removes these users' sockets from a room (and tells each removed socket `event`). */
type Eviction = { evict: { room: string; userIds: number[] }; event?: WsEvent }

/** An instance-wide command, not for sockets (e.g. end the sockets of logged-out sessions). */
export type HubControl = { kind: string; [key: string]: unknown }

/** What travels between instances. */
type Envelope =
  ({ event: WsEvent } & (({ room: string } & RoomDelivery) | { userId: number })) | Eviction

/**
 * Fan-out: an event for a room or a user is published on Redis and every
 * instance, the publisher included, delivers it to its own sockets. Without
 * Redis (a single local instance) it is delivered here directly.
 */
export class WsHub {
  #started = false
  #controlHandlers = new Set<(control: HubControl) => void>()

  constructor(
    private local: LocalConnections,
    private transport: HubTransport | null
  ) {}

  /** To every socket that joined the room, on every instance. */
  publishToRoom(room: string, event: WsEvent, delivery: RoomDelivery = {}) {
    return this.#publish({ room, event, ...delivery })
  }

  /** To every socket of the user, on every instance (joined rooms or not). */
  publishToUser(userId: number, event: WsEvent) {
    return this.#publish({ userId, event })
  }

  /**
   * Takes these users' sockets out of the room on every instance (e.g. after
   * a block); each socket removed gets `event`, if given.
   */
  evictFromRoom(room: string, userIds: number[], event?: WsEvent) {
    return this.#publish({ evict: { room, userIds }, event })
  }

  /** To every instance's control handlers (onControl). */
  publishControl(control: HubControl) {
    return this.#publish({ control } as unknown as Envelope)
  }

  /** Runs `handler` for each control published on any instance; returns a function removing it. */
  onControl(handler: (control: HubControl) => void) {
    this.#controlHandlers.add(handler)
    return () => this.#controlHandlers.delete(handler)
  }

  async start() {
    if (this.#started || !this.transport) return
    await this.transport.subscribe((message) => this.#receive(message))
    this.#started = true
  }

  async stop() {
    if (!this.#started || !this.transport) return
    this.#started = false
    await this.transport.unsubscribe()
  }

  async #publish(envelope: Envelope) {
    if (this.transport) await this.transport.publish(JSON.stringify(envelope))
    else this.#deliver(envelope)
  }

  #receive(message: string) {
    let envelope: Envelope
    try {
      envelope = JSON.parse(message)
    } catch {
      logger.warn('ignored an unreadable WebSocket hub message')
      return
    }
    this.#deliver(envelope)
  }

  #deliver(envelope: Envelope) {
    if ('control' in envelope) {
      for (const handler of this.#controlHandlers) handler(envelope.control as HubControl)
      return
    }
    if ('evict' in envelope) {
      const { room, userIds } = envelope.evict
      const evicted = this.local.evict(room, new Set(userIds))
      if (envelope.event) {
        const text = JSON.stringify(envelope.event)
        for (const connection of evicted) connection.sendText(text)
      }
      return
    }
    const text = JSON.stringify(envelope.event)
    if ('userId' in envelope) {
      for (const connection of this.local.ofUser(envelope.userId)) connection.sendText(text)
      return
    }
    const { toUserId, exceptUserId } = envelope
    for (const connection of this.local.inRoom(envelope.room)) {
      if (toUserId !== undefined && connection.userId !== toUserId) continue
      if (exceptUserId !== undefined && connection.userId === exceptUserId) continue
      connection.sendText(text)
    }
  }
}

export const wsHub = new WsHub(localConnections, redisEnabled ? redisTransport() : null)
