import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { identityDirectory } from '#identity/index'
import { notificationService } from '#realtime/index'
import Order from '#payments/models/order'
import OrderItem from '#payments/models/order_item'
import { ledger } from '#payments/services/ledger'
import { sellables, soldItem } from '#payments/services/sellables'
import { formatMoney } from '#payments/services/money'
import { receiptMails } from '#payments/mails/receipt_mail'
import {
  PAID_TWICE_REASON,
  paidTwiceKey,
  refundService,
  type RefundRow,
} from '#payments/services/refund_service'
import { orderEvent } from '#payments/events'
import { throughSettlementGate } from '#payments/services/settlement_gate'
import { heldByAnotherOrder } from '#payments/services/order_holdings'
import type { PaymentNotification, ProviderName } from '#payments/providers/payment_provider'

export type SettlementOutcome =
  | 'paid'
  | 'already_paid'
  | 'failed'
  | 'pending'
  | 'refund'
  | 'duplicate'
  | 'ignored'
  | 'unknown_order'
  | 'mismatch'
  | 'paid_twice'

/** A pg advisory lock space: a buyer's settlements, one at a time. */
const SETTLE_LOCK = 0x7061_7932

/** The refund of a second payment, reserved with it, is sent once the payment committed. */
async function refundPaidTwice(orderNumber: string) {
  const order = await Order.query().where('number', orderNumber).firstOrFail()
  const refund = await db.from('refunds').where('idempotency_key', paidTwiceKey(order.id)).first()
  if (refund?.status === 'pending') await refundService.send(refund, order)
}

/** `order:paid`, once the payment committed. */
async function announce(orderNumber: string) {
  const order = await Order.query().where('number', orderNumber).preload('items').firstOrFail()
  await emitter.emit('order:paid', orderEvent(order))
}

/**
 * What a provider's verified notification changes, once: each event id is
 * recorded in `payment_events` in the transaction that acts on it (a
 * redelivery, parallel or late, finds it there), under a lock on the order
 * (its events queue behind each other). An older state arriving after a
 * newer one (pending after paid) never moves an order back.
 */
export const paymentSettlement = {
  async receive(provider: ProviderName, notification: PaymentNotification) {
    if (notification.type === 'ignored') {
      logger.info(
        { provider, event: notification.eventId, type: notification.providerType },
        'payment event ignored'
      )
      return 'ignored' as const
    }
    let settledRefund: RefundRow | null = null
    const outcome = await throughSettlementGate(() =>
      db.transaction(async (trx): Promise<SettlementOutcome> => {
        const order = await Order.query({ client: trx })
          .where('number', notification.orderNumber)
          .forUpdate()
          .first()
        if (!order || order.provider !== provider) {
          logger.warn(
            { provider, order: notification.orderNumber },
            'payment event for no order of ours'
          )
          return 'unknown_order'
        }
        const mismatch =
          notification.type === 'payment.succeeded' &&
          (notification.amount !== order.totalAmount || notification.currency !== order.currency)
        // a payment of another amount is kept as what it is: never shown as a success
        const recorded = await trx.rawQuery(
          `INSERT INTO payment_events (provider, event_id, type, order_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (provider, event_id) DO NOTHING RETURNING id`,
          [
            provider,
            notification.eventId,
            mismatch ? 'payment.mismatch' : notification.type,
            order.id,
          ]
        )
        if (!recorded.rows.length) return 'duplicate'
        switch (notification.type) {
          case 'payment.succeeded':
            if (mismatch) {
              logger.error(
                {
                  provider,
                  order: order.number,
                  amount: notification.amount,
                  currency: notification.currency,
                },
                'payment amount does not match the order: not marked paid'
              )
              return 'mismatch'
            }
            return this.markPaid(order, notification.providerReference, trx)
          case 'payment.failed':
            await trx
              .from('orders')
              .where({ id: order.id, status: 'pending' })
              .update({ status: 'failed', updated_at: new Date() })
            return 'failed'
          case 'payment.pending':
            return 'pending'
          case 'refund.succeeded':
          case 'refund.failed':
            settledRefund = await refundService.settleByKey(
              notification.refundKey,
              notification.type === 'refund.succeeded' ? 'succeeded' : 'failed',
              trx
            )
            return 'refund'
        }
      })
    )
    if (outcome === 'paid') await announce(notification.orderNumber)
    if (outcome === 'paid_twice') await refundPaidTwice(notification.orderNumber)
    if (settledRefund) await refundService.announce(settledRefund)
    return outcome
  },

  /**
   * The order is paid: its status, its ledger posting, the buyer's access
   * (each item's seller grants it) and the notifications, in one transaction.
   * A payment of an expired or failed order is still money received: it is
   * paid all the same.
   */
  async markPaid(order: Order, providerReference: string | null, trx: TransactionClientContract) {
    const now = new Date()
    const moved = await trx.rawQuery(
      `UPDATE orders SET status = 'paid', paid_at = ?, updated_at = ?,
              provider_reference = coalesce(provider_reference, nullif(?, ''))
        WHERE id = ? AND status IN ('pending', 'failed', 'expired') RETURNING id`,
      [now, now, providerReference ?? '', order.id]
    )
    if (!moved.rows.length) {
      // a success under another provider reference is a second charge, not this one again
      if (
        providerReference &&
        order.providerReference &&
        providerReference !== order.providerReference
      ) {
        logger.error(
          { order: order.number, reference: providerReference, paid: order.providerReference },
          'a second payment of a paid order: refund it at the provider'
        )
      }
      return 'already_paid' as const
    }
    // one buyer's payments one at a time: two orders of one item paid at once see each other
    await trx.rawQuery('SELECT pg_advisory_xact_lock(?, ?)', [SETTLE_LOCK, order.buyerUserId])
    const items = await OrderItem.query({ client: trx }).where('orderId', order.id).orderBy('id')
    const held = await heldByAnotherOrder(trx, order)
    await ledger.post(
      {
        kind: 'order.paid',
        reference: String(order.id),
        currency: order.currency,
        memo: order.number,
        entries: [
          { account: { kind: 'buyer_clearing' as const }, amount: order.totalAmount },
          ...items.flatMap((item) => [
            { account: { kind: 'platform_revenue' as const }, amount: -item.feeAmount },
            {
              account: { kind: 'master_pending' as const, ownerIdentityId: item.sellerIdentityId },
              amount: -(item.amount - item.feeAmount),
            },
          ]),
        ].filter((entry) => entry.amount !== 0),
      },
      trx
    )
    // the buyer holds it already — through another order (two tabs with two providers, a late
    // payment of an expired order) or otherwise (enrolled while it was free): the money is
    // received, and goes back. Reserved now, with the payment: the provider is asked once this
    // commits (and again by the retry job if that never happens).
    const paidTwice = (amount: number) =>
      refundService.reserve(
        {
          orderId: order.id,
          amount,
          reason: PAID_TWICE_REASON,
          actorUserId: null,
          key: paidTwiceKey(order.id),
        },
        trx
      )
    if (held) {
      await paidTwice(order.totalAmount)
      return 'paid_twice' as const
    }
    let notGranted = 0
    for (const item of items) {
      // an item no module sells here (a deploy without it) is not paid for silently: the
      // whole settlement rolls back, and the provider's redelivery finds the module back
      const sellable = sellables.get(item.itemKind)
      if (!sellable) throw new Error(`paid item of no registered kind: ${item.itemKind}`)
      if (!(await sellable.grant(soldItem(order, item), trx))) notGranted += item.amount
    }
    if (notGranted) await paidTwice(notGranted)
    if (notGranted === order.totalAmount) return 'paid_twice' as const
    await this.announcePaid(order, items, trx)
    return 'paid' as const
  },

  async announcePaid(order: Order, items: OrderItem[], trx: TransactionClientContract) {
    const title = items.map((item) => item.title).join('、')
    const amount = formatMoney(order.totalAmount, 'zh-CN', order.currency)
    await notificationService.notify(
      order.buyerUserId,
      'payments.paid',
      { item: title, amount, url: `/orders/${order.number}` },
      trx
    )
    for (const item of items) {
      const seller = await identityDirectory.card(item.sellerIdentityId)
      if (!seller) continue
      await notificationService.notify(
        seller.userId,
        'payments.sold',
        {
          item: item.title,
          amount: formatMoney(item.amount, 'zh-CN', order.currency),
          url: '/income',
        },
        trx
      )
    }
    await receiptMails.send(order.id, { client: trx, key: `paid:${order.id}` })
  },
}
