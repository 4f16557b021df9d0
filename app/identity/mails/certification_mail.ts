import { BaseMail } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { appUrl } from '#config/app'
import { mailJob } from '#shared/mail/mail_jobs'
import type { Decision } from '#identity/models/certification_event'

type Recipient = { email: string; displayName: string; locale: string }
type DecidedApplication = { id: number; fieldNameZh: string; fieldNameEn: string }

/** Tells the applicant what was decided about their master certification. */
export default class CertificationMail extends BaseMail {
  constructor(
    readonly decision: Decision,
    readonly recipient: Recipient,
    readonly application: DecidedApplication,
    readonly note: string | null
  ) {
    super()
  }

  prepare() {
    const { recipient, application } = this
    const i18n = i18nManager.locale(recipient.locale)
    const data = {
      i18n,
      name: recipient.displayName,
      field: recipient.locale === 'en' ? application.fieldNameEn : application.fieldNameZh,
      decision: this.decision,
      note: this.note,
      link: urlFor('certification.show', { id: application.id }, { prefixUrl: appUrl }),
    }
    this.message
      .to(recipient.email)
      .subject(i18n.t(`certification.mail.${this.decision}.subject`, data))
      .htmlView('identity/mails/certification_mail', data)
      .textView('identity/mails/certification_mail_text', data)
  }
}

/** Sent by a pg-boss job enqueued in the transaction that records the decision. */
export const certificationMails = mailJob(
  'identity.certification-mail',
  (data: {
    decision: Decision
    recipient: Recipient
    application: DecidedApplication
    note: string | null
  }) => new CertificationMail(data.decision, data.recipient, data.application, data.note)
)
