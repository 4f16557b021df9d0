import { defineConfig, drivers, store } from '@adonisjs/cache'
import type { InferStores } from '@adonisjs/cache/types'
import env from '#start/env'
import { redisChannel, redisEnabled } from '#config/redis'

/*
| @adonisjs/cache (bentocache): a memory L1 in each instance; with REDIS_URL
| also Redis as L2 and its bus, which tells every other instance to drop its
| L1 copy of a key that one instance set or deleted. Without Redis (one
| instance, the embedded local run) memory only.
|
| Entries are per user (account, header counts) or global (the field
| catalogue), under versions: app/shared/cache/versioned_cache.ts.
*/

/** The store's name names its bus channel: the database number keeps test runs apart. */
export const CACHE_STORE = redisChannel('cache')

const memory = drivers.memory({ maxItems: env.get('CACHE_MAX_ITEMS', 50_000), maxSize: '64mb' })

const main = redisEnabled
  ? store()
      .useL1Layer(memory)
      .useL2Layer(drivers.redis({ connectionName: 'main', prefix: 'cache' }))
      .useBus(drivers.redisBus({ connectionName: 'main' }))
  : store().useL1Layer(memory)

const cacheConfig = defineConfig({
  default: CACHE_STORE,
  prefix: 'mg',
  // a safety net only: every entry is replaced when what it shows changes
  ttl: '10m',
  grace: false,
  // Redis away: the page is rendered from the database, not failed
  suppressL2Errors: true,
  stores: { [CACHE_STORE]: main },
})

export default cacheConfig

declare module '@adonisjs/cache/types' {
  interface CacheStores extends InferStores<typeof cacheConfig> {}
}
