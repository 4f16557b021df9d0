import type { HttpContext } from '@adonisjs/core/http'
import { sandboxCashier } from '#payments/services/sandbox_cashier'
import { SANDBOX_LATE_SECONDS } from '#payments/jobs/sandbox_webhooks'
import { sandboxChoiceValidator } from '#payments/validators/checkout_validators'

/**
 * The sandbox's hosted checkout page (沙盒收银台), standing in for a real
 * provider's: the buyer chooses what the "bank" does, and the sandbox tells
 * us by signed webhooks, as a provider would.
 */
export default class SandboxCheckoutController {
  async show({ params, auth, view, response }: HttpContext) {
    const hosted = await sandboxCashier.paymentFor(params.payment, auth.user!.id)
    response.header('Cache-Control', 'private, no-store')
    return view.render('payments/sandbox', { ...hosted, lateSeconds: SANDBOX_LATE_SECONDS })
  }

  async decide({ params, auth, request, response }: HttpContext) {
    const { payment, order } = await sandboxCashier.paymentFor(params.payment, auth.user!.id)
    const { choice, late } = await request.validateUsing(sandboxChoiceValidator)
    await sandboxCashier.decide(payment, order.status, choice, Boolean(late))
    return response.redirect(payment.return_url)
  }
}
