import type { HttpContext } from '@adonisjs/core/http'
import { courseContent } from '#courses/services/course_content'
import { enrollmentService } from '#courses/services/enrollment_service'
import { lessonPage } from '#courses/services/lesson_page'

/** Joining a course (报名). */
export default class EnrollmentsController {
  async store({ params, auth, response, session, i18n }: HttpContext) {
    const course = await courseContent.course(params.id)
    const enrollment = await enrollmentService.enroll(auth.user!.id, course)
    session.flash('success', i18n.t('courses.enrolled', { title: course.title }))
    const first = await lessonPage.nextFor(course.id, enrollment.id, null)
    return first
      ? response
          .redirect()
          .toRoute('courses.lessons.show', { courseId: course.id, lessonId: first })
      : response.redirect().toPath(`/courses/${course.id}`)
  }
}
