import logger from '@adonisjs/core/services/logger'
import type Order from '#payments/models/order'
import { paymentProviders } from '#payments/services/payment_providers'
import { paymentSettlement } from '#payments/services/payment_settlement'

/** Orders whose provider was asked in the last seconds, on this instance (bounded). */
const asked = new Map<string, number>()
const ASK_EVERY_MS = 5_000

function askedRecently(number: string, now = Date.now()) {
  const last = asked.get(number)
  if (last !== undefined && now - last < ASK_EVERY_MS) return true
  if (asked.size > 10_000) asked.clear()
  asked.set(number, now)
  return false
}

/**
 * How long the receipt waits before it asks again while a payment is
 * pending: soon at first, then less often; after half an hour not at all
 * (the buyer refreshes, or the notification decides).
 */
export function pollInterval(order: Order, now = Date.now()) {
  if (order.status !== 'pending') return null
  const age = now - order.createdAt.toMillis()
  if (age < 2 * 60_000) return 3
  if (age < 10 * 60_000) return 10
  if (age < 30 * 60_000) return 30
  return null
}

/**
 * The buyer is back from the provider, or waits on the receipt page: the
 * return itself proves nothing (anyone can open that address), so a pending
 * order asks the provider where its payment stands and settles what it says
 * through the same path as a webhook (acted on once).
 */
export async function reconcile(order: Order) {
  if (order.status !== 'pending' || !order.checkoutUrl) return false
  const provider = paymentProviders.get(order.provider)
  if (!provider || askedRecently(order.number)) return false
  const status = await provider
    .fetchStatus({ number: order.number, providerReference: order.providerReference })
    .catch((error) => {
      logger.warn({ err: error, order: order.number }, 'payment status query failed')
      return { status: 'unknown' as const }
    })
  // a status without its amount proves nothing: the notification will say
  if (status.status === 'paid' && status.amount !== undefined) {
    const reference = status.providerReference ?? order.providerReference ?? ''
    await paymentSettlement.receive(provider.name, {
      type: 'payment.succeeded',
      eventId: `query:${order.number}:${reference}`,
      orderNumber: order.number,
      amount: status.amount,
      currency: status.currency ?? order.currency,
      providerReference: reference,
    })
    return true
  }
  if (status.status === 'failed') {
    await paymentSettlement.receive(provider.name, {
      type: 'payment.failed',
      eventId: `query-failed:${order.number}`,
      orderNumber: order.number,
      providerReference: status.providerReference ?? null,
    })
    return true
  }
  return false
}
