import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { appUrl } from '#config/app'
import paymentsConfig from '#config/payments'
import Order from '#payments/models/order'
import OrderItem from '#payments/models/order_item'
import { sellables, type ItemOffer } from '#payments/services/sellables'
import { paymentProviders } from '#payments/services/payment_providers'
import { feeOf } from '#payments/services/fees'
import { newOrderNumber } from '#payments/services/order_numbers'
import { NotForSaleError, ProviderFailedError, ProviderUnavailableError } from '#payments/errors'
import type { PaymentProvider } from '#payments/providers/payment_provider'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/** A buyer's checkouts queue behind one another (two tabs, twenty submits): pg advisory lock space. */
const CHECKOUT_LOCK = 0x7061_7931

export type CheckoutAttempt = {
  buyerUserId: number
  kind: string
  itemId: number
  /** the checkout page's own key: one order per attempt however often it is sent */
  idempotencyKey: string
  provider: string
  device: 'desktop' | 'mobile'
  locale: string
}

function sellableOf(kind: string) {
  const sellable = sellables.get(kind)
  if (!sellable) throw new NotForSaleError()
  return sellable
}

/**
 * Checkout (结算): the offer shown to a buyer, and the order made from it —
 * once per attempt, with the price the selling module gives now — sent on
 * to the chosen provider's hosted page.
 */
export const checkoutService = {
  /** What the checkout page shows: the item as its seller describes it to this buyer. */
  async offer(kind: string, itemId: number, buyerUserId: number): Promise<ItemOffer> {
    return sellableOf(kind).describe(itemId, buyerUserId, 'show')
  },

  /**
   * The order of this attempt (made once), and where to pay it. A second
   * attempt at the same item while an order for it is open, with the same
   * provider, continues that order: two tabs, one order, one charge.
   */
  async start(attempt: CheckoutAttempt): Promise<{ order: Order; redirectUrl: string | null }> {
    const provider = paymentProviders.get(attempt.provider)
    if (!provider) throw new ProviderUnavailableError()
    const sellable = sellableOf(attempt.kind)
    // this attempt's order (a double click, a retry) …
    const sameAttempt = (client?: TransactionClientContract) =>
      Order.query({ client })
        .where({ buyerUserId: attempt.buyerUserId, idempotencyKey: attempt.idempotencyKey })
        .first()
    // … or an open one for the same item, provider and price (another tab)
    const openAt = (amount: number, client?: TransactionClientContract) =>
      Order.query({ client })
        .where({ buyerUserId: attempt.buyerUserId, status: 'pending', provider: provider.name })
        .where('total_amount', amount)
        .where('expires_at', '>', new Date())
        .whereHas('items', (items) =>
          items.where({ itemKind: attempt.kind, itemId: attempt.itemId })
        )
        .first()
    const same = await sameAttempt()
    if (same) return this.continue(same, provider, attempt)
    // the offer, outside the transaction: the seller reads (and may make the buyer's identity)
    // on its own connections, which a transaction waiting on the lock below must not hold up;
    // it refuses what is not for sale to this buyer (their own, theirs already, closed)
    const offer = await sellable.describe(attempt.itemId, attempt.buyerUserId, 'order')
    if (!offer.buyerIdentityId) throw new NotForSaleError()
    const buyerIdentityId = offer.buyerIdentityId
    const open = await openAt(offer.amount)
    if (open) return this.continue(open, provider, attempt)
    const order = await db.transaction(async (trx) => {
      await trx.rawQuery('SELECT pg_advisory_xact_lock(?, ?)', [CHECKOUT_LOCK, attempt.buyerUserId])
      const made = (await sameAttempt(trx)) ?? (await openAt(offer.amount, trx))
      if (made) return made
      const fee = feeOf(offer.amount)
      const created = await Order.create(
        {
          number: newOrderNumber(),
          buyerUserId: attempt.buyerUserId,
          buyerIdentityId,
          status: 'pending',
          currency: offer.currency,
          totalAmount: offer.amount,
          feeAmount: fee,
          refundedAmount: 0,
          provider: provider.name,
          idempotencyKey: attempt.idempotencyKey,
          expiresAt: DateTime.now().plus({ minutes: paymentsConfig.orderMinutes }),
        },
        { client: trx }
      )
      await OrderItem.create(
        {
          orderId: created.id,
          itemKind: attempt.kind,
          itemId: attempt.itemId,
          title: offer.title.slice(0, 200),
          sellerIdentityId: offer.sellerIdentityId,
          amount: offer.amount,
          feeAmount: fee,
          refundedAmount: 0,
        },
        { client: trx }
      )
      return created
    })
    return this.continue(order, provider, attempt)
  },

  /** Where the buyer goes on with an order: the provider's page while it is open, else its receipt. */
  async continue(order: Order, provider: PaymentProvider, attempt: CheckoutAttempt) {
    // past its time and not yet closed by the minute's job: closed now, never paid at a dead page
    if (order.status === 'pending' && order.expiresAt.toMillis() <= Date.now()) {
      await db
        .from('orders')
        .where({ id: order.id, status: 'pending' })
        .update({ status: 'expired', updated_at: new Date() })
      await order.refresh()
    }
    if (order.status !== 'pending') return { order, redirectUrl: null }
    if (order.checkoutUrl) return { order, redirectUrl: order.checkoutUrl }
    return { order, redirectUrl: await this.openAtProvider(order, provider, attempt) }
  },

  /**
   * The provider's hosted checkout for the order, made outside any database
   * transaction (it is a network call). Providers make one per order however
   * often they are asked (their idempotency keys); the first URL recorded wins.
   */
  async openAtProvider(order: Order, provider: PaymentProvider, attempt: CheckoutAttempt) {
    await order.load('items')
    let started
    try {
      started = await provider.createCheckout({
        order: {
          id: order.id,
          number: order.number,
          amount: order.totalAmount,
          currency: order.currency,
          subject: order.items.map((item) => item.title).join('、'),
          expiresAt: order.expiresAt.toJSDate(),
        },
        returnUrl: new URL(`/orders/${order.number}`, appUrl).href,
        notifyUrl: new URL(`/webhooks/${provider.name}`, appUrl).href,
        device: attempt.device,
        locale: attempt.locale,
      })
    } catch (error) {
      logger.error({ err: error, order: order.number, provider: provider.name }, 'checkout failed')
      throw new ProviderFailedError()
    }
    await db.from('orders').where('id', order.id).whereNull('checkout_url').update({
      checkout_url: started.redirectUrl,
      provider_reference: started.providerReference,
      updated_at: new Date(),
    })
    const recorded = await db.from('orders').where('id', order.id).select('checkout_url').first()
    return recorded.checkout_url as string
  },
}
