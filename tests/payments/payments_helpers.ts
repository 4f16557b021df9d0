import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import paymentsConfig from '#config/payments'
import { ledger, type LedgerAccountKind } from '#payments/index'
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

type SoldItem = { sellerIdentityId: number; amount: number; title?: string }

/**
 * A paid order of one or more items, as settlement records it (decision
 * 013): the order and its items, and the `order.paid` posting (the buyer's
 * money held, the platform's fee and each seller's share pending, per item).
 * Returns a sale per item, in order.
 */
export async function recordOrder(order: {
  items: SoldItem[]
  paidAt?: DateTime
  buyer?: { userId: number; identityId: number }
}): Promise<Sale[]> {
  const buyer = order.buyer ?? (await newBuyer())
  const items = order.items.map((item) => ({ ...item, fee: feeOf(item.amount) }))
  const total = items.reduce((sum, item) => sum + item.amount, 0)
  const paidAt = (order.paidAt ?? DateTime.now()).toJSDate()
  const number = `T${randomUUID().replaceAll('-', '').slice(0, 20)}`
  return db.transaction(async (trx) => {
    const [row] = await trx
      .insertQuery()
      .table('orders')
      .insert({
        number,
        buyer_user_id: buyer.userId,
        buyer_identity_id: buyer.identityId,
        status: 'paid',
        total_amount: total,
        fee_amount: items.reduce((sum, item) => sum + item.fee, 0),
        provider: 'sandbox',
        idempotency_key: randomUUID(),
        expires_at: paidAt,
        paid_at: paidAt,
        created_at: paidAt,
      })
      .returning('id')
    const sales: Sale[] = []
    for (const [index, item] of items.entries()) {
      const [inserted] = await trx
        .insertQuery()
        .table('order_items')
        .insert({
          order_id: row.id,
          item_kind: 'course',
          item_id: row.id * 100 + index,
          title: item.title ?? `Course ${row.id}${index ? `-${index}` : ''}`,
          seller_identity_id: item.sellerIdentityId,
          amount: item.amount,
          fee_amount: item.fee,
        })
        .returning('id')
      sales.push({
        orderId: row.id,
        itemId: inserted.id,
        number,
        amount: item.amount,
        fee: item.fee,
      })
    }
    await ledger.post(
      {
        kind: 'order.paid',
        reference: String(row.id),
        entries: [
          { account: { kind: 'buyer_clearing' as const }, amount: total },
          ...items.flatMap((item) => [
            { account: { kind: 'platform_revenue' as const }, amount: -item.fee },
            {
              account: { kind: 'master_pending' as const, ownerIdentityId: item.sellerIdentityId },
              amount: -(item.amount - item.fee),
            },
          ]),
        ].filter((entry) => entry.amount !== 0),
      },
      trx
    )
    return sales
  })
}

/** A paid sale of one item (recordOrder's). */
export async function recordSale(
  sale: SoldItem & { paidAt?: DateTime; buyer?: { userId: number; identityId: number } }
): Promise<Sale> {
  const [sold] = await recordOrder({ items: [sale], paidAt: sale.paidAt, buyer: sale.buyer })
  return sold
}

async function newBuyer() {
  const user = await UserFactory.create()
  const identity = await IdentityFactory.merge({ userId: user.id }).with('field').create()
  return { userId: user.id, identityId: identity.id }
}

/**
 * A refund of part of a one-item sale, shaped as refund_service.ts reserves
 * it (decision 013's `refund.requested`, the refund's allocation): the fee
 * part by the cumulative rounding, the share part out of pending earnings
 * until the item cleared, available ones after. The item row is locked, as
 * a refund must.
 */
export async function recordRefund(sale: Sale, amount: number, at = DateTime.now()) {
  return db.transaction(async (trx) => {
    const item = await trx.from('order_items').where('id', sale.itemId).forUpdate().firstOrFail()
    const after = item.refunded_amount + amount
    const { fee, share } = refundSplit(
      { amount: item.amount, feeAmount: item.fee_amount, refundedAmount: item.refunded_amount },
      amount
    )
    const account = item.cleared_at ? 'master_available' : 'master_pending'
    const part = { orderItemId: item.id, amount, fee, share, account }
    const [refund] = await trx
      .insertQuery()
      .table('refunds')
      .insert({
        order_id: sale.orderId,
        amount,
        reason: 'test',
        idempotency_key: randomUUID(),
        allocation: JSON.stringify([{ ...part, sellerIdentityId: item.seller_identity_id }]),
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
    const entries = [
      { account: { kind: 'platform_revenue' as const }, amount: fee },
      {
        account: { kind: account as LedgerAccountKind, ownerIdentityId: item.seller_identity_id },
        amount: share,
      },
      { account: { kind: 'refunds' as const }, amount: -amount },
    ].filter((entry) => entry.amount !== 0)
    await ledger.post({ kind: 'refund.requested', reference: String(refund.id), entries }, trx)
    return refund.id as number
  })
}

/**
 * Waits until another backend waits on a lock that `holder`'s transaction
 * holds (pg_stat_activity's lock waits, pg_blocking_pids): the race a test
 * names is then running for certain, not hoped for after a sleep.
 */
export async function lockWaitOn(holder: TransactionClientContract, timeoutMs = 10_000) {
  const { rows } = await holder.rawQuery('SELECT pg_backend_pid() AS pid')
  const pid = rows[0].pid as number
  const until = Date.now() + timeoutMs
  for (;;) {
    const waiting = await db.rawQuery(
      `SELECT 1 FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND ?::int = ANY(pg_blocking_pids(pid)) LIMIT 1`,
      [pid]
    )
    if (waiting.rows.length) return
    if (Date.now() > until) {
      throw new Error(`nothing waited on a lock of backend ${pid} within ${timeoutMs} ms`)
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
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
