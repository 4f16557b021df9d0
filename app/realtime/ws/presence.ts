import { randomUUID } from 'node:crypto'
import redis from '@adonisjs/redis/services/main'
import { redisEnabled } from '#config/redis'
import { localConnections, type LocalConnections } from '#realtime/ws/local_connections'
import { wsSettings } from '#realtime/ws/settings'

export type PresenceStatus = { online: boolean; lastSeenAt: Date | null }

/** Tells this instance's presence apart from other instances' in the shared hash. */
const INSTANCE_ID = randomUUID()
const LAST_SEEN_TTL_SECONDS = 90 * 24 * 3600

const presenceKey = (userId: number) => `presence:${userId}`
const lastSeenKey = (userId: number) => `lastseen:${userId}`
const ttlMs = () => wsSettings.heartbeatMs * wsSettings.presenceTtlFactor

interface PresenceStore {
  online(userIds: number[]): Promise<void>
  offline(userId: number): Promise<void>
  status(userIds: number[]): Promise<Map<number, PresenceStatus>>
}

/**
 * `presence:<userId>` is a hash: one field per instance holding a socket of
 * the user, valued with that field's expiry. The key's TTL is refreshed with
 * every heartbeat, and an instance removes its own field when the user's
 * last socket there closes (Redis drops the emptied key). A crashed
 * instance's field stops counting at its expiry even while others refresh.
 */
const redisStore: PresenceStore = {
  async online(userIds) {
    if (!userIds.length) return
    const expiresAt = String(Date.now() + ttlMs())
    const pipeline = redis.pipeline()
    for (const userId of userIds) {
      pipeline.hset(presenceKey(userId), INSTANCE_ID, expiresAt)
      pipeline.pexpire(presenceKey(userId), ttlMs())
    }
    await pipeline.exec()
  },

  async offline(userId) {
    await redis
      .pipeline()
      .hdel(presenceKey(userId), INSTANCE_ID)
      .set(lastSeenKey(userId), String(Date.now()), 'EX', LAST_SEEN_TTL_SECONDS)
      .exec()
  },

  async status(userIds) {
    const pipeline = redis.pipeline()
    for (const userId of userIds) pipeline.hvals(presenceKey(userId)).get(lastSeenKey(userId))
    const replies = (await pipeline.exec()) ?? []
    const now = Date.now()
    return new Map(
      userIds.map((userId, index) => {
        const expiries = (replies[index * 2]?.[1] as string[] | null) ?? []
        const lastSeen = replies[index * 2 + 1]?.[1] as string | null
        return [
          userId,
          {
            online: expiries.some((expiry) => Number(expiry) > now),
            lastSeenAt: lastSeen ? new Date(Number(lastSeen)) : null,
          },
        ]
      })
    )
  },
}

/** Without Redis there is one instance: its own sockets are the truth. */
function memoryStore(local: LocalConnections): PresenceStore {
  const lastSeen = new Map<number, Date>()
  return {
    async online() {},
    async offline(userId) {
      lastSeen.set(userId, new Date())
    },
    async status(userIds) {
      return new Map(
        userIds.map((userId) => [
          userId,
          { online: local.hasUser(userId), lastSeenAt: lastSeen.get(userId) ?? null },
        ])
      )
    },
  }
}

const store = redisEnabled ? redisStore : memoryStore(localConnections)

type PresenceListener = (userId: number, status: PresenceStatus) => unknown
const listeners = new Set<PresenceListener>()

/** Tells the listeners a user's status after their first socket here opened or their last one closed. */
async function announce(userId: number) {
  if (!listeners.size) return
  const statuses = await store.status([userId])
  const status = statuses.get(userId)!
  for (const listener of listeners) await listener(userId, status)
}

/**
 * Who is online: a user with at least one open socket on any instance.
 * `status` is the public part; the server calls the others.
 */
export const presence = {
  /** Online flag and last disconnect time of each user (unknown users: offline, never seen). */
  status(userIds: number[]): Promise<Map<number, PresenceStatus>> {
    return store.status([...new Set(userIds)])
  },

  /**
   * Called when a user's first socket on this instance opens or their last
   * one closes, with their status across instances (another instance may
   * still hold a socket). Returns an unregister function.
   */
  onChange(listener: PresenceListener) {
    listeners.add(listener)
    return () => void listeners.delete(listener)
  },

  /** A user's first socket here opened. */
  async connected(userId: number) {
    await store.online([userId])
    await announce(userId)
  },

  /** Heartbeat: keeps this instance's users online. */
  refresh(userIds: number[]) {
    return store.online(userIds)
  },

  /** A user's last socket here closed. */
  async disconnected(userId: number) {
    await store.offline(userId)
    await announce(userId)
  },
}
