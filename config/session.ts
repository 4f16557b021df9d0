import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'
import { redisEnabled } from '#config/redis'

/**
 * Redis store when REDIS_URL is set (shared by every instance), memory store
 * otherwise. Both support tagging, which the account "sessions" page uses to
 * list and revoke a user's sessions.
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: app.inProduction ? '__Host-mg_session' : 'mg_session',
  clearWithBrowser: false,
  age: '12h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: redisEnabled ? 'redis' : 'memory',
  stores: {
    redis: stores.redis({ connection: 'main' }),
  },
})

export default sessionConfig
