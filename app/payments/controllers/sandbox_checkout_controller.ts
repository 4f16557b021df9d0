import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { notFound } from '#shared/errors/not_found'
import { orderQueries } from '#payments/services/order_queries'
import { sendSandboxWebhooks, SANDBOX_LATE_SECONDS } from '#payments/jobs/sandbox_webhooks'
import { sandboxChoiceValidator } from '#payments/validators/checkout_validators'

/** The sandbox payment and its order, for the order's buyer only. */
async function paymentOf({ params, auth }: HttpContext) {
  const payment = await db.from('sandbox_payments').where('id', params.payment).first()
  if (!payment) notFound()
  const order = await orderQueries.byNumber(payment.order_number)
  if (order.buyerUserId !== auth.user!.id) notFound()
  return { payment, order }
}

/**
 * The sandbox's hosted checkout page (沙盒收银台), standing in for a real
 * provider's: the buyer chooses what the "bank" does, and the sandbox tells
 * us by signed webhooks, as a provider would.
 */
export default class SandboxCheckoutController {
  async show(ctx: HttpContext) {
    const { payment, order } = await paymentOf(ctx)
    ctx.response.header('Cache-Control', 'private, no-store')
    return ctx.view.render('payments/sandbox', {
      payment,
      order,
      open: payment.status === 'open' && order.status === 'pending',
      lateSeconds: SANDBOX_LATE_SECONDS,
    })
  }

  async decide(ctx: HttpContext) {
    const { payment, order } = await paymentOf(ctx)
    const { choice, late } = await ctx.request.validateUsing(sandboxChoiceValidator)
    if (choice !== 'later' && order.status === 'pending') {
      await db.transaction(async (trx) => {
        const decided = await trx.rawQuery(
          `UPDATE sandbox_payments SET status = ?, updated_at = now()
            WHERE id = ? AND status = 'open' RETURNING id`,
          [choice === 'success' ? 'succeeded' : 'declined', payment.id]
        )
        if (decided.rows.length) {
          await sendSandboxWebhooks(payment, choice, { late: Boolean(late), client: trx })
        }
      })
    } else if (choice === 'later') {
      await sendSandboxWebhooks(payment, 'later', { late: false })
    }
    return ctx.response.redirect(payment.return_url)
  }
}
