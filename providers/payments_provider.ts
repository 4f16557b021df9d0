import type { ApplicationService } from '@adonisjs/core/types'

/** Registers payments with the lower modules at boot (app/payments/setup.ts). */
export default class PaymentsProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { setUpPayments } = await import('#payments/setup')
    await setUpPayments()
  }
}
