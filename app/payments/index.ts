/*
| The payments module's public surface (layer: above identity; below courses
| and mentoring, which sell through it). So far: the double-entry ledger.
*/
export {
  ledger,
  UnbalancedPostingError,
  type LedgerAccount,
  type LedgerAccountKind,
  type LedgerProblem,
  type Posting,
} from '#payments/services/ledger'

/** This module's Bouncer policies, registered with the others in start/policies.ts. */
export const paymentsPolicies = {
  IncomePolicy: () => import('#payments/policies/income_policy'),
  PayoutAdminPolicy: () => import('#payments/policies/payout_admin_policy'),
}
