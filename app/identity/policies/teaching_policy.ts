import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#identity/models/user'
import type { IdentitySummary } from '#identity/services/identity_service'

/**
 * What an identity may do as a teacher. Courses and bookings (later modules)
 * ask this policy with the active identity: only a certified master, acting
 * as that master, publishes paid courses and takes bookings — an uncertified
 * (pending, declined, suspended) master may prepare free material only.
 */
export default class TeachingPolicy extends BasePolicy {
  #certifiedMaster(identity: IdentitySummary | null) {
    return identity?.role === 'master' && identity.status === 'certified'
  }

  publishPaidCourse(_user: User, identity: IdentitySummary | null) {
    return this.#certifiedMaster(identity)
  }

  takeBookings(_user: User, identity: IdentitySummary | null) {
    return this.#certifiedMaster(identity)
  }
}
