import { PgBoss } from 'pg-boss'
import logger from '@adonisjs/core/services/logger'

type Job = { name: string; cron?: string; handler: () => Promise<unknown> }

const registered = new Map<string, Job>()
let boss: PgBoss | null = null

/**
 * Background jobs on pg-boss, in the app's own PostgreSQL (schema `pgboss`):
 * modules register a job (optionally on a cron) at boot; each app instance
 * works the queues, and pg-boss hands every job to one worker only.
 */
export const jobs = {
  register(job: Job) {
    registered.set(job.name, job)
  },

  get running() {
    return boss !== null
  },

  async start(connectionString: string) {
    if (boss) return
    const instance = new PgBoss({ connectionString, schema: 'pgboss', max: 2 })
    instance.on('error', (error) => logger.error({ err: error }, 'pg-boss'))
    await instance.start()
    for (const job of registered.values()) {
      await instance.createQueue(job.name)
      if (job.cron) await instance.schedule(job.name, job.cron)
      await instance.work(job.name, async () => {
        await job.handler()
      })
    }
    boss = instance
  },

  /** Queues a run now (rather than at its next cron tick); returns the job id. */
  async runSoon(name: string) {
    if (!boss) throw new Error('jobs are not running in this process')
    return boss.send(name, {})
  },

  /** Waits for a job to finish (tests, commands); its state: completed, failed … */
  async settle(name: string, id: string, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs
    while (boss && Date.now() < deadline) {
      const job = await boss.getJobById(name, id)
      if (job && ['completed', 'failed', 'cancelled'].includes(job.state)) return job.state
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`job ${name} ${id} did not finish in ${timeoutMs} ms`)
  },

  async stop() {
    const instance = boss
    boss = null
    await instance?.stop({ graceful: true, timeout: 10_000 })
  },
}
