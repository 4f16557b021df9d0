import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import CoursePolicy from '#courses/policies/course_policy'
import { courseContent } from '#courses/services/course_content'
import { analyticsPage } from '#courses/services/analytics_page'
import { analyticsQueryValidator } from '#courses/validators/analytics_validators'
import { UnknownPeriodError } from '#courses/errors'

/** A course's numbers, for its master (课程数据). */
export default class CourseAnalyticsController {
  async show({ view, params, request, bouncer, identity, auth, i18n, response }: HttpContext) {
    const course = await courseContent.course(params.id)
    await bouncer.with(CoursePolicy).authorize('viewAnalytics', identity, course)
    const query = await analyticsQueryValidator.validate(request.qs()).catch((error) => {
      throw error instanceof vineErrors.E_VALIDATION_ERROR ? new UnknownPeriodError() : error
    })
    const page = await analyticsPage.build(course, query.period ?? 'day', {
      i18n,
      zone: auth.user!.timeZone,
    })
    response.header('Cache-Control', 'private, no-store')
    return view.render('courses/analytics/show', page)
  }
}
