import type { HttpContext } from '@adonisjs/core/http'
import CoursePolicy from '#courses/policies/course_policy'
import { courseAuthoring } from '#courses/services/course_authoring'
import { CourseNotReadyError } from '#courses/errors_teach'
import { ownCourse } from '#courses/controllers/teach_access'
import { courseDetailsValidator, coverValidator } from '#courses/validators/teach_validators'

/** A master identity's courses: the list, the details form, the cover, publishing. */
export default class TeachCoursesController {
  /** "My courses", for the active master identity; anyone else is told how to become one. */
  async index({ view, identity }: HttpContext) {
    if (identity?.role !== 'master') return view.render('courses/teach/not_master')
    const courses = await courseAuthoring.forMaster(identity.id)
    return view.render('courses/teach/index', { courses })
  }

  async create({ view, bouncer, identity }: HttpContext) {
    await bouncer.with(CoursePolicy).authorize('create', identity)
    return view.render('courses/teach/create')
  }

  async store({ request, response, bouncer, identity, session, i18n }: HttpContext) {
    await bouncer.with(CoursePolicy).authorize('create', identity)
    const details = await request.validateUsing(courseDetailsValidator)
    const course = await courseAuthoring.create(
      identity!,
      details,
      i18n.t('courses_teach.first_section')
    )
    session.flash('success', i18n.t('courses_teach.created'))
    return response.redirect().toRoute('teach.courses.syllabus', { id: course.id })
  }

  async edit(ctx: HttpContext) {
    const course = await ownCourse(ctx)
    return ctx.view.render('courses/teach/edit', { course })
  }

  async update(ctx: HttpContext) {
    const course = await ownCourse(ctx)
    const details = await ctx.request.validateUsing(courseDetailsValidator)
    // a course learners can see goes on sale only by whoever may publish a paid course
    if (course.status !== 'draft' && details.pricing === 'paid') {
      await ctx.bouncer.with('TeachingPolicy').authorize('publishPaidCourse', ctx.identity)
    }
    await courseAuthoring.update(course, details)
    ctx.session.flash('success', ctx.i18n.t('courses_teach.saved'))
    return ctx.response.redirect().toRoute('teach.courses.edit', { id: course.id })
  }

  async cover(ctx: HttpContext) {
    const course = await ownCourse(ctx)
    const { cover } = await ctx.request.validateUsing(coverValidator)
    await courseAuthoring.setCover(course, cover.tmpPath!)
    ctx.session.flash('success', ctx.i18n.t('courses_teach.cover_saved'))
    return ctx.response.redirect().toRoute('teach.courses.edit', { id: course.id })
  }

  /** Only a certified master acting as the course's identity; a paid course also needs TeachingPolicy. */
  async publish(ctx: HttpContext) {
    const { bouncer, identity, session, i18n, response } = ctx
    const course = await ownCourse(ctx)
    await bouncer.with(CoursePolicy).authorize('publish', identity, course)
    if (!course.isFree)
      await bouncer.with('TeachingPolicy').authorize('publishPaidCourse', identity)
    try {
      await courseAuthoring.publish(course.id)
    } catch (error) {
      if (!(error instanceof CourseNotReadyError)) throw error
      const items = error.missing.map((item) => i18n.t(`courses_teach.missing.${item}`))
      session.flash(
        'error',
        i18n.t('courses_teach.errors.not_ready', {
          items: new Intl.ListFormat(i18n.locale).format(items),
        })
      )
      return response.redirect().toRoute('teach.courses.edit', { id: course.id })
    }
    session.flash('success', i18n.t('courses_teach.published'))
    return response.redirect().toRoute('teach.courses.edit', { id: course.id })
  }

  async archive(ctx: HttpContext) {
    const course = await ownCourse(ctx)
    await courseAuthoring.archive(course.id)
    ctx.session.flash('success', ctx.i18n.t('courses_teach.archived'))
    return ctx.response.redirect().toRoute('teach.courses.edit', { id: course.id })
  }

  /** Back in the catalogue: the same checks as publishing (a suspended master may not). */
  async reopen(ctx: HttpContext) {
    const { bouncer, identity } = ctx
    const course = await ownCourse(ctx)
    await bouncer.with(CoursePolicy).authorize('publish', identity, course)
    if (!course.isFree)
      await bouncer.with('TeachingPolicy').authorize('publishPaidCourse', identity)
    await courseAuthoring.reopen(course.id)
    ctx.session.flash('success', ctx.i18n.t('courses_teach.reopened'))
    return ctx.response.redirect().toRoute('teach.courses.edit', { id: course.id })
  }
}
