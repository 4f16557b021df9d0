import { createHash } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { defineConfig } from '@adonisjs/transmit'
import { redis } from '@adonisjs/transmit/transports/redis'
import { redisConnectionOptions } from '#config/redis'

/**
 * Instances sharing a database share one Redis channel, so a notification
 * stored on one reaches browsers connected to another. Redis pub/sub ignores
 * the database number: the channel is named after the app's database so that
 * two apps (or two test runs) on one Redis never hear each other.
 */
const busChannel = `transmit::${createHash('sha1')
  .update(env.get('DATABASE_URL') ?? 'embedded')
  .digest('hex')
  .slice(0, 12)}`

export default defineConfig({
  // proxies close idle responses: a comment every 25 s keeps the stream open
  pingInterval: '25s',
  // none while `ace codegen` warms the app up: the warm-up mode skips the shutdown hooks
  // that would close its two Redis connections, so the command never exited
  transport:
    env.get('REDIS_URL') && app.getMode() !== 'warmup'
      ? { driver: redis(redisConnectionOptions(env.get('REDIS_URL'))), channel: busChannel }
      : null,
})
