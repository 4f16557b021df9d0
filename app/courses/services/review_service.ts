import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import { identityDirectory } from '#identity/index'
import { DomainError } from '#shared/errors/domain_error'
import type Course from '#courses/models/course'
import Review from '#courses/models/review'
import { coursePages } from '#courses/services/course_pages'
import { enrollmentService } from '#courses/services/enrollment_service'

type ReviewErrorCode = 'not_enrolled' | 'nothing_completed' | 'already_replied' | 'own_review'

const STATUS: Record<ReviewErrorCode, number> = {
  not_enrolled: 403,
  nothing_completed: 403,
  already_replied: 409,
  own_review: 403,
}

/**
 * A refused review action: a status and a message under
 * `courses_catalogue.review_errors`. A reply that lost a race goes back to the
 * page with the message; the others (forms the page never showed) are a page.
 */
export class ReviewError extends DomainError {
  get shownAs() {
    return this.reason === 'already_replied' ? ('back' as const) : ('page' as const)
  }

  constructor(readonly reason: ReviewErrorCode) {
    super(
      `courses_catalogue.review_errors.${reason}`,
      {},
      { status: STATUS[reason], code: `E_REVIEW_${reason.toUpperCase()}` }
    )
  }
}

/** Reports of reviews: 10 an hour per person, plenty for a reader, a brake on a script. */
export const REVIEW_REPORT_LIMIT = { requests: 10, duration: '1 hour' } as const

/**
 * Saves of one's review: 20 an hour per person, room to fix a typo many times; a brake on a
 * script (each save purges the course's pages from every instance's anonymous page cache).
 */
export const REVIEW_SAVE_LIMIT = { requests: 20, duration: '1 hour' } as const

export const REVIEWS_PAGE_SIZE = 10

export type ReviewView = {
  id: number
  rating: number
  body: string
  createdAt: Date
  edited: boolean
  author: { displayName: string; userId: number } | null
  masterReply: string | null
  repliedAt: Date | null
}

/**
 * Reviews (评价) of a course: an apprentice enrolled in it who completed at
 * least one lesson rates it 1–5 with a text, once per enrollment (editable);
 * the course's master replies once; anyone signed in may report a review.
 * The course's rating_count and rating_sum change in the same transaction as
 * the review, by increments, so concurrent reviews never lose one another.
 */
export const reviewService = {
  /**
   * The enrollment through which this user may review the course, with their
   * review if they wrote one; null when they may not (not enrolled, or no
   * lesson completed yet: `reason` says which).
   */
  async eligibility(userId: number, course: Course) {
    const enrollment = await enrollmentService.forLearner(userId, course)
    if (!enrollment) {
      return { allowed: false as const, reason: 'not_enrolled' as const }
    }
    const completed = await db
      .from('lesson_progress')
      .where('enrollment_id', enrollment.id)
      .whereNotNull('completed_at')
      .select('lesson_id')
      .first()
    if (!completed) return { allowed: false as const, reason: 'nothing_completed' as const }
    const review = await Review.findBy('enrollmentId', enrollment.id)
    return { allowed: true as const, enrollment, review }
  },

  /** Writes the user's review of the course, or edits it; returns it. */
  async save(userId: number, course: Course, input: { rating: number; body: string }) {
    const may = await this.eligibility(userId, course)
    if (!may.allowed) throw new ReviewError(may.reason)
    await limiter.use(REVIEW_SAVE_LIMIT).consume(`review_save_${userId}`)
    const { enrollment } = may
    return db.transaction(async (trx) => {
      const now = new Date()
      // a first review: inserted once, whoever else submits the same enrollment at the same time
      const inserted = await trx
        .insertQuery()
        .table('reviews')
        .insert({
          enrollment_id: enrollment.id,
          course_id: course.id,
          apprentice_identity_id: enrollment.apprenticeIdentityId,
          rating: input.rating,
          body: input.body,
          created_at: now,
          updated_at: now,
        })
        .knexQuery.onConflict('enrollment_id')
        .ignore()
        .returning('id')
      if (inserted.length) {
        await trx
          .from('courses')
          .where('id', course.id)
          .increment({ rating_count: 1, rating_sum: input.rating })
      } else {
        const previous = await trx
          .from('reviews')
          .where('enrollment_id', enrollment.id)
          .forUpdate()
          .select('id', 'rating')
          .firstOrFail()
        await trx
          .from('reviews')
          .where('id', previous.id)
          .update({ rating: input.rating, body: input.body, updated_at: now })
        if (previous.rating !== input.rating) {
          await trx
            .from('courses')
            .where('id', course.id)
            .increment('rating_sum', input.rating - previous.rating)
        }
      }
      await coursePages.changed(course, trx)
      return Review.query({ client: trx }).where('enrollmentId', enrollment.id).firstOrFail()
    })
  },

  /** The master's one reply to a review of their course (the controller checks CoursePolicy.edit). */
  async reply(review: Review, course: Course, text: string) {
    await db.transaction(async (trx) => {
      // a conditional update: of two replies at once, the second finds it answered
      const updated = await trx
        .from('reviews')
        .where('id', review.id)
        .whereNull('master_reply')
        .update({ master_reply: text, replied_at: new Date() })
        .returning('id')
      if (!updated.length) throw new ReviewError('already_replied')
      await coursePages.changed(course, trx)
    })
  },

  /**
   * Stores a report of a review for moderation (once per reporter: a second
   * report of the same review changes nothing). Throttled per reporter (429).
   */
  async report(userId: number, review: Review, reason: string) {
    const author = await identityDirectory.card(review.apprenticeIdentityId)
    if (author?.userId === userId) throw new ReviewError('own_review')
    await limiter.use(REVIEW_REPORT_LIMIT).consume(`review_report_${userId}`)
    await db
      .insertQuery()
      .table('review_reports')
      .insert({ review_id: review.id, reporter_user_id: userId, reason, created_at: new Date() })
      .knexQuery.onConflict(['review_id', 'reporter_user_id'])
      .ignore()
  },

  /** A page of a course's reviews, newest first, with their authors' names. */
  async page(courseId: number, page = 1, perPage = REVIEWS_PAGE_SIZE) {
    const result = await Review.query()
      .where('courseId', courseId)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .paginate(page, perPage)
    const authors = await identityDirectory.cards(
      result.all().map((review) => review.apprenticeIdentityId)
    )
    const reviews: ReviewView[] = result.all().map((review) => {
      const author = authors.get(review.apprenticeIdentityId)
      return {
        id: review.id,
        rating: review.rating,
        body: review.body,
        createdAt: review.createdAt.toJSDate(),
        edited: review.updatedAt.toMillis() - review.createdAt.toMillis() > 1000,
        author: author ? { displayName: author.displayName, userId: author.userId } : null,
        masterReply: review.masterReply,
        repliedAt: review.repliedAt?.toJSDate() ?? null,
      }
    })
    return {
      reviews,
      page: result.currentPage,
      lastPage: Math.max(1, result.lastPage),
      total: result.total,
    }
  },

  /** How many reviews gave each number of stars, 5 down to 1. */
  async distribution(courseId: number) {
    const rows = await db
      .from('reviews')
      .where('course_id', courseId)
      .groupBy('rating')
      .select('rating')
      .count('* as total')
    const counts = new Map(rows.map((row) => [Number(row.rating), Number(row.total)]))
    return [5, 4, 3, 2, 1].map((stars) => ({ stars, count: counts.get(stars) ?? 0 }))
  },
}
