import { createHash, randomUUID } from 'node:crypto'
import type { BaseMail } from '@adonisjs/mail'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import { appUrl } from '#config/app'
import { jobs, type JobClient, type JobDefinition } from '#shared/jobs/jobs'
import { renderTextPart } from '#shared/mail/plain_text'

/** What a mail job stores: its key, and its data encrypted with the APP_KEY. */
type Envelope = { key: string; sealed: string }

/**
 * An SMTP outage is ridden out for about four hours (30 s doubling up to an
 * hour between tries); an attempt stuck longer than five minutes is retried.
 */
const MAIL_QUEUE = {
  retryLimit: 10,
  retryDelay: 30,
  retryBackoff: true,
  retryDelayMax: 3600,
  expireInSeconds: 300,
}

/** How long a delivery is remembered: longer than any job of it can still be retried. */
const DELIVERIES_KEPT_DAYS = 30

const messageId = (key: string) =>
  `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${new URL(appUrl).hostname}>`

/**
 * Sends a mail once per key. The key is claimed (a row in mail_deliveries)
 * in the transaction that is open while the transport sends, and commits
 * after it: a failed send rolls the claim back for the retry; a second
 * attempt of the same key waits on the first one's row lock and then finds
 * it sent. Returns false when the key was sent before.
 */
export async function deliverOnce(key: string, job: string, build: () => BaseMail) {
  return db.transaction(async (trx) => {
    const claimed = await trx.rawQuery(
      `INSERT INTO mail_deliveries (key, job) VALUES (?, ?)
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, job]
    )
    if (!claimed.rows.length) return false
    const message = build()
    await message.build()
    // text/plain, unescaped (#shared/mail/plain_text); the HTML part stays escaped
    await renderTextPart(message)
    // the same Message-ID on a resend (see the guarantee in docs/decisions/005)
    message.message.messageId(messageId(key))
    await mail.send(message)
    return true
  })
}

function unseal<Data>(sealed: string, purpose: string) {
  const data = encryption.decrypt<Data>(sealed, purpose)
  if (!data) throw new Error(`the data of a ${purpose} job cannot be decrypted (APP_KEY changed?)`)
  return data
}

/**
 * A mail sent by a pg-boss job. `send(data, { client })` enqueues it in the
 * caller's transaction; the job rebuilds the mail from `data` (plain JSON)
 * and delivers it once per key. Register `.job` from the module's provider.
 * A `key` names the cause (a second enqueue of the same key sends nothing
 * more); without one every enqueue is its own mail. The data is stored
 * encrypted: links in it carry tokens the database otherwise keeps only
 * as hashes, and addresses are personal data.
 */
export function mailJob<Data extends object>(name: string, build: (data: Data) => BaseMail) {
  const job: JobDefinition<Envelope> = {
    name,
    queue: MAIL_QUEUE,
    handler: ({ key, sealed }) => deliverOnce(key, name, () => build(unseal<Data>(sealed, name))),
  }
  return {
    job,
    send(data: Data, options: { client?: JobClient; key?: string } = {}) {
      const key = `${name}:${options.key ?? randomUUID()}`
      const sealed = encryption.encrypt(data, { purpose: name })
      return jobs.send(name, { key, sealed }, { client: options.client, singletonKey: key })
    },
  }
}

/** Forgets deliveries older than any retry of their job, once a day. */
export const pruneMailDeliveries: JobDefinition = {
  name: 'mail-deliveries-prune',
  cron: '17 3 * * *',
  handler: () =>
    db
      .from('mail_deliveries')
      .where('sent_at', '<', new Date(Date.now() - DELIVERIES_KEPT_DAYS * 86_400_000))
      .delete(),
}
