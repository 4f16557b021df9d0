import type { ApplicationService } from '@adonisjs/core/types'

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
