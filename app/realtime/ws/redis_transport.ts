import app from '@adonisjs/core/services/app'
import redis from '@adonisjs/redis/services/main'
import type { RedisConnection } from '@adonisjs/redis'
import logger from '@adonisjs/core/services/logger'

/**
 * How long subscribing may take at boot. ioredis queues commands while it
 * retries an unreachable server, forever by default, so without a limit the
 * app's boot (which awaits wsHub.start()) would hang without a word.
 */
export const SUBSCRIBE_TIMEOUT_MS = 5_000

/** How hubs on all instances reach each other. */
export interface HubTransport {
  publish(message: string): Promise<void>
  /** Resolves once the subscription is live (messages published after it are received). */
  subscribe(onMessage: (message: string) => void): Promise<void>
  unsubscribe(): Promise<void>
}

/**
 * Pub/sub ignores the Redis database number, so the channel carries it
 * (with the key prefix): instances sharing a database meet, test runs on
 * other databases of the same server do not.
 */
export function hubChannel(connectionName = 'main') {
  const config = app.config.get<{ keyPrefix?: string; db?: number }>(
    `redis.connections.${connectionName}`,
    {}
  )
  return `${config.keyPrefix ?? ''}ws:db${config.db ?? 0}`
}

/**
 * Publishes on the app's connection; receives on its subscriber connection
 * (@adonisjs/redis opens a dedicated one on the first subscribe).
 */
export function redisTransport(
  connection: () => Pick<RedisConnection, 'publish' | 'subscribe' | 'unsubscribe'> = () =>
    redis.connection('main'),
  channel = hubChannel(),
  subscribeTimeoutMs = SUBSCRIBE_TIMEOUT_MS
): HubTransport {
  let handler: ((message: string) => void) | undefined
  return {
    async publish(message) {
      await connection().publish(channel, message)
    },
    subscribe(onMessage) {
      handler = onMessage
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const error = new Error(
            `WebSocket hub: could not subscribe to Redis channel "${channel}" within ` +
              `${subscribeTimeoutMs} ms; is Redis (REDIS_URL) reachable?`
          )
          logger.error({ err: error }, error.message)
          reject(error)
        }, subscribeTimeoutMs)
        timer.unref()
        connection().subscribe(channel, onMessage, {
          onSubscription: () => {
            clearTimeout(timer)
            resolve()
          },
          onError: (error) => {
            clearTimeout(timer)
            reject(error)
          },
        })
      })
    },
    async unsubscribe() {
      if (handler) await connection().unsubscribe(channel, handler)
      handler = undefined
    },
  }
}
