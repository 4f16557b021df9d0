import paymentsConfig from '#config/payments'

/** The platform's fee on an item of `amount` minor units (the master's share is the rest). */
export function feeOf(amount: number, percent = paymentsConfig.feePercent) {
  return Math.round((amount * percent) / 100)
}

/**
 * How a refund of `amount` out of an item splits between the platform's fee
 * and the master's share, given what was refunded of it before: cumulative,
 * so that any number of partial refunds add up to the item exactly.
 */
export function refundSplit(
  item: { amount: number; feeAmount: number; refundedAmount: number },
  amount: number
) {
  const feeBefore = Math.round((item.refundedAmount * item.feeAmount) / item.amount)
  const feeAfter = Math.round(((item.refundedAmount + amount) * item.feeAmount) / item.amount)
  const fee = feeAfter - feeBefore
  return { fee, share: amount - fee }
}
