import db from '@adonisjs/lucid/services/db'
import { notFound } from '#shared/errors/not_found'
import { orderQueries } from '#payments/services/order_queries'
import { paymentProviders } from '#payments/services/payment_providers'
import { sendSandboxWebhooks } from '#payments/jobs/sandbox_webhooks'

export type SandboxChoice = 'success' | 'decline' | 'later'

/**
 * The sandbox's cashier (沙盒收银台): its hosted payment for the order's
 * buyer (404 for anyone else, and everywhere the sandbox is not offered),
 * and the buyer's choice, which it tells us by signed webhooks as a
 * provider would — a payment decided once, whatever is clicked after.
 */
export const sandboxCashier = {
  async paymentFor(paymentId: string, buyerUserId: number) {
    if (!paymentProviders.get('sandbox')) notFound()
    const payment = await db.from('sandbox_payments').where('id', paymentId).first()
    if (!payment) notFound()
    const order = await orderQueries.byNumber(payment.order_number)
    if (order.buyerUserId !== buyerUserId) notFound()
    return { payment, order, open: payment.status === 'open' && order.status === 'pending' }
  },

  async decide(
    payment: { id: string; order_number: string; amount: number; currency: string },
    orderStatus: string,
    choice: SandboxChoice,
    late: boolean
  ) {
    if (choice === 'later') return sendSandboxWebhooks(payment, 'later', { late: false })
    if (orderStatus !== 'pending') return
    await db.transaction(async (trx) => {
      const decided = await trx.rawQuery(
        `UPDATE sandbox_payments SET status = ?, updated_at = now()
          WHERE id = ? AND status = 'open' RETURNING id`,
        [choice === 'success' ? 'succeeded' : 'declined', payment.id]
      )
      if (decided.rows.length) await sendSandboxWebhooks(payment, choice, { late, client: trx })
    })
  },
}
