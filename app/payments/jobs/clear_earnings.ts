import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { JobDefinition } from '#shared/jobs/jobs'
import paymentsConfig from '#config/payments'
import { ledger } from '#payments/services/ledger'
import { shareLeft } from '#payments/services/fees'

/** Items looked at per batch; a run goes on until none is left. */
const BATCH = 200

/**
 * Moves one item's share from pending to available, once: the item row is
 * locked and re-read, so a second run (another instance, a retry) finds it
 * cleared and does nothing; a refund that locks the item first is seen
 * whole. A fully refunded item is only marked.
 */
async function clearItem(itemId: number) {
  return db.transaction(async (trx) => {
    const item = await trx
      .from('order_items')
      .join('orders', 'orders.id', 'order_items.order_id')
      .where('order_items.id', itemId)
      .whereNull('order_items.cleared_at')
      .forUpdate('order_items')
      .select(
        'order_items.seller_identity_id',
        'order_items.amount',
        'order_items.fee_amount',
        'order_items.refunded_amount',
        'orders.currency'
      )
      .first()
    if (!item) return false
    const left = shareLeft({
      amount: item.amount,
      feeAmount: item.fee_amount,
      refundedAmount: item.refunded_amount,
    })
    if (left > 0) {
      const owner = { ownerIdentityId: item.seller_identity_id as number }
      await ledger.post(
        {
          kind: 'earnings.cleared',
          reference: String(itemId),
          currency: item.currency,
          entries: [
            { account: { kind: 'master_pending', ...owner }, amount: left },
            { account: { kind: 'master_available', ...owner }, amount: -left },
          ],
        },
        trx
      )
    }
    await trx.from('order_items').where('id', itemId).update({ cleared_at: new Date() })
    return true
  })
}

/**
 * The clearing (结算): each item of a paid (or partly or wholly refunded) order whose
 * payment is older than the clearing period becomes available to pay out.
 * Safe to run anywhere at any time, several at once. Returns how many items
 * this run cleared.
 */
export async function clearEarnings(now = DateTime.now()) {
  const before = now.minus({ days: paymentsConfig.clearingDays }).toJSDate()
  let cleared = 0
  let afterId = 0
  for (;;) {
    const due = await db
      .from('order_items')
      .join('orders', 'orders.id', 'order_items.order_id')
      .whereIn('orders.status', ['paid', 'partially_refunded', 'refunded'])
      .where('orders.paid_at', '<', before)
      .whereNull('order_items.cleared_at')
      .where('order_items.id', '>', afterId)
      .orderBy('order_items.id')
      .limit(BATCH)
      .select('order_items.id')
    for (const { id } of due) {
      if (await clearItem(id)) cleared++
      afterId = id
    }
    if (due.length < BATCH) return cleared
  }
}

export const clearEarningsJob: JobDefinition = {
  name: 'payments.clear_earnings',
  cron: '17 * * * *',
  queue: { retryLimit: 2, retryDelay: 300 },
  handler: () => clearEarnings(),
}
