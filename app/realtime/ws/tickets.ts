import { randomBytes } from 'node:crypto'
import encryption from '@adonisjs/core/services/encryption'
import redis from '@adonisjs/redis/services/main'
import { redisEnabled } from '#config/redis'
import { wsSettings } from '#realtime/ws/settings'
import { allowTicket } from '#realtime/ws/ticket_allowance'

/** Who a ticket was issued to: what the socket will act as. */
export type TicketClaims = {
  userId: number
  locale: string
  /** The session the ticket was minted from: its socket is closed when that session ends. */
  sessionId: string | null
}

const PURPOSE = 'ws-ticket'
const ticketKey = (id: string) => `ws:ticket:${id}`

interface TicketStore {
  put(id: string, claims: TicketClaims, ttlMs: number): Promise<void>
  /** Atomically reads and deletes: a ticket opens one socket only. */
  take(id: string): Promise<TicketClaims | null>
}

const redisStore: TicketStore = {
  async put(id, claims, ttlMs) {
    await redis.set(ticketKey(id), JSON.stringify(claims), 'PX', ttlMs)
  },
  async take(id) {
    const value = await redis.getdel(ticketKey(id))
    return value ? (JSON.parse(value) as TicketClaims) : null
  },
}

function memoryStore(): TicketStore {
  const tickets = new Map<string, { claims: TicketClaims; expiresAt: number }>()
  return {
    async put(id, claims, ttlMs) {
      const now = Date.now()
      for (const [key, ticket] of tickets) if (ticket.expiresAt <= now) tickets.delete(key)
      tickets.set(id, { claims, expiresAt: now + ttlMs })
    },
    async take(id) {
      const ticket = tickets.get(id)
      tickets.delete(id)
      return ticket && ticket.expiresAt > Date.now() ? ticket.claims : null
    },
  }
}

const store = redisEnabled ? redisStore : memoryStore()

/**
 * Short-lived single-use tickets that let a signed-in page open a socket
 * (browsers cannot set headers on a WebSocket, and the session cookie alone
 * would let any site's page open one in the user's name). The ticket is a
 * random id signed with the app key, so a forged one is refused without a
 * Redis round trip; the id's record in Redis is taken with GETDEL, so each
 * ticket opens one socket, within its TTL.
 */
export const wsTickets = {
  async issue(
    userId: number,
    locale: string,
    ttlMs = wsSettings.ticketTtlSeconds * 1000,
    /** The login session asking (null for tickets made outside one, e.g. load tests). */
    sessionId: string | null = null
  ) {
    const id = randomBytes(24).toString('base64url')
    await store.put(id, { userId, locale, sessionId }, ttlMs)
    return {
      ticket: encryption.getMessageVerifier().sign(id, ttlMs, PURPOSE),
      expiresIn: Math.round(ttlMs / 1000),
    }
  },

  /**
   * A ticket a page brings, counted against the user's ticket allowance like
   * the ticket endpoint's: null over the limit (the page renders without one
   * and its script asks the endpoint later).
   */
  async issueWithinLimit(userId: number, locale: string, sessionId: string | null) {
    if (!(await allowTicket(userId))) return null
    return this.issue(userId, locale, undefined, sessionId)
  },

  async consume(ticket: string | null | undefined): Promise<TicketClaims | null> {
    if (!ticket || ticket.length > 512) return null
    const id = encryption.getMessageVerifier().unsign<string>(ticket, PURPOSE)
    if (typeof id !== 'string') return null
    const claims = await store.take(id)
    return claims ? { ...claims, sessionId: claims.sessionId ?? null } : null
  },
}
