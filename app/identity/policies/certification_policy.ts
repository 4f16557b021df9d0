import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#identity/models/user'
import type CertificationApplication from '#identity/models/certification_application'
import { verifiedEmailFor } from '#identity/policies/verified_email'

/**
 * Applicants see their own applications; staff (moderators, admins) review
 * them all, except their own: nobody decides on their own certification.
 */
export default class CertificationPolicy extends BasePolicy {
  view(user: User, application: CertificationApplication) {
    return user.isStaff || application.userId === user.id
  }

  /** Applying needs a verified email address. */
  apply(user: User) {
    return verifiedEmailFor(user, 'certification.apply')
  }

  /** Only the applicant, and only when more information was asked for. */
  resubmit(user: User, application: CertificationApplication) {
    return application.userId === user.id && application.status === 'more_info_requested'
  }

  /** The review queue and its pages. */
  review(user: User) {
    return user.isStaff
  }

  /** A decision on one application: staff, never on their own (the service refuses it too). */
  decide(user: User, application: CertificationApplication) {
    return user.isStaff && application.userId !== user.id
  }
}
