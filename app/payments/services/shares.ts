/*
| How a sale's money splits (decision 013): the platform's fee per item is
| round(amount × feePercent / 100), the master's share the rest; a refund's
| fee part keeps the cumulative split exact, so however many partial
| refunds, their fee parts add up to round(refunded × fee / amount).
*/

/** The fee of all that has been refunded of an item so far. */
export function refundedFee(item: { amount: number; feeAmount: number; refundedAmount: number }) {
  return Math.round((item.refundedAmount * item.feeAmount) / item.amount)
}

/** What of the master's share of an item is still theirs after its refunds (never below 0). */
export function shareLeft(item: { amount: number; feeAmount: number; refundedAmount: number }) {
  const share = item.amount - item.feeAmount
  const refundedShare = item.refundedAmount - refundedFee(item)
  return Math.max(0, share - refundedShare)
}
