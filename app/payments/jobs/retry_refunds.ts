import db from '@adonisjs/lucid/services/db'
import type { JobDefinition } from '#shared/jobs/jobs'
import Order from '#payments/models/order'
import { refundService, type RefundRow } from '#payments/services/refund_service'

/** A refund waits this long for its provider's notification before it is asked again. */
const QUIET_MINUTES = 5
/** After this many asks it waits for an admin (the order page shows it pending). */
const MAX_ATTEMPTS = 12

/**
 * Refunds still pending — the provider gave no answer, or a payment refunded
 * by the platform's own rule was never sent — are asked for again with the
 * same key (a repeat is the same refund at the provider), every ten minutes.
 */
export async function retryPendingRefunds(now = new Date()) {
  const due = (await db
    .from('refunds')
    .where('status', 'pending')
    .where('attempts', '<', MAX_ATTEMPTS)
    .where('updated_at', '<', new Date(now.getTime() - QUIET_MINUTES * 60_000))
    .orderBy('id')
    .limit(50)) as RefundRow[]
  for (const refund of due) {
    const order = await Order.findOrFail(refund.order_id)
    await refundService.send(refund, order)
  }
  return due.length
}

export const retryRefundsJob: JobDefinition = {
  name: 'payments.retry-refunds',
  cron: '*/10 * * * *',
  handler: () => retryPendingRefunds(),
}
