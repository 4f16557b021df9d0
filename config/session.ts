import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'
import string from '@adonisjs/core/helpers/string'
import { redisEnabled } from '#config/redis'
import { ExpiringMemoryStore } from '#shared/http/expiring_memory_store'

const age = '12h'

/**
 * Redis store when REDIS_URL is set (shared by every instance), memory store
 * otherwise (one whose entries expire like Redis keys). Both support tagging,
 * which the account "sessions" page uses to list and revoke a user's
 * sessions. A visitor gets a session only once something is written for them
 * (#shared/middleware/lazy_session_middleware).
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: app.inProduction ? '__Host-mg_session' : 'mg_session',
  clearWithBrowser: false,
  age,
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: redisEnabled ? 'redis' : 'memory',
  stores: {
    redis: stores.redis({ connection: 'main' }),
    memory: () => new ExpiringMemoryStore(string.seconds.parse(age) * 1000),
  },
})

export default sessionConfig
