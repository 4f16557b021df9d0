import type { HttpContext } from '@adonisjs/core/http'
import OrderPolicy from '#payments/policies/order_policy'
import { orderQueries } from '#payments/services/order_queries'
import { reconcile } from '#payments/services/order_reconciliation'
import { sellables } from '#payments/services/sellables'
import { notFound } from '#shared/errors/not_found'
import type Order from '#payments/models/order'
import { pollInterval } from '#payments/services/order_reconciliation'

async function ownOrder({ params, bouncer }: HttpContext) {
  let order = await orderQueries.byNumber(params.number)
  // another buyer's order is no different from one that does not exist
  if (await bouncer.with(OrderPolicy).denies('view', order)) notFound()
  if (await reconcile(order)) order = await orderQueries.byNumber(params.number)
  return order
}

const itemLinks = (items: { itemKind: string; itemId: number }[]) =>
  items.map((item) => sellables.get(item.itemKind)?.url(item.itemId) ?? null)

/** What the receipt and its polled state part show. */
const receipt = async (order: Order) => ({
  order,
  links: itemLinks(order.items),
  refundPending: await orderQueries.refundPending(order.id),
  // polled less often the longer a payment takes; after half an hour, only on demand
  pollSeconds: pollInterval(order),
})

/** The buyer's orders (我的订单) and each one's receipt or state. */
export default class OrdersController {
  async index({ auth, request, view, response, bouncer }: HttpContext) {
    await bouncer.with(OrderPolicy).authorize('list')
    const page = Math.max(1, Number(request.qs().page) || 1)
    const orders = await orderQueries.forBuyer(auth.user!.id, page)
    response.header('Cache-Control', 'private, no-store')
    return view.render('payments/orders/index', { orders })
  }

  async show(ctx: HttpContext) {
    const order = await ownOrder(ctx)
    ctx.response.header('Cache-Control', 'private, no-store')
    return ctx.view.render('payments/orders/show', await receipt(order))
  }

  /** The state part of the receipt page, polled (htmx) while the payment is being confirmed. */
  async status(ctx: HttpContext) {
    const order = await ownOrder(ctx)
    ctx.response.header('Cache-Control', 'private, no-store')
    return ctx.view.render('payments/orders/_status', await receipt(order))
  }
}
