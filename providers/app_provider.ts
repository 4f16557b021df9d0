import type { ApplicationService } from '@adonisjs/core/types'
import { isLoopbackAddress } from '#shared/http/loopback_caller'

/** Where the server listens, and whether other machines can reach it. */
function listening(host: string, port: number) {
  const loopback = isLoopbackAddress(host) || host === 'localhost'
  if (loopback) return `${host}:${port} (this machine only; HOST=0.0.0.0 accepts other machines)`
  if (['0.0.0.0', '::'].includes(host))
    return `${host}:${port} (all interfaces: other machines too)`
  return `${host}:${port}`
}

/**
 * Logs which mode the instance runs in, so an operator can tell at a glance
 * whether it uses the embedded PostgreSQL or memory stores; hears the other
 * instances' purges of the anonymous page cache.
 */
export default class AppProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    if (['web', 'test'].includes(this.app.getEnvironment())) {
      const { pagePurge } = await import('#shared/http/page_purge')
      await pagePurge.listen()
    }
    if (this.app.getEnvironment() !== 'web') return
    const { default: env } = await import('#start/env')
    const logger = await this.app.container.make('logger')
    logger.info(
      {
        database: env.get('DATABASE_EMBEDDED')
          ? 'embedded PostgreSQL (tmp/postgres)'
          : 'DATABASE_URL',
        stores: env.get('REDIS_URL')
          ? 'redis (REDIS_URL)'
          : 'memory (no REDIS_URL: single instance only)',
        mail: env.get('SMTP_HOST') ? 'smtp' : 'files in tmp/mails',
        listen: listening(env.get('HOST', '0.0.0.0'), env.get('PORT', 3333)),
      },
      'running in %s mode',
      this.app.inProduction ? 'production' : this.app.getEnvironment()
    )
  }

  async shutdown() {
    const { pagePurge } = await import('#shared/http/page_purge')
    await pagePurge.stop()
  }
}
