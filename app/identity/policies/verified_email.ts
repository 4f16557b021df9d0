import { AuthorizationResponse, Bouncer } from '@adonisjs/bouncer'

/**
 * What needs a verified email address, decided per action. Reading, learning
 * and answering someone who wrote first do not; reaching people who never
 * asked to hear from you, acting outside the site, and anything public or paid
 * do. Modules ask for their action in their policies:
 * `return verifiedEmailFor(user, 'community.post')`.
 */
export const VERIFIED_EMAIL_ACTIONS = [
  /** a first message to someone (chat.start) */
  'chat.start',
  /** personal access tokens for the API */
  'tokens.create',
  /** applying for master certification */
  'certification.apply',
  /* the modules to come */
  'community.post',
  'mentoring.book',
  'payments.pay',
] as const
export type VerifiedEmailAction = (typeof VERIFIED_EMAIL_ACTIONS)[number]

/** The signed-in user as this check sees it (any module's view of the identity User model). */
export type VerifiableUser = { isVerified: boolean }

/**
 * A refusal for want of a verified address: the error page shows its message
 * (why, for this action) and the prompt to verify (with the resend button).
 */
export class VerifyEmailFirst extends AuthorizationResponse {
  readonly prompt = 'identity/_verify_prompt'

  constructor(action: VerifiedEmailAction) {
    super(false)
    this.status = 403
    this.message = `A verified email address is needed to ${action}`
    this.t(`auth.verify_first.${action.replace('.', '_')}`)
  }
}

/** Allowed when the user's address is verified; otherwise the refusal that prompts to verify. */
export function verifiedEmailFor(user: VerifiableUser, action: VerifiedEmailAction) {
  return user.isVerified ? true : new VerifyEmailFirst(action)
}

/** The same as a Bouncer ability: `bouncer.authorize('verifiedEmail', 'payments.pay')`. */
export const verifiedEmail = Bouncer.ability((user: VerifiableUser, action: VerifiedEmailAction) =>
  verifiedEmailFor(user, action)
)
