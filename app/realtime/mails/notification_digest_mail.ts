import { BaseMail } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { appUrl } from '#config/app'
import { mailJob } from '#shared/mail/mail_jobs'
import type { MailRecipient } from '#realtime/services/mail_recipients_port'
import type { NotificationRecord } from '#realtime/services/notification_reads'
import { notificationText, notificationUrl } from '#realtime/services/notification_text'

/** One mail gathering a reader's unread, unseen notifications, in their language. */
export default class NotificationDigestMail extends BaseMail {
  constructor(
    readonly recipient: MailRecipient,
    readonly notifications: NotificationRecord[]
  ) {
    super()
  }

  prepare() {
    const i18n = i18nManager.locale(this.recipient.locale)
    const items = this.notifications.map((record) => {
      const path = notificationUrl(record.payload)
      return {
        text: notificationText(i18n, record.kind, record.payload),
        link: path ? new URL(path, appUrl).href : null,
      }
    })
    const data = {
      i18n,
      name: this.recipient.displayName,
      items,
      all: urlFor('notifications.index', {}, { prefixUrl: appUrl }),
      settings: urlFor('settings.notifications', {}, { prefixUrl: appUrl }),
    }
    this.message
      .to(this.recipient.email)
      .subject(i18n.t('notifications.digest.subject', { count: items.length }))
      .htmlView('realtime/mails/digest', data)
      .textView('realtime/mails/digest_text', data)
  }
}

/** Sent by a pg-boss job enqueued in the sweep's transaction that marks the rows mailed. */
export const digestMails = mailJob(
  'realtime.digest-mail',
  (data: { recipient: MailRecipient; notifications: NotificationRecord[] }) =>
    new NotificationDigestMail(
      data.recipient,
      // dates come back from the job's JSON as strings
      data.notifications.map((record) => ({ ...record, createdAt: new Date(record.createdAt) }))
    )
)
