import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Registers payments with the lower modules at boot (app/payments/setup.ts):
 * its configured providers, jobs, notification kinds and template helpers.
 */
export default class PaymentsProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { setUpPayments } = await import('#payments/setup')
    await setUpPayments()
  }
}
