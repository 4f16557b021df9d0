import type { ApplicationService } from '@adonisjs/core/types'

/** Registers the identity module's jobs at boot: its account and certification mails. */
export default class IdentityProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { jobs } = await import('#shared/jobs/jobs')
    const { accountMails } = await import('#identity/mails/account_mail')
    const { certificationMails } = await import('#identity/mails/certification_mail')
    jobs.register(accountMails.job, certificationMails.job)
  }
}
