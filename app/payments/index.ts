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
