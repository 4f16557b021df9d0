import { Exception } from '@adonisjs/core/exceptions'

/** Switching to (or acting as) an identity that belongs to someone else. */
export class NotYourIdentityError extends Exception {
  static status = 403
  static code = 'E_NOT_YOUR_IDENTITY'
}
