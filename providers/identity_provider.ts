import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Registers identity with the lower modules at boot: realtime's digest
 * reaches mail addresses through the port that identity binds here, and
 * identity's notification topics and kinds (certification, review queue).
 */
export default class IdentityProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { mailRecipientsPort, notificationKinds } = await import('#realtime/index')
    const { mailRecipients, identityNotificationTopics } = await import('#identity/index')
    mailRecipientsPort.bind((userIds) => mailRecipients.of(userIds))
    for (const topic of identityNotificationTopics) notificationKinds.register(topic)
  }
}
