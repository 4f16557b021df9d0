import { PgBoss, fromKnex, type Job, type Queue } from 'pg-boss'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import env from '#start/env'

/** Where a job is enqueued: the caller's transaction, or the app's connection. */
export type JobClient = QueryClientContract | TransactionClientContract

export type JobDefinition<Data = any> = {
  name: string
  /** A cron expression (UTC): working instances queue a run on each tick. */
  cron?: string
  /** The queue's retry and expiry settings (pg-boss queue options). */
  queue?: Omit<Queue, 'name' | 'policy' | 'partition' | 'deadLetter'>
  /** Runs one job; a throw fails this attempt and pg-boss retries it per `queue`. */
  handler: (data: Data, job: Job<Data>) => Promise<unknown>
}

const registered = new Map<string, JobDefinition>()
const createdQueues = new Set<string>()
let boss: PgBoss | null = null
let starting: Promise<PgBoss> | null = null
let working = false
/** Bumped by stop(): a start() still connecting when the process stops must not begin working. */
let generation = 0

/** pg-boss runs its SQL on this connection: inside the caller's transaction when it has one. */
const executor = (client: JobClient = db.connection()) => fromKnex(client.getWriteClient())

async function ensureQueue(instance: PgBoss, job: JobDefinition) {
  if (createdQueues.has(job.name)) return
  await instance.createQueue(job.name, job.queue)
  // an existing queue keeps its settings otherwise: a deploy that changes them updates it
  if (job.queue) await instance.updateQueue(job.name, job.queue)
  createdQueues.add(job.name)
}

function definition(name: string) {
  const job = registered.get(name)
  if (!job) throw new Error(`no job named "${name}" is registered`)
  return job
}

async function running() {
  if (boss) return boss
  await jobs.start({ work: false })
  return boss!
}

async function run(job: JobDefinition, item: Job<any>) {
  try {
    await job.handler(item.data, item)
  } catch (error) {
    logger.error({ err: error, job: job.name, id: item.id }, 'job failed')
    throw error
  }
}

/**
 * Background jobs on pg-boss, in the app's own PostgreSQL (schema `pgboss`).
 * Modules register their jobs (and cron schedules) at boot from their
 * providers; every process can enqueue, inside the caller's transaction, and
 * instances started with `work` also run them (pg-boss hands each job to one
 * worker only). JOBS=off keeps an instance from working, never from enqueuing.
 */
export const jobs = {
  register(...definitions: JobDefinition[]) {
    for (const job of definitions) registered.set(job.name, job)
  },

  get working() {
    return working
  },

  /** The connected pg-boss (tests and maintenance scripts reach its own API through it). */
  get instance() {
    if (!boss) throw new Error('jobs are not started in this process')
    return boss
  },

  /**
   * Connects to pg-boss (creating its schema and the registered queues);
   * with `work`, also schedules the crons and works every queue. An instance
   * started without `work` only enqueues.
   */
  async start(options: { work: boolean; connectionString?: string }) {
    const current = generation
    starting ??= (async () => {
      const instance = new PgBoss({
        connectionString: options.connectionString ?? env.get('DATABASE_URL'),
        schema: 'pgboss',
        max: 2,
        // maintenance and cron ticks belong to working instances. Workers poll (every 2 s):
        // pg-boss's LISTEN connection can throw an unhandled error when the database stops
        // while it closes (Ctrl+C on `npm start` stops both), which would crash the process.
        supervise: options.work,
        schedule: options.work,
      })
      instance.on('error', (error) => logger.error({ err: error }, 'pg-boss'))
      await instance.start()
      for (const job of registered.values()) await ensureQueue(instance, job)
      boss = instance
      return instance
    })()
    try {
      await starting
    } catch (error) {
      starting = null
      throw error
    }
    if (options.work && generation === current) await this.work()
  },

  /** Works every registered queue in this process (tests start and stop workers themselves). */
  async work() {
    const instance = await running()
    if (working) return
    working = true
    for (const job of registered.values()) {
      await ensureQueue(instance, job)
      if (job.cron) await instance.schedule(job.name, job.cron)
      await instance.work(job.name, async ([item]) => run(job, item))
    }
  },

  async offWork() {
    if (!boss || !working) return
    working = false
    for (const name of registered.keys()) await boss.offWork(name, { wait: true })
  },

  /**
   * Enqueues a job on `client`: inside a transaction, the job exists only if
   * the transaction commits (no job for a rolled-back cause, none lost after
   * a commit). `singletonKey` names what the job is about.
   */
  async send(
    name: string,
    data: object,
    options: { client?: JobClient; singletonKey?: string; startAfterSeconds?: number } = {}
  ) {
    const instance = await running()
    await ensureQueue(instance, definition(name))
    return instance.send(name, data, {
      db: executor(options.client),
      singletonKey: options.singletonKey,
      startAfter: options.startAfterSeconds,
    })
  },

  /** Queues a run now (rather than at its next cron tick), committed at once; returns the job id. */
  async runSoon(name: string) {
    const instance = await running()
    await ensureQueue(instance, definition(name))
    return instance.send(name, {})
  },

  /**
   * Works, on `client`'s connection, what is queued now and what those jobs
   * queue in turn, round after round; a round with a failure ends the call
   * (the failed attempt waits for its retry). Tests use it inside their
   * rolled-back transaction, where pg-boss workers cannot see.
   * `ignoreStartAfter` also takes retries whose delay has not passed yet.
   */
  async workQueued(options: { client?: JobClient; ignoreStartAfter?: boolean } = {}) {
    const instance = await running()
    const connection = { db: executor(options.client) }
    const outcome = { completed: 0, failed: [] as { name: string; id: string; error: unknown }[] }
    let round = 0
    do {
      round = 0
      for (const job of registered.values()) {
        await ensureQueue(instance, job)
        const batch = await instance.fetch(job.name, {
          ...connection,
          batchSize: 50,
          ignoreStartAfter: options.ignoreStartAfter ?? false,
        })
        for (const item of batch) {
          round++
          try {
            await run(job, item)
            await instance.complete(job.name, item, null, connection)
            outcome.completed++
          } catch (error) {
            await instance.fail(job.name, item, { message: String(error) }, connection)
            outcome.failed.push({ name: job.name, id: item.id, error })
          }
        }
      }
    } while (round > 0 && outcome.failed.length === 0)
    return outcome
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

  /** Deletes every job of the registered queues: a test run starts from empty queues. */
  async clear() {
    const instance = await running()
    for (const name of registered.keys()) await instance.deleteAllJobs(name)
  },

  async stop() {
    // a SIGTERM while pg-boss is still connecting (right after boot) waits for it, then stops
    // it: stopping nothing left it polling and the process never exited
    generation++
    const pending = starting
    starting = null
    await pending?.catch(() => {})
    const instance = boss
    boss = null
    working = false
    createdQueues.clear()
    await instance?.stop({ graceful: true, timeout: 10_000 })
  },
}
