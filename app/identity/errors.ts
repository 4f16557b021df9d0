import { DomainError } from '#shared/errors/domain_error'

/** Switching to (or acting as) an identity that belongs to someone else. */
export class NotYourIdentityError extends DomainError {
  static status = 403
  static code = 'E_NOT_YOUR_IDENTITY'

  constructor() {
    super('errors.403.message')
  }
}
