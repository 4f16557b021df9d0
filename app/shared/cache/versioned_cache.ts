import { randomBytes } from 'node:crypto'
import cache from '@adonisjs/cache/services/main'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/** A cached value's subject: a user id, or a fixed name for a global value. */
export type Subject = number | string

const PROCESS_TAG = randomBytes(4).toString('hex')
let sequence = 0
/** Unique across instances without a shared counter: bumping is a plain set. */
const newVersion = () => `${PROCESS_TAG}${(++sequence).toString(36)}`

/**
 * How long an instance trusts its L1 copy of a version: the bus normally
 * replaces it at once; this bounds the staleness after a lost bus message.
 */
const VERSION_TTL_MS = 10 * 60 * 1000

/**
 * The values already read in this process, by versioned key. A key names
 * one immutable value (a change makes a new version, hence a new key), so
 * this memo never needs invalidating; it saves parsing the L1 copy (kept
 * serialized: bentocache 1.6 cannot refill an unserialized L1 from Redis,
 * Julien-R44/bentocache#111) on every request. Oldest entries go first.
 */
const readValues = new Map<string, unknown>()
const READ_VALUES_MAX = 20_000

function remember(key: string, value: unknown) {
  if (readValues.size >= READ_VALUES_MAX) {
    readValues.delete(readValues.keys().next().value!)
  }
  readValues.set(key, value)
}

/**
 * Values cached per subject (memory L1, Redis L2, the bus keeping every
 * instance's L1 coherent: config/cache.ts) until the subject's version is
 * bumped. The value's key carries the version read *before* loading it, so a
 * load that raced a change (it read the database just before the change
 * committed) is stored under the old version, which no one reads any more:
 * a plain delete would let it overwrite the fresh value until the TTL.
 *
 * Bump after the change is committed (`bumpAfterCommit` with the change's
 * transaction): bumping earlier lets a reader cache the old rows under the
 * new version.
 */
export function versionedCache<Value>(name: string, { ttlMs = 10 * 60 * 1000 } = {}) {
  const versionKey = (subject: Subject) => `${name}:v:${subject}`

  async function bump(subjects: Subject | Iterable<Subject>) {
    const list = typeof subjects === 'object' ? [...new Set(subjects)] : [subjects]
    await Promise.all(
      list.map((subject) =>
        cache.set({ key: versionKey(subject), value: newVersion(), ttl: VERSION_TTL_MS })
      )
    )
  }

  return {
    name,

    /**
     * The subject's value: cached, or loaded (once per instance at a time) and
     * cached. Shared between requests: read it, never change it.
     */
    async get(subject: Subject, load: () => Promise<Value>): Promise<Value> {
      const version = await cache.getOrSet({
        key: versionKey(subject),
        factory: newVersion,
        ttl: VERSION_TTL_MS,
      })
      const key = `${name}:${subject}:${version}`
      if (readValues.has(key)) return readValues.get(key) as Value
      const value = await cache.getOrSet({ key, factory: load, ttl: ttlMs })
      remember(key, value)
      return value
    },

    /** What these subjects' values show has changed (and is committed): they are reloaded. */
    bump,

    /**
     * The same once `trx` commits (at once without one). A commit hook is not
     * awaited: a failure is logged, and the entry lives until its TTL.
     */
    bumpAfterCommit(
      subjects: Subject | Iterable<Subject>,
      trx?: TransactionClientContract | null
    ): Promise<void> | void {
      if (!trx) return bump(subjects)
      trx.after('commit', () => {
        bump(subjects).catch((error) =>
          logger.error({ err: error, cache: name }, 'cache version not bumped')
        )
      })
    },
  }
}

export type VersionedCache<Value> = ReturnType<typeof versionedCache<Value>>
