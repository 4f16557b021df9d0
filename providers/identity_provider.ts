import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Registers identity with the lower modules at boot: realtime's digest
 * reaches mail addresses through the port that identity binds here;
 * identity's notification topics and kinds (certification, review queue);
 * its own sections of the profile and field pages, and its public pages in
 * the sitemap; its jobs (account and certification mails, the removal of a
 * deleted account's files); the model hooks that keep the account cache and
 * field catalogue fresh.
 */
export default class IdentityProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { mailRecipientsPort, notificationKinds } = await import('#realtime/index')
    const { mailRecipients, identityNotificationTopics } = await import('#identity/index')
    mailRecipientsPort.bind((userIds) => mailRecipients.of(userIds))
    for (const topic of identityNotificationTopics) notificationKinds.register(topic)

    const { profileSections, fieldPageSections } = await import('#identity/index')
    const { portfolioSection, mastersSection } =
      await import('#identity/services/identity_sections')
    profileSections.register(portfolioSection)
    fieldPageSections.register(mastersSection)

    // the public pages search engines are told about (/sitemap.xml)
    const { sitemap } = await import('#shared/http/sitemap')
    const { fieldPages, masterProfiles } = await import('#identity/services/sitemap_sources')
    sitemap.register(fieldPages)
    sitemap.register(masterProfiles)

    const { jobs } = await import('#shared/jobs/jobs')
    const { accountMails } = await import('#identity/mails/account_mail')
    const { certificationMails } = await import('#identity/mails/certification_mail')
    const { removeAccountFiles } = await import('#identity/services/account_files')
    jobs.register(accountMails.job, certificationMails.job, removeAccountFiles)

    // saved users, identities and fields reach the caches that show them
    const { watchIdentityChanges } = await import('#identity/services/identity_changes')
    watchIdentityChanges()
  }
}
