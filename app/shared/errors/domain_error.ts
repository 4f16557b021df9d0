import { Exception } from '@adonisjs/core/exceptions'

export type MessageValues = Record<string, unknown>

/**
 * A refusal a module names (not a fault): an HTTP status and the i18n key of
 * the message the user reads. Services throw it; the exception handler
 * (#shared/exceptions/handler) renders it in the caller's shape (a page, an
 * htmx answer, JSON, problem+json under /api/) and never reports it as a
 * server error. Subclasses set `static status` and `static code`.
 */
export class DomainError extends Exception {
  static status = 400
  /**
   * How a page sees it: `page`, an error page with the status and the
   * message; `back`, the page the form came from again, the message flashed
   * as an error (e.g. "someone decided this meanwhile").
   */
  static shownAs: 'page' | 'back' = 'page'
  /** An optional way on from the error page (route name + label key), instead of home. */
  static back?: { route: string; labelKey: string }

  constructor(
    readonly messageKey: string,
    readonly values: MessageValues = {},
    options?: { status?: number; code?: string }
  ) {
    super(messageKey, options)
  }

  get shownAs() {
    return (this.constructor as typeof DomainError).shownAs
  }

  get back() {
    return (this.constructor as typeof DomainError).back
  }
}

/**
 * What was sent in one form field cannot be accepted (a wrong current
 * password, an image that is not one, a field applied for already): shown
 * like a VineJS validation error, on that field of the form.
 */
export class FormError extends DomainError {
  static status = 422
  static code = 'E_FORM_ERROR'

  constructor(
    readonly field: string,
    messageKey: string,
    values: MessageValues = {}
  ) {
    super(messageKey, values)
  }
}
