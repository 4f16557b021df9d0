import type { HttpContext } from '@adonisjs/core/http'
import { randomUUID } from 'node:crypto'
import OrderPolicy from '#payments/policies/order_policy'
import { orderQueries } from '#payments/services/order_queries'
import { refundService } from '#payments/services/refund_service'
import { parseYuan } from '#payments/services/money'
import {
  adminOrdersQueryValidator,
  refundValidator,
} from '#payments/validators/checkout_validators'
import { RefundNotPossibleError } from '#payments/errors'

/** Orders for admins (订单管理): find one, see what happened to it, refund it whole or in part. */
export default class AdminOrdersController {
  async index({ request, view, bouncer, response }: HttpContext) {
    await bouncer.with(OrderPolicy).authorize('manage')
    const filter = await adminOrdersQueryValidator.validate(request.qs())
    const orders = await orderQueries.forAdmin(filter)
    response.header('Cache-Control', 'private, no-store')
    return view.render('payments/admin/orders', { orders, filter })
  }

  async show({ params, view, bouncer, response }: HttpContext) {
    await bouncer.with(OrderPolicy).authorize('manage')
    const order = await orderQueries.byNumber(params.number)
    const history = await orderQueries.history(order)
    response.header('Cache-Control', 'private, no-store')
    return view.render('payments/admin/order', { order, ...history, refundKey: randomUUID() })
  }

  async refund({ params, request, response, bouncer, auth, session, i18n }: HttpContext) {
    await bouncer.with(OrderPolicy).authorize('manage')
    const order = await orderQueries.byNumber(params.number)
    const input = await request.validateUsing(refundValidator)
    const amount = parseYuan(input.amount)
    if (!amount) throw new RefundNotPossibleError('too_much')
    const refund = await refundService.refund({
      orderId: order.id,
      amount,
      reason: input.reason,
      actorUserId: auth.user!.id,
      key: input.key,
    })
    session.flash(
      refund.status === 'failed' ? 'error' : 'success',
      i18n.t(`payments.admin.refund_${refund.status}`)
    )
    return response.redirect(`/admin/orders/${order.number}`)
  }
}
