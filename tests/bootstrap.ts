import pg from 'pg'
import type { Server as HttpServer } from 'node:http'
import { assert } from '@japa/assert'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import { apiClient } from '@japa/api-client'
import { browserClient } from '@japa/browser-client'
import testUtils from '@adonisjs/core/services/test_utils'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { sessionBrowserClient } from '@adonisjs/session/plugins/browser_client'
import { authBrowserClient } from '@adonisjs/auth/plugins/browser_client'
import env from '#start/env'
import { jobs } from '#shared/jobs/jobs'

export const plugins: Config['plugins'] = [
  assert(),
  pluginAdonisJS(app),
  apiClient(),
  sessionApiClient(app),
  shieldApiClient(),
  authApiClient(app),
  browserClient({
    runInSuites: ['browser'],
    launcher: async (options) => {
      const { chromium } = await import('playwright-core')
      return chromium.launch({
        ...options,
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      })
    },
  }),
  sessionBrowserClient(app),
  authBrowserClient(app),
]

/** The test database is created if missing, migrated, and Redis' test db emptied. */
async function prepareServices() {
  const url = new URL(env.get('DATABASE_URL'))
  const name = url.pathname.slice(1)
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).href,
  })
  await admin.connect()
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name])
  if (!exists.rowCount) await admin.query(`create database "${name.replaceAll('"', '')}"`)
  await admin.end()
  const { default: redis } = await import('@adonisjs/redis/services/main')
  await redis.flushdb()
}

/**
 * The global transaction of a test stands for the committed database: what
 * waits for a commit (a cache version bump, a page purge, a live
 * announcement) of a model loaded through it happens at once, as it would
 * after a real commit. Its changes are rolled back at the end, but what the
 * app cached from them (a user's header counts, their account) would outlive
 * them: the cache is emptied with every rollback.
 */
async function treatGlobalTransactionAsCommitted() {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const { default: cache } = await import('@adonisjs/cache/services/main')
  const begin = db.beginGlobalTransaction.bind(db)
  db.beginGlobalTransaction = async (...args) => {
    const trx = await begin(...args)
    const after = trx.after.bind(trx)
    trx.after = (event, handler) => {
      if (event !== 'commit') return after(event, handler)
      handler()
      return trx
    }
    return trx
  }
  const rollback = db.rollbackGlobalTransaction.bind(db)
  db.rollbackGlobalTransaction = async (...args) => {
    await rollback(...args)
    await cache.clear()
  }
}

/**
 * pg-boss connects once the database exists, to enqueue only: a test works
 * jobs itself (workQueuedJobs in tests/helpers.ts, or jobs.work()). Jobs
 * left by an earlier run are dropped.
 */
async function startJobs() {
  await jobs.start({ work: false })
  await jobs.clear()
}

export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    prepareServices,
    treatGlobalTransactionAsCommitted,
    () => testUtils.db().migrate(),
    startJobs,
  ],
  teardown: [],
}

/**
 * What a group committed beyond its own rows does not reach the next group:
 * the payments specs commit (the ledger is append-only, and their webhooks
 * come over HTTP from jobs), and their queued jobs (receipts, late sandbox
 * webhooks) and notifications would be worked, or mailed in a digest, by
 * another module's test that counts what it sends.
 */
async function leaveNothingBehind() {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  await jobs.clear()
  await db.from('notifications').delete()
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    suite.onGroup((group) => group.teardown(leaveNothingBehind))
    return suite.setup(async () => {
      const close = await testUtils.httpServer().start()
      return async () => {
        // a browser page a failed test left open keeps its event stream: closing the
        // server would wait for it for ever, and the run would never print its result
        const server = await app.container.make('server')
        ;(server.getNodeServer() as HttpServer | undefined)?.closeAllConnections()
        await close()
      }
    })
  }
}
