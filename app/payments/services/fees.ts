import paymentsConfig from '#config/payments'

/*
| How a sale's money splits (decision 013), written once: the platform's fee
| per item is round(amount × feePercent / 100), the master's share the rest.
| Refunds split cumulatively: whatever has been refunded of an item so far,
| the fee given back with it is round(refunded × fee / amount), so however
| many partial refunds, their fee parts add up to that exactly and a whole
| refund gives back the whole fee. The reports sum it in SQL (refundedFeeSql,
| below); a refund row keeps its own split (refunds.allocation).
*/

/** An order item's money: its price, its fee and what has been refunded of it so far. */
export type ItemMoney = { amount: number; feeAmount: number; refundedAmount: number }

/** The platform's fee on an item of `amount` minor units (the master's share is the rest). */
export function feeOf(amount: number, percent = paymentsConfig.feePercent) {
  return Math.round((amount * percent) / 100)
}

/** The fee part of all that has been refunded of an item so far. */
export function refundedFee(item: ItemMoney) {
  return Math.round((item.refundedAmount * item.feeAmount) / item.amount)
}

/**
 * `refundedFee` in SQL, of the order_items row aliased `item`, for the
 * reports' sums. The same number: the division is exact (numeric), and
 * PostgreSQL's round() and Math.round agree on positive halves (up).
 */
export const refundedFeeSql = (item: string) =>
  `round(${item}.refunded_amount * ${item}.fee_amount::numeric / ${item}.amount)`

/**
 * How a refund of `amount` out of an item splits between the platform's fee
 * and the master's share, given what was refunded of it before.
 */
export function refundSplit(item: ItemMoney, amount: number) {
  // fields read one by one, never spread: `item` may be a Lucid model (its columns are getters)
  const { amount: price, feeAmount, refundedAmount } = item
  const after = refundedFee({ amount: price, feeAmount, refundedAmount: refundedAmount + amount })
  const fee = after - refundedFee(item)
  return { fee, share: amount - fee }
}

/** What of the master's share of an item is still theirs after its refunds (never below 0). */
export function shareLeft(item: ItemMoney) {
  const share = item.amount - item.feeAmount
  const refundedShare = item.refundedAmount - refundedFee(item)
  return Math.max(0, share - refundedShare)
}
