import db from '@adonisjs/lucid/services/db'
import { identityDirectory } from '#identity/index'
import type Course from '#courses/models/course'
import Enrollment from '#courses/models/enrollment'
import {
  ApprenticeSuspendedError,
  CourseNotOpenError,
  OwnCourseError,
  PaidCourseError,
} from '#courses/errors'

/**
 * Enrollment (报名): an apprentice identity joins a course. A user with no
 * apprentice identity in the course's field becomes an apprentice there by
 * enrolling. A paid course is bought instead (course_sales.ts, through payments).
 */
export const enrollmentService = {
  async enroll(userId: number, course: Course): Promise<Enrollment> {
    if (course.status !== 'published') throw new CourseNotOpenError()
    const master = await identityDirectory.card(course.masterIdentityId)
    if (master?.userId === userId) throw new OwnCourseError()
    const existing = await this.forLearner(userId, course)
    if (existing) return existing
    if (!course.isFree) throw new PaidCourseError()
    const apprentice = await identityDirectory.ensureApprentice(userId, course.fieldId)
    if (apprentice.status !== 'active') throw new ApprenticeSuspendedError()
    const apprenticeId = apprentice.id
    return db.transaction(async (trx) => {
      const now = new Date()
      // ON CONFLICT: a double click enrolls once and counts once
      const inserted = await trx.rawQuery(
        `INSERT INTO enrollments (course_id, apprentice_identity_id, status, created_at, updated_at)
         VALUES (?, ?, 'active', ?, ?)
         ON CONFLICT (course_id, apprentice_identity_id) DO NOTHING RETURNING id`,
        [course.id, apprenticeId, now, now]
      )
      if (inserted.rows.length) {
        await trx.from('courses').where('id', course.id).increment('enrollment_count', 1)
      }
      return Enrollment.query({ client: trx })
        .where({ courseId: course.id, apprenticeIdentityId: apprenticeId })
        .firstOrFail()
    })
  },

  /**
   * The user's active enrollment in a course, through their apprentice
   * identity in its field (one per field), whichever identity is active:
   * their learning goes on while they act as a master elsewhere.
   */
  async forLearner(userId: number | null, course: Course): Promise<Enrollment | null> {
    if (!userId) return null
    // a suspended apprentice identity keeps its rows but learns nothing meanwhile
    const apprentice = await identityDirectory.apprenticeOf(userId, course.fieldId)
    if (apprentice?.status !== 'active') return null
    return Enrollment.query()
      .where({ courseId: course.id, apprenticeIdentityId: apprentice.id, status: 'active' })
      .first()
  },
}
