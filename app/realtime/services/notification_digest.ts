import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { mailRecipientsPort } from '#realtime/services/mail_recipients_port'
import { digestMails } from '#realtime/mails/notification_digest_mail'

/** How long an email notification waits, unread and unseen, before it goes into a digest. */
export const DIGEST_DELAY_MINUTES = env.get('NOTIFICATION_DIGEST_DELAY_MINUTES', 30)

/** Email notifications nobody has read, seen or mailed, old enough for a digest. */
function due(cutoff: Date) {
  return db
    .from('notifications')
    .where('email', true)
    .whereNull('read_at')
    .whereNull('seen_at')
    .whereNull('emailed_at')
    .where('created_at', '<=', cutoff)
}

/**
 * The digest sweep (a pg-boss job every few minutes): one mail per reader
 * with what waited long enough. Rows are claimed (FOR UPDATE SKIP LOCKED)
 * and marked in the transaction that enqueues the mail's job, so two workers
 * never mail the same notification and the mail job retries a failed send.
 */
export const notificationDigest = {
  async sendDue(now = new Date()) {
    const cutoff = new Date(now.getTime() - DIGEST_DELAY_MINUTES * 60_000)
    const readers = await due(cutoff).distinct('recipient_id').limit(500)
    let mailed = 0
    for (const { recipient_id: recipientId } of readers) {
      await db.transaction(async (trx) => {
        const rows = await due(cutoff)
          .useTransaction(trx)
          .where('recipient_id', recipientId)
          .orderBy('id')
          .forUpdate()
          .skipLocked()
        if (!rows.length) return
        const recipients = await mailRecipientsPort.of([recipientId])
        const recipient = recipients.get(recipientId)
        await trx
          .from('notifications')
          .whereIn(
            'id',
            rows.map((row) => row.id)
          )
          .update({ emailed_at: now })
        if (!recipient) return
        const records = rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          payload: row.payload ?? {},
          readAt: null,
          createdAt: row.created_at,
        }))
        await digestMails.send(
          { recipient, notifications: records },
          { client: trx, key: `${recipientId}:${records[0].id}-${records.at(-1)!.id}` }
        )
        mailed++
      })
    }
    return mailed
  },
}
