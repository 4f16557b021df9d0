import { randomUUID } from 'node:crypto'
import redis from '@adonisjs/redis/services/main'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { redisChannel, redisEnabled } from '#config/redis'
import { pageCache } from '#shared/http/page_cache'

/** Tells this instance's own messages apart from the others'. */
const INSTANCE = randomUUID()
const channel = () => redisChannel('page-purge')

let listening: ((message: string) => void) | undefined

function purgeHere(paths: string[]) {
  if (paths.length) pageCache.purge(paths)
}

/**
 * Purges of the anonymous page cache (#shared/http/page_cache), on every
 * instance: here at once, elsewhere through Redis pub/sub (memory only, one
 * instance, without REDIS_URL). The module that owns what a cached page
 * shows purges it once the change is committed; a module that adds a
 * section to another module's page purges that page (identity offers
 * `publicPages` for its profile and field pages).
 *
 * A path ending in `/` purges every path under it.
 */
export const pagePurge = {
  async purge(paths: Iterable<string>) {
    const list = [...new Set(paths)]
    if (!list.length) return
    purgeHere(list)
    if (!redisEnabled) return
    try {
      await redis.publish(channel(), JSON.stringify({ from: INSTANCE, paths: list }))
    } catch (error) {
      // the other instances' copies expire with their TTL
      logger.error({ err: error, paths: list }, 'page purge not sent to the other instances')
    }
  },

  /** The same once `trx` commits (at once without one). */
  purgeAfterCommit(paths: Iterable<string>, trx?: TransactionClientContract | null) {
    const list = [...paths]
    if (!trx) return this.purge(list)
    trx.after('commit', () => void this.purge(list))
  },

  /**
   * Hears the other instances' purges (at boot, with REDIS_URL). Redis
   * unreachable: logged, and this instance's copies expire with their TTL.
   */
  async listen(timeoutMs = 5_000) {
    if (!redisEnabled || listening) return
    listening = (message: string) => {
      try {
        const { from, paths } = JSON.parse(message) as { from: string; paths: string[] }
        if (from !== INSTANCE && Array.isArray(paths)) purgeHere(paths.map(String))
      } catch (error) {
        logger.warn({ err: error }, 'unreadable page purge message')
      }
    }
    const handler = listening
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('no subscription within the time')),
          timeoutMs
        )
        timer.unref()
        redis.connection('main').subscribe(channel(), handler, {
          onSubscription: () => {
            clearTimeout(timer)
            resolve()
          },
          onError: reject,
        })
      })
    } catch (error) {
      logger.error({ err: error, channel: channel() }, 'not hearing page purges of other instances')
    }
  },

  async stop() {
    if (!listening) return
    const handler = listening
    listening = undefined
    await redis.connection('main').unsubscribe(channel(), handler)
  },
}
