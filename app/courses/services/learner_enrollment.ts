import db from '@adonisjs/lucid/services/db'
import Enrollment from '#courses/models/enrollment'
import type Course from '#courses/models/course'

/**
 * The user's enrollment in a course, through their apprentice identity in
 * the course's field (whichever identity they act as now), or null.
 * Stands in for enrollmentService.forLearner until that is merged here.
 */
export async function learnerEnrollment(userId: number, course: Pick<Course, 'id' | 'fieldId'>) {
  return Enrollment.query()
    .where('courseId', course.id)
    .whereIn(
      'apprenticeIdentityId',
      db
        .from('identities')
        .where({ user_id: userId, field_id: course.fieldId, role: 'apprentice' })
        .select('id')
    )
    .first()
}
