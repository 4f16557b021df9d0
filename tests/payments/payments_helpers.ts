import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import paymentsConfig from '#config/payments'
import { ledger } from '#payments/index'
import { feeOf, refundSplit } from '#payments/services/fees'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import type Field from '#identity/models/field'
import type User from '#identity/models/user'
import { clearEarnings } from '#payments/jobs/clear_earnings'
import { payoutService } from '#payments/services/payout_service'

/** A user whose active identity is a master one of a field (certified unless told). */
export async function masterUser(
  options: {
    field?: Field
    status?: 'certified' | 'pending'
    staffRole?: 'admin' | 'moderator'
  } = {}
) {
  const field = options.field ?? (await FieldFactory.create())
  const user = await UserFactory.merge({ staffRole: options.staffRole ?? null }).create()
  const identity = await IdentityFactory.merge({
    userId: user.id,
    fieldId: field.id,
    role: 'master',
    status: options.status ?? 'certified',
  }).create()
  user.defaultIdentityId = identity.id
  await user.save()
  return { user, identity, field }
}

export type Sale = { orderId: number; itemId: number; number: string; amount: number; fee: number }

/**
 * A paid sale of one item, as the lead's markPaid will record it (decision
 * 013): the order and its item, and the `order.paid` posting (the buyer's
 * money held, the platform's fee, the master's share pending).
 */
export async function recordSale(sale: {
  sellerIdentityId: number
  amount: number
  paidAt?: DateTime
  title?: string
  buyer?: { userId: number; identityId: number }
}): Promise<Sale> {
  const buyer = sale.buyer ?? (await newBuyer())
  const fee = feeOf(sale.amount)
  const paidAt = (sale.paidAt ?? DateTime.now()).toJSDate()
  const number = `T${randomUUID().replaceAll('-', '').slice(0, 20)}`
  return db.transaction(async (trx) => {
    const [order] = await trx
      .insertQuery()
      .table('orders')
      .insert({
        number,
        buyer_user_id: buyer.userId,
        buyer_identity_id: buyer.identityId,
        status: 'paid',
        total_amount: sale.amount,
        fee_amount: fee,
        provider: 'sandbox',
        idempotency_key: randomUUID(),
        expires_at: paidAt,
        paid_at: paidAt,
        created_at: paidAt,
      })
      .returning('id')
    const [item] = await trx
      .insertQuery()
      .table('order_items')
      .insert({
        order_id: order.id,
        item_kind: 'course',
        item_id: order.id,
        title: sale.title ?? `Course ${order.id}`,
        seller_identity_id: sale.sellerIdentityId,
        amount: sale.amount,
        fee_amount: fee,
      })
      .returning('id')
    await ledger.post(
      {
        kind: 'order.paid',
        reference: String(order.id),
        entries: [
          { account: { kind: 'buyer_clearing' }, amount: sale.amount },
          { account: { kind: 'platform_revenue' }, amount: -fee },
          {
            account: { kind: 'master_pending', ownerIdentityId: sale.sellerIdentityId },
            amount: -(sale.amount - fee),
          },
        ],
      },
      trx
    )
    return { orderId: order.id, itemId: item.id, number, amount: sale.amount, fee }
  })
}

async function newBuyer() {
  const user = await UserFactory.create()
  const identity = await IdentityFactory.merge({ userId: user.id }).with('field').create()
  return { userId: user.id, identityId: identity.id }
}

/**
 * A refund of part of a sale, shaped as the lead's refunds will post it
 * (decision 013's `refund.requested`): the fee part by the cumulative
 * rounding, the share part out of pending earnings until the item cleared,
 * available ones after. The item row is locked, as a refund must.
 */
export async function recordRefund(sale: Sale, amount: number, at = DateTime.now()) {
  return db.transaction(async (trx) => {
    const item = await trx.from('order_items').where('id', sale.itemId).forUpdate().firstOrFail()
    const after = item.refunded_amount + amount
    const { fee: feePart } = refundSplit(
      { amount: item.amount, feeAmount: item.fee_amount, refundedAmount: item.refunded_amount },
      amount
    )
    const [refund] = await trx
      .insertQuery()
      .table('refunds')
      .insert({
        order_id: sale.orderId,
        amount,
        reason: 'test',
        idempotency_key: randomUUID(),
        created_at: at.toJSDate(),
      })
      .returning('id')
    await trx.from('order_items').where('id', sale.itemId).update({ refunded_amount: after })
    await trx
      .from('orders')
      .where('id', sale.orderId)
      .update({
        refunded_amount: after,
        status: after === item.amount ? 'refunded' : 'partially_refunded',
      })
    const from = item.cleared_at ? 'master_available' : 'master_pending'
    const entries = [
      { account: { kind: 'platform_revenue' as const }, amount: feePart },
      {
        account: { kind: from as 'master_available', ownerIdentityId: item.seller_identity_id },
        amount: amount - feePart,
      },
      { account: { kind: 'refunds' as const }, amount: -amount },
    ].filter((entry) => entry.amount !== 0)
    await ledger.post({ kind: 'refund.requested', reference: String(refund.id), entries }, trx)
    return refund.id as number
  })
}

/** Long enough ago to be cleared. */
export const beforeClearing = () => DateTime.now().minus({ days: paymentsConfig.clearingDays + 1 })

/** A master balance as the master reads it (the ledger keeps earnings as credits). */
export { earningsOf as owed } from '#payments/services/earnings'

/**
 * A payout of 200.00 asked for by the user's active (certified master)
 * identity, from a sale made and cleared for it; approved when told by whom.
 */
export async function payoutOf(user: User, options: { approvedBy?: { id: number } } = {}) {
  const identityId = user.defaultIdentityId!
  await recordSale({ sellerIdentityId: identityId, amount: 50_000, paidAt: beforeClearing() })
  await clearEarnings()
  const payout = await payoutService.request({ userId: user.id, identityId }, 20_000, {
    method: 'bank',
    accountName: '王小明',
    account: '6222021234567890123',
  })
  if (options.approvedBy) await payoutService.approve(options.approvedBy, payout.id)
  return payout
}
