import type { HttpContext } from '@adonisjs/core/http'
import { notFound } from '#shared/errors/not_found'
import { pageOrFragment } from '#shared/http/htmx'
import Review from '#courses/models/review'
import { coursePage } from '#courses/services/course_page'
import { ReviewError, reviewService } from '#courses/services/review_service'
import {
  reviewReplyValidator,
  reviewReportValidator,
  reviewValidator,
} from '#courses/validators/review_validators'
import CoursePolicy from '#courses/policies/course_policy'

const pageOf = (value: unknown) => (/^[1-9]\d{0,3}$/.test(String(value ?? '')) ? Number(value) : 1)

export default class ReviewsController {
  /** All of a course's reviews, newest first, paged; htmx gets only the list for "more". */
  async index(ctx: HttpContext) {
    const { course, isOwner } = await this.#visible(ctx)
    const reviews = await reviewService.page(course.id, pageOf(ctx.request.qs().page))
    const state = { course, isOwner, ...reviews }
    return pageOrFragment(
      ctx,
      { view: 'courses/catalogue/_reviews_list', state: () => state },
      () => ctx.view.render('courses/catalogue/reviews', state)
    )
  }

  /** Writes or edits the viewer's review: enrolled, with a lesson completed. */
  async save(ctx: HttpContext) {
    const { course } = await this.#visible(ctx)
    const may = await reviewService.eligibility(ctx.auth.user!.id, course)
    if (!may.allowed) throw new ReviewError(may.reason)
    const input = await ctx.request.validateUsing(reviewValidator)
    await reviewService.save(ctx.auth.user!.id, course, input)
    ctx.session.flash('success', ctx.i18n.t('courses_catalogue.review_saved'))
    return ctx.response.redirect().toPath(`/courses/${course.id}#my-review`)
  }

  /** The course's master answers a review, once. */
  async reply(ctx: HttpContext) {
    const { review, course } = await this.#review(ctx)
    await ctx.bouncer.with(CoursePolicy).authorize('edit', ctx.identity, course)
    const { reply } = await ctx.request.validateUsing(reviewReplyValidator)
    await reviewService.reply(review, course, reply)
    ctx.session.flash('success', ctx.i18n.t('courses_catalogue.reply_saved'))
    return ctx.response.redirect().toPath(`/courses/${course.id}#review-${review.id}`)
  }

  /** Anyone signed in flags a review for the moderators (throttled). */
  async report(ctx: HttpContext) {
    const { review, course } = await this.#review(ctx)
    const { reason } = await ctx.request.validateUsing(reviewReportValidator)
    await reviewService.report(ctx.auth.user!.id, review, reason)
    ctx.session.flash('success', ctx.i18n.t('courses_catalogue.report_saved'))
    return ctx.response.redirect().toPath(`/courses/${course.id}#review-${review.id}`)
  }

  async #visible(ctx: HttpContext) {
    const course = (await coursePage.find(ctx.params.id)) ?? notFound()
    const isOwner = await ctx.bouncer.with(CoursePolicy).allows('edit', ctx.identity, course)
    await coursePage.access(course, ctx.auth.user?.id ?? null, isOwner)
    return { course, isOwner }
  }

  async #review(ctx: HttpContext) {
    const review = (await Review.find(ctx.params.id)) ?? notFound()
    const course = (await coursePage.find(review.courseId)) ?? notFound()
    const isOwner = await ctx.bouncer.with(CoursePolicy).allows('edit', ctx.identity, course)
    await coursePage.access(course, ctx.auth.user?.id ?? null, isOwner)
    return { review, course }
  }
}
