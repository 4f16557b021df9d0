import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Background jobs (#shared/jobs): modules register theirs from their own
 * providers at boot; once the app is ready a web instance connects to
 * pg-boss and works the queues unless JOBS=off (it still enqueues). Tests
 * connect in tests/bootstrap.ts once their database exists, and work jobs
 * only when a test asks; other processes connect on their first enqueue.
 */
export default class JobsProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { jobs } = await import('#shared/jobs/jobs')
    const { pruneMailDeliveries } = await import('#shared/mail/mail_jobs')
    jobs.register(pruneMailDeliveries)
  }

  async ready() {
    if (this.app.getEnvironment() !== 'web') return
    const { jobs } = await import('#shared/jobs/jobs')
    const { default: env } = await import('#start/env')
    await jobs.start({ work: env.get('JOBS') !== 'off' })
  }

  async shutdown() {
    const { jobs } = await import('#shared/jobs/jobs')
    await jobs.stop()
  }
}
