import type { HttpContext } from '@adonisjs/core/http'
import { randomUUID } from 'node:crypto'
import OrderPolicy from '#payments/policies/order_policy'
import { checkoutService } from '#payments/services/checkout_service'
import { paymentProviders } from '#payments/services/payment_providers'
import { checkoutPageValidator, checkoutValidator } from '#payments/validators/checkout_validators'

const parseItem = (ref: string) => {
  const [kind, id] = ref.split(':')
  return { kind, itemId: Number(id) }
}

/** Phones get the provider's mobile page (Alipay's wap pay). */
const deviceOf = (userAgent: string | undefined) =>
  /Mobi|Android|iPhone/i.test(userAgent ?? '') ? ('mobile' as const) : ('desktop' as const)

/** Checkout (结算): what is bought, for how much, and with which provider. */
export default class CheckoutController {
  async show({ request, view, bouncer, auth, response }: HttpContext) {
    await bouncer.with(OrderPolicy).authorize('pay')
    const { item } = await checkoutPageValidator.validate(request.qs())
    const { kind, itemId } = parseItem(item)
    const offer = await checkoutService.offer(kind, itemId, auth.user!.id)
    response.header('Cache-Control', 'private, no-store')
    return view.render('payments/checkout', {
      item,
      offer,
      providers: paymentProviders.available(),
      // one key per visit of this page: its double clicks and retries are one order
      key: randomUUID(),
    })
  }

  async store({ request, response, bouncer, auth, i18n }: HttpContext) {
    await bouncer.with(OrderPolicy).authorize('pay')
    const input = await request.validateUsing(checkoutValidator)
    const { order, redirectUrl } = await checkoutService.start({
      buyerUserId: auth.user!.id,
      ...parseItem(input.item),
      idempotencyKey: input.key,
      provider: input.provider,
      device: deviceOf(request.header('user-agent')),
      locale: i18n.locale,
    })
    return response.redirect(redirectUrl ?? `/orders/${order.number}`)
  }
}
