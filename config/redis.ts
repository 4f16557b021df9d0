import env from '#start/env'
import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'

/** REDIS_URL unset → no connection is ever opened; memory stores are used instead. */
export const redisEnabled = Boolean(env.get('REDIS_URL'))

/** ioredis options from a redis:// or rediss:// URL (also used by the Transmit bus). */
export function redisConnectionOptions(value: string | undefined) {
  const url = new URL(value ?? 'redis://127.0.0.1:6379/0')
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number(url.pathname.slice(1) || 0),
    tls: url.protocol === 'rediss:' ? {} : undefined,
  }
}

const KEY_PREFIX = 'mg:'

/**
 * A pub/sub channel name of this app's database: pub/sub ignores the
 * database number, so the name carries it (with the key prefix), and test
 * runs on other databases of the same server do not hear each other.
 */
export function redisChannel(name: string) {
  return `${KEY_PREFIX}${name}:db${redisConnectionOptions(env.get('REDIS_URL')).db}`
}

const redisConfig = defineConfig({
  connection: 'main',
  connections: {
    main: {
      ...redisConnectionOptions(env.get('REDIS_URL')),
      keyPrefix: KEY_PREFIX,
      lazyConnect: true,
      retryStrategy(times) {
        return Math.min(times * 100, 2000)
      },
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
