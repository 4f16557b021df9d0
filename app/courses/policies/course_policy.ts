import { BasePolicy } from '@adonisjs/bouncer'
import type { IdentitySummary } from '#identity/index'
import type Course from '#courses/models/course'

type Viewer = { id: number }

/**
 * Who may do what with a course. A course belongs to a master identity: only
 * that identity, while it is the active one, edits it — the same person acting
 * as an apprentice elsewhere does not. Publishing needs that master to be
 * certified; an uncertified master prepares drafts only.
 */
export default class CoursePolicy extends BasePolicy {
  #actsAsMaster(identity: IdentitySummary | null): identity is IdentitySummary {
    return identity?.role === 'master'
  }

  /** Start a course: any master identity, in its own field. */
  create(_user: Viewer, identity: IdentitySummary | null) {
    return this.#actsAsMaster(identity)
  }

  edit(_user: Viewer, identity: IdentitySummary | null, course: Course) {
    return this.#actsAsMaster(identity) && identity.id === course.masterIdentityId
  }

  publish(user: Viewer, identity: IdentitySummary | null, course: Course) {
    return this.edit(user, identity, course) && identity!.status === 'certified'
  }

  /** Analytics and the learner list: the course's own master only. */
  viewAnalytics(user: Viewer, identity: IdentitySummary | null, course: Course) {
    return this.edit(user, identity, course)
  }
}
