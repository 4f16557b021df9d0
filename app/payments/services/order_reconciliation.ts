import logger from '@adonisjs/core/services/logger'
import type Order from '#payments/models/order'
import { paymentProviders } from '#payments/services/payment_providers'
import { paymentSettlement } from '#payments/services/payment_settlement'

/**
 * The buyer is back from the provider, or waits on the receipt page: the
 * return itself proves nothing (anyone can open that address), so a pending
 * order asks the provider where its payment stands and settles what it says
 * through the same path as a webhook (acted on once).
 */
export async function reconcile(order: Order) {
  if (order.status !== 'pending' || !order.checkoutUrl) return false
  const provider = paymentProviders.get(order.provider)
  if (!provider) return false
  const status = await provider
    .fetchStatus({ number: order.number, providerReference: order.providerReference })
    .catch((error) => {
      logger.warn({ err: error, order: order.number }, 'payment status query failed')
      return { status: 'unknown' as const }
    })
  if (status.status === 'paid') {
    await paymentSettlement.receive(provider.name, {
      type: 'payment.succeeded',
      eventId: `query:${order.number}`,
      orderNumber: order.number,
      amount: status.amount ?? -1,
      currency: order.currency,
      providerReference: status.providerReference ?? order.providerReference ?? '',
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
