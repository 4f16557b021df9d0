import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#identity/models/user'
import type CertificationApplication from '#identity/models/certification_application'

/** Applicants see their own application; staff (moderators, admins) review them all. */
export default class CertificationPolicy extends BasePolicy {
  view(user: User, application: CertificationApplication) {
    return user.isStaff || application.userId === user.id
  }

  resubmit(user: User, application: CertificationApplication) {
    return application.userId === user.id && application.status === 'more_info_requested'
  }

  review(user: User) {
    return user.isStaff
  }
}
