/*
| The payments module's public surface (layer: above identity; below courses
| and mentoring, which sell through it). Decision 013 says how.
|
| sellables.register(kind, { describe, grant, revoke, url }): a selling module's
| items; grant/revoke run inside the payment's or refund's transaction.
| refundService.refund({ orderId, amount, reason, actorUserId, key }): a refund
| by a module's policy (a cancelled session), once per key.
*/
export {
  ledger,
  UnbalancedPostingError,
  type LedgerAccount,
  type LedgerAccountKind,
  type LedgerProblem,
  type Posting,
} from '#payments/services/ledger'
export {
  sellables,
  type Sellable,
  type ItemOffer,
  type SoldItem,
} from '#payments/services/sellables'
export { refundService, type RefundAsk } from '#payments/services/refund_service'
export { formatMoney } from '#payments/services/money'

/** This module's Bouncer policies, registered with the others in start/policies.ts. */
export const paymentsPolicies = {
  OrderPolicy: () => import('#payments/policies/order_policy'),
  IncomePolicy: () => import('#payments/policies/income_policy'),
  PayoutAdminPolicy: () => import('#payments/policies/payout_admin_policy'),
}
