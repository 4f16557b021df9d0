import { BaseMail } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { appUrl } from '#config/app'
import type CertificationApplication from '#identity/models/certification_application'
import type { Decision } from '#identity/services/certification_service'

/** Tells the applicant what was decided about their master certification. */
export default class CertificationMail extends BaseMail {
  constructor(
    readonly decision: Decision,
    readonly application: CertificationApplication,
    readonly note: string | null
  ) {
    super()
  }

  prepare() {
    const { user, field } = this.application
    const i18n = i18nManager.locale(user.locale)
    const data = {
      i18n,
      name: user.displayName,
      field: user.locale === 'en' ? field.nameEn : field.nameZh,
      decision: this.decision,
      note: this.note,
      link: urlFor('certification.show', { id: this.application.id }, { prefixUrl: appUrl }),
    }
    this.message
      .to(user.email)
      .subject(i18n.t(`certification.mail.${this.decision}.subject`, data))
      .htmlView('identity/mails/certification_mail', data)
      .textView('identity/mails/certification_mail_text', data)
  }
}
