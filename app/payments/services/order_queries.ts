import db from '@adonisjs/lucid/services/db'
import Order from '#payments/models/order'
import { identityDirectory, userDirectory } from '#identity/index'
import { notFound } from '#shared/errors/not_found'
import { ORDER_NUMBER } from '#payments/services/order_numbers'

const PER_PAGE = 20

/** Orders as the pages read them. */
export const orderQueries = {
  /** An order by its number, with its items; 404 for none (and for a malformed number). */
  async byNumber(number: string) {
    if (!ORDER_NUMBER.test(number)) notFound()
    const order = await Order.query().where('number', number).preload('items').first()
    return order ?? notFound()
  },

  /** Whether a refund of the order is still on its way back to the buyer. */
  async refundPending(orderId: number) {
    const row = await db.from('refunds').where({ order_id: orderId, status: 'pending' }).first()
    return Boolean(row)
  },

  /** A buyer's orders, newest first. */
  forBuyer(userId: number, page = 1) {
    return Order.query()
      .where('buyerUserId', userId)
      .preload('items')
      .orderBy('id', 'desc')
      .paginate(page, PER_PAGE)
  },

  /** Every order, for admins: by status, or one number. */
  forAdmin(filter: { status?: string; q?: string; page?: number }) {
    const query = Order.query().preload('items').orderBy('id', 'desc')
    if (filter.status) query.where('status', filter.status)
    if (filter.q) query.where('number', filter.q.toUpperCase())
    return query.paginate(filter.page ?? 1, PER_PAGE)
  },

  /** What happened to an order: the provider events acted on, its refunds and who made them, its people. */
  async history(order: Order) {
    const [events, refunds] = await Promise.all([
      db.from('payment_events').where('order_id', order.id).orderBy('id'),
      db.from('refunds').where('order_id', order.id).orderBy('id'),
    ])
    const users = await userDirectory.cards([
      order.buyerUserId,
      ...refunds.map((refund) => refund.actor_user_id).filter(Boolean),
    ])
    const sellers = await identityDirectory.cards(order.items.map((item) => item.sellerIdentityId))
    return { events, refunds, users, sellers }
  },
}
