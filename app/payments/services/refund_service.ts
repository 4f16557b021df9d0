import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import emitter from '@adonisjs/core/services/emitter'
import { orderEvent } from '#payments/events'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { notificationService } from '#realtime/index'
import Order from '#payments/models/order'
import OrderItem from '#payments/models/order_item'
import { ledger, type Posting } from '#payments/services/ledger'
import { refundSplit } from '#payments/services/fees'
import { sellables, soldItem } from '#payments/services/sellables'
import { paymentProviders } from '#payments/services/payment_providers'
import { formatMoney } from '#payments/services/money'
import { RefundNotPossibleError } from '#payments/errors'
import { heldByAnotherOrder } from '#payments/services/order_holdings'

export type RefundAsk = {
  orderId: number
  /** minor units; at most what is left to refund */
  amount: number
  reason: string
  /** the admin who refunds; null when a module's policy does (a cancelled session) */
  actorUserId: number | null
  /** one refund per key: a double click or a retried cancellation refunds once */
  key: string
}

type Allocation = {
  orderItemId: number
  amount: number
  fee: number
  share: number
  sellerIdentityId: number
  account: 'master_pending' | 'master_available'
}

export type RefundRow = {
  id: number
  order_id: number
  amount: number
  status: 'pending' | 'succeeded' | 'failed'
  allocation: Allocation[]
  idempotency_key: string
  reason: string
  failure: string | null
  attempts: number
  created_at: Date
  updated_at: Date
}

const requestedPosting = (refund: RefundRow, currency: string): Posting => ({
  kind: 'refund.requested',
  reference: String(refund.id),
  currency,
  entries: [
    ...refund.allocation.flatMap((part) => [
      { account: { kind: 'platform_revenue' as const }, amount: part.fee },
      {
        account: { kind: part.account, ownerIdentityId: part.sellerIdentityId },
        amount: part.share,
      },
    ]),
    { account: { kind: 'refunds' as const }, amount: -refund.amount },
  ].filter((entry) => entry.amount !== 0),
})

/** The reason a second payment for what the buyer holds goes back (an i18n key: the platform's rule). */
export const PAID_TWICE_REASON = 'payments.refund_reasons.paid_twice'
const PAID_TWICE = 'paid-twice:'
/** The one refund of an order paid for what its buyer held already. */
export const paidTwiceKey = (orderId: number) => `${PAID_TWICE}${orderId}`

/** The master's earnings no longer hold the share (paid out meanwhile): the ledger's CHECK said no. */
const isOverdrawn = (error: unknown) =>
  (error as { constraint?: string })?.constraint === 'ledger_accounts_earnings_not_negative'

/**
 * Refunds (退款), whole or in part, by an admin or by a selling module's
 * policy. The money is first taken back from the platform's fee and the
 * master's earnings in one transaction (the ledger refuses to overdraw
 * them), then the provider pays the buyer back, then the outcome is
 * recorded: on success the buyer loses what was wholly refunded; on failure
 * everything taken is put back.
 */
export const refundService = {
  async refund(ask: RefundAsk): Promise<RefundRow> {
    if (!Number.isSafeInteger(ask.amount) || ask.amount <= 0) {
      throw new RefundNotPossibleError('too_much')
    }
    let reserved: { refund: RefundRow; order: Order; fresh: boolean }
    try {
      reserved = await db.transaction((trx) => this.reserve(ask, trx))
    } catch (error) {
      if (isOverdrawn(error)) throw new RefundNotPossibleError('paid_out')
      throw error
    }
    const { refund, order, fresh } = reserved
    if (!fresh || refund.status !== 'pending') return refund
    return this.send(refund, order)
  },

  /**
   * Asks the provider to pay a reserved refund back, and records its answer.
   * No answer (a timeout, the provider down) leaves it pending: it may or may
   * not have been made, so the retry job asks again with the same key (both
   * providers make a repeat of a key the same refund) or a notification says.
   */
  async send(refund: RefundRow, order: Order): Promise<RefundRow> {
    const provider = paymentProviders.get(order.provider)
    const result = provider
      ? await provider
          .refund({
            orderNumber: order.number,
            providerReference: order.providerReference,
            orderAmount: order.totalAmount,
            amount: refund.amount,
            currency: order.currency,
            refundKey: refund.idempotency_key,
            reason: refund.reason,
          })
          .catch((error: Error) => {
            logger.error({ err: error, order: order.number }, 'provider refund gave no answer')
            return { status: 'pending' as const, providerReference: null, failure: error.message }
          })
      : { status: 'pending' as const, providerReference: null, failure: 'provider not configured' }
    await db
      .from('refunds')
      .where('id', refund.id)
      .update({
        provider_reference: result.providerReference,
        attempts: db.raw('attempts + 1'),
        updated_at: new Date(),
      })
    if (result.status === 'pending') return refund
    const settled = await db.transaction((trx) =>
      this.settle(refund.id, result.status as 'succeeded' | 'failed', trx, result.failure)
    )
    if (!settled) return db.from('refunds').where('id', refund.id).firstOrFail()
    await this.announce(settled)
    return settled
  },

  /** `order:refunded`, once a refund's success committed. */
  async announce(refund: RefundRow) {
    if (refund.status !== 'succeeded') return
    const order = await Order.query().where('id', refund.order_id).preload('items').firstOrFail()
    await emitter.emit('order:refunded', {
      ...orderEvent(order),
      refundId: refund.id,
      amount: refund.amount,
    })
  },

  async reserve(ask: RefundAsk, trx: TransactionClientContract) {
    const order = await Order.query({ client: trx })
      .where('id', ask.orderId)
      .forUpdate()
      .firstOrFail()
    const existing = await trx.from('refunds').where('idempotency_key', ask.key).first()
    if (existing && existing.order_id !== order.id) throw new RefundNotPossibleError('key_reused')
    if (existing) return { refund: existing as RefundRow, order, fresh: false }
    if (!order.isPaid) throw new RefundNotPossibleError('not_paid')
    if (ask.amount > order.totalAmount - order.refundedAmount) {
      throw new RefundNotPossibleError('too_much')
    }
    const items = await OrderItem.query({ client: trx })
      .where('orderId', order.id)
      .orderBy('id')
      .forUpdate()
    const allocation: Allocation[] = []
    let left = ask.amount
    for (const item of items) {
      const take = Math.min(left, item.amount - item.refundedAmount)
      if (take <= 0) continue
      const { fee, share } = refundSplit(item, take)
      allocation.push({
        orderItemId: item.id,
        amount: take,
        fee,
        share,
        sellerIdentityId: item.sellerIdentityId,
        account: item.clearedAt ? 'master_available' : 'master_pending',
      })
      await trx.from('order_items').where('id', item.id).increment('refunded_amount', take)
      left -= take
    }
    const [refund] = (await trx
      .insertQuery()
      .table('refunds')
      .insert({
        order_id: order.id,
        amount: ask.amount,
        reason: ask.reason,
        actor_user_id: ask.actorUserId,
        idempotency_key: ask.key,
        allocation: JSON.stringify(allocation),
      })
      .returning('*')) as RefundRow[]
    await ledger.post(requestedPosting(refund, order.currency), trx)
    const refunded = order.refundedAmount + ask.amount
    await trx
      .from('orders')
      .where('id', order.id)
      .update({
        refunded_amount: refunded,
        status: refunded === order.totalAmount ? 'refunded' : 'partially_refunded',
        updated_at: new Date(),
      })
    return { refund, order, fresh: true }
  },

  /** The provider's answer about a refund (now, or later by a notification): recorded once. */
  async settle(
    refundId: number,
    outcome: 'succeeded' | 'failed',
    trx: TransactionClientContract,
    failure?: string
  ): Promise<RefundRow | null> {
    // the order first, then the refund: a provider's notification settling it locks them alike
    const { order_id: orderId } = await trx
      .from('refunds')
      .where('id', refundId)
      .select('order_id')
      .firstOrFail()
    const order = await Order.query({ client: trx }).where('id', orderId).forUpdate().firstOrFail()
    const refund = (await trx
      .from('refunds')
      .where('id', refundId)
      .forUpdate()
      .first()) as RefundRow
    // settled before (a notification after the synchronous answer, or twice): nothing more
    if (refund.status !== 'pending') return null
    await trx
      .from('refunds')
      .where('id', refund.id)
      .update({ status: outcome, failure: failure ?? null, updated_at: new Date() })
    if (outcome === 'succeeded') {
      await ledger.post(
        {
          kind: 'refund.succeeded',
          reference: String(refund.id),
          currency: order.currency,
          entries: [
            { account: { kind: 'refunds' }, amount: refund.amount },
            { account: { kind: 'buyer_clearing' }, amount: -refund.amount },
          ],
        },
        trx
      )
      await this.revokeWhollyRefunded(order, refund, trx)
      await notificationService.notify(
        order.buyerUserId,
        'payments.refunded',
        {
          item: await this.titles(order.id, trx),
          amount: formatMoney(refund.amount, 'zh-CN', order.currency),
          url: `/orders/${order.number}`,
        },
        trx
      )
      return { ...refund, status: outcome }
    }
    // the master's share goes back where it would be now: an item that cleared meanwhile
    // (its clearing left the reserved share out) has it available, not pending for ever
    const cleared = await trx
      .from('order_items')
      .whereIn(
        'id',
        refund.allocation.map((part) => part.orderItemId)
      )
      .whereNotNull('cleared_at')
      .select('id')
    const clearedIds = new Set(cleared.map((row) => row.id as number))
    const reverse = requestedPosting(
      {
        ...refund,
        allocation: refund.allocation.map((part) =>
          clearedIds.has(part.orderItemId) ? { ...part, account: 'master_available' } : part
        ),
      },
      order.currency
    )
    await ledger.post(
      {
        ...reverse,
        kind: 'refund.failed',
        entries: reverse.entries.map((entry) => ({ ...entry, amount: -entry.amount })),
      },
      trx
    )
    for (const part of refund.allocation) {
      await trx
        .from('order_items')
        .where('id', part.orderItemId)
        .decrement('refunded_amount', part.amount)
    }
    const refunded = order.refundedAmount - refund.amount
    await trx
      .from('orders')
      .where('id', order.id)
      .update({
        refunded_amount: refunded,
        status: refunded === 0 ? 'paid' : 'partially_refunded',
        updated_at: new Date(),
      })
    return { ...refund, status: outcome, failure: failure ?? null }
  },

  async settleByKey(key: string, outcome: 'succeeded' | 'failed', trx: TransactionClientContract) {
    const refund = await trx.from('refunds').where('idempotency_key', key).select('id').first()
    if (!refund) {
      logger.warn({ key }, 'refund notification for no refund of ours')
      return null
    }
    return this.settle(refund.id, outcome, trx)
  },

  async revokeWhollyRefunded(order: Order, refund: RefundRow, trx: TransactionClientContract) {
    // a payment for what the buyer held already granted nothing: its refund takes nothing back
    if (refund.idempotency_key.startsWith(PAID_TWICE)) return
    const ids = refund.allocation.map((part) => part.orderItemId)
    const items = await OrderItem.query({ client: trx }).whereIn('id', ids)
    for (const item of items) {
      if (item.refundedAmount !== item.amount) continue
      // another paid order of the buyer still holds it (this one was a second payment)
      if (await heldByAnotherOrder(trx, order, item)) continue
      const sellable = sellables.get(item.itemKind)
      if (!sellable) throw new Error(`refunded item of no registered kind: ${item.itemKind}`)
      await sellable.revoke(soldItem(order, item), trx)
    }
  },

  async titles(orderId: number, trx: TransactionClientContract) {
    const rows = await trx.from('order_items').where('order_id', orderId).select('title')
    return rows.map((row) => row.title).join('、')
  },
}
