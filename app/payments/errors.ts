import { DomainError } from '#shared/errors/domain_error'

/** Nothing of that kind and id is for sale (an unknown kind, a bad id). */
export class NotForSaleError extends DomainError {
  static status = 404
  static code = 'E_NOT_FOR_SALE'

  constructor() {
    super('payments.errors.not_for_sale')
  }
}

/** A provider that is not configured here, or not known. */
export class ProviderUnavailableError extends DomainError {
  static status = 422
  static code = 'E_PROVIDER_UNAVAILABLE'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('payments.errors.provider_unavailable')
  }
}

/** The provider could not start a checkout (its API down): nothing was charged. */
export class ProviderFailedError extends DomainError {
  static status = 502
  static code = 'E_PROVIDER_FAILED'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('payments.errors.provider_failed')
  }
}

/** A refund of more than is left to refund, or of an order that was never paid. */
export class RefundNotPossibleError extends DomainError {
  static status = 409
  static code = 'E_REFUND_NOT_POSSIBLE'
  static shownAs: 'page' | 'back' = 'back'

  constructor(reason: 'not_paid' | 'too_much' | 'paid_out' | 'key_reused') {
    super(`payments.errors.refund_${reason}`)
  }
}
