import db from '@adonisjs/lucid/services/db'
import type { JobDefinition } from '#shared/jobs/jobs'

/**
 * Closes unpaid orders past their time, every minute. A payment that still
 * arrives for one is money received and pays it all the same
 * (payment_settlement.ts); a closed order is never offered to pay again.
 */
export const expireOrdersJob: JobDefinition = {
  name: 'payments.expire-orders',
  cron: '* * * * *',
  handler: () =>
    db
      .from('orders')
      .where('status', 'pending')
      .where('expires_at', '<', new Date())
      .update({ status: 'expired', updated_at: new Date() }),
}
