import { DomainError, FormError } from '#shared/errors/domain_error'

/** Asking for a payout as anything but one's own active, certified master identity. */
export class NotCertifiedMasterError extends DomainError {
  static status = 403
  static code = 'E_NOT_CERTIFIED_MASTER'

  constructor() {
    super('payments_income.errors.not_certified_master')
  }
}

/** Less than the smallest payout (paymentsConfig.payoutMinimum). */
export class PayoutBelowMinimumError extends FormError {
  static status = 422
  static code = 'E_PAYOUT_BELOW_MINIMUM'

  constructor(minimum: string) {
    super('amount', 'payments_income.errors.below_minimum', { minimum })
  }
}

/**
 * More than is available now: the form's check, or the ledger's (a refund
 * or another payout took the money meanwhile; the accounts' CHECK refused).
 */
export class InsufficientEarningsError extends FormError {
  static status = 422
  static code = 'E_INSUFFICIENT_EARNINGS'

  constructor(available: string) {
    super('amount', 'payments_income.errors.insufficient', { available })
  }
}

/** The payout was decided meanwhile (another admin, another tab): nothing was done. */
export class PayoutChangedError extends DomainError {
  static status = 409
  static code = 'E_PAYOUT_CHANGED'
  static shownAs = 'back' as const

  constructor() {
    super('payments_admin.errors.changed')
  }
}

/** A payout an admin took up meanwhile (approved, or decided otherwise): no longer the master's to cancel. */
export class PayoutNotCancellableError extends DomainError {
  static status = 409
  static code = 'E_PAYOUT_NOT_CANCELLABLE'
  static shownAs = 'back' as const

  constructor() {
    super('payments_income.errors.not_cancellable')
  }
}

/** An admin deciding on a payout of their own master identity. */
export class OwnPayoutError extends DomainError {
  static status = 403
  static code = 'E_OWN_PAYOUT'

  constructor() {
    super('payments_admin.errors.own_payout')
  }
}

/** A statement address naming no month it can have (?month=YYYY-MM). */
export class UnknownMonthError extends DomainError {
  static status = 400
  static code = 'E_UNKNOWN_MONTH'

  constructor() {
    super('payments_income.errors.unknown_month')
  }
}
