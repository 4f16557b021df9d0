import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { redisEnabled } from '#config/redis'

async function check(probe: () => Promise<unknown>) {
  const started = performance.now()
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
    ])
    return { ok: true, ms: Math.round(performance.now() - started) }
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  }
}

export default class HealthController {
  /** The process is up and serving HTTP. */
  live({ response }: HttpContext) {
    return response.json({ status: 'ok' })
  }

  /**
   * The instance can do its work: its start has finished (the providers' ready
   * hooks: the WebSocket server attached, jobs started — the port listens
   * before), PostgreSQL answers and, when configured, Redis.
   */
  async ready({ response }: HttpContext) {
    const started = { ok: app.isReady }
    const postgres = await check(() => db.rawQuery('select 1'))
    const redisCheck = redisEnabled ? await check(() => redis.ping()) : { ok: true, mode: 'memory' }
    const ok = started.ok && postgres.ok && redisCheck.ok
    return response.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'unavailable',
      checks: { started, postgres, redis: redisCheck },
    })
  }
}
