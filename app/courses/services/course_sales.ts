import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { identityDirectory } from '#identity/index'
import type { Sellable, SoldItem } from '#payments/index'
import Course from '#courses/models/course'
import { enrollmentService } from '#courses/services/enrollment_service'
import { certificates } from '#courses/services/certificates'
import { coursePages } from '#courses/services/course_pages'
import {
  AlreadyEnrolledError,
  ApprenticeSuspendedError,
  CourseNotOpenError,
  FreeCourseError,
  OwnCourseError,
} from '#courses/errors'
import { notFound } from '#shared/errors/not_found'

/**
 * A paid course as payments sells it (decision 013): its price and master
 * now, the apprentice identity that will learn it, and the enrollment that
 * a payment grants and a full refund takes back (with its certificate).
 */
export const courseSales: Sellable = {
  async describe(courseId, buyerUserId, purpose) {
    const course = (await Course.find(courseId)) ?? notFound()
    if (course.status !== 'published') throw new CourseNotOpenError()
    if (course.isFree) throw new FreeCourseError()
    const master = await identityDirectory.card(course.masterIdentityId)
    if (master?.userId === buyerUserId) throw new OwnCourseError()
    // a suspended master sells nothing meanwhile
    if (master?.status !== 'certified') throw new CourseNotOpenError()
    if (await enrollmentService.forLearner(buyerUserId, course)) throw new AlreadyEnrolledError()
    let buyerIdentityId: number | null = null
    if (purpose === 'order') {
      const apprentice = await identityDirectory.ensureApprentice(buyerUserId, course.fieldId)
      if (apprentice.status !== 'active') throw new ApprenticeSuspendedError()
      buyerIdentityId = apprentice.id
    }
    return {
      title: course.title,
      amount: course.priceFen,
      currency: 'CNY',
      sellerIdentityId: course.masterIdentityId,
      buyerIdentityId,
      url: `/courses/${course.id}`,
    }
  },

  /** Enrolled (again, after a refund), counted once; false when they were enrolled already. */
  async grant(item: SoldItem, trx: TransactionClientContract) {
    const now = new Date()
    const granted = await trx.rawQuery(
      `INSERT INTO enrollments (course_id, apprentice_identity_id, status, created_at, updated_at)
       VALUES (?, ?, 'active', ?, ?)
       ON CONFLICT (course_id, apprentice_identity_id)
         DO UPDATE SET status = 'active', updated_at = EXCLUDED.updated_at
         WHERE enrollments.status = 'refunded'
       RETURNING id`,
      [item.itemId, item.buyerIdentityId, now, now]
    )
    // nothing inserted or reactivated: they were enrolled already
    if (!granted.rows.length) return false
    await trx.from('courses').where('id', item.itemId).increment('enrollment_count', 1)
    const course = await Course.query({ client: trx }).where('id', item.itemId).firstOrFail()
    await coursePages.changed(course, trx)
    return true
  },

  /**
   * The enrollment ends and its certificate, if any, is revoked; its review
   * leaves the course's rating (a refunded learner no longer rates the course).
   */
  async revoke(item: SoldItem, trx: TransactionClientContract) {
    const enrollment = await trx
      .from('enrollments')
      .where({
        course_id: item.itemId,
        apprentice_identity_id: item.buyerIdentityId,
        status: 'active',
      })
      .select('id')
      .first()
    if (!enrollment) return
    await certificates.revoke(enrollment.id, trx)
    await trx.from('courses').where('id', item.itemId).decrement('enrollment_count', 1)
    const review = await trx.rawQuery(
      'DELETE FROM reviews WHERE enrollment_id = ? RETURNING rating',
      [enrollment.id]
    )
    if (review.rows.length) {
      await trx
        .from('courses')
        .where('id', item.itemId)
        .decrement({ rating_count: 1, rating_sum: review.rows[0].rating })
    }
    // its counts and reviews show on the course's cached pages
    const course = await Course.query({ client: trx }).where('id', item.itemId).firstOrFail()
    await coursePages.changed(course, trx)
  },

  url: (courseId) => `/courses/${courseId}`,
}
