import { BaseMail } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'
import { mailJob } from '#shared/mail/mail_jobs'

export type AccountMailKind =
  'verify_email' | 'reset_password' | 'already_registered' | 'tokens_revoked' | 'login_locked'

type Recipient = { email: string; displayName: string; locale: string }

/**
 * The account mails: one template per kind, written in the recipient's
 * language, each carrying one link.
 */
export default class AccountMail extends BaseMail {
  constructor(
    readonly kind: AccountMailKind,
    readonly recipient: Recipient,
    readonly link: string
  ) {
    super()
  }

  prepare() {
    const i18n = i18nManager.locale(this.recipient.locale)
    this.message
      .to(this.recipient.email)
      .subject(i18n.t(`mail.${this.kind}.subject`))
      .htmlView('identity/mails/account_mail', {
        i18n,
        kind: this.kind,
        name: this.recipient.displayName,
        link: this.link,
      })
      .textView('identity/mails/account_mail_text', {
        i18n,
        kind: this.kind,
        name: this.recipient.displayName,
        link: this.link,
      })
  }
}

/** Sent by a pg-boss job enqueued in the transaction that issues the link. */
export const accountMails = mailJob(
  'identity.account-mail',
  (data: { kind: AccountMailKind; recipient: Recipient; link: string }) =>
    new AccountMail(data.kind, data.recipient, data.link)
)
