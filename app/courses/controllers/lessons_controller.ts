import type { HttpContext } from '@adonisjs/core/http'
import { courseContent } from '#courses/services/course_content'
import { lessonViewer } from '#courses/services/lesson_access'
import { lessonPage } from '#courses/services/lesson_page'
import { progressService } from '#courses/services/progress_service'
import { LessonLockedError, NotMarkableError } from '#courses/errors'

const visitorOf = ({ auth, identity, request }: HttpContext) => ({
  userId: auth.user?.id ?? null,
  identity,
  saveData: request.header('save-data')?.toLowerCase() === 'on',
})

/** A lesson as a learner (or its master, or a visitor of a preview) sees it. */
export default class LessonsController {
  async show(ctx: HttpContext) {
    const { params, view, response, auth } = ctx
    const { course, lesson } = await courseContent.lesson(params.courseId, params.lessonId)
    const viewer = await lessonViewer(visitorOf(ctx), course, lesson)
    if (!viewer) {
      if (!auth.user) return response.redirect().toRoute('session.create')
      throw new LessonLockedError()
    }
    if (viewer.enrollment) await progressService.open(viewer.enrollment, lesson)
    response.header('Cache-Control', 'private, no-store')
    return view.render('courses/lessons/show', await lessonPage.build(course, lesson, viewer))
  }

  /** "I have read this": a text lesson is done when its learner says so. */
  async complete(ctx: HttpContext) {
    const { params, response, session, i18n } = ctx
    const { course, lesson } = await courseContent.lesson(params.courseId, params.lessonId)
    const viewer = await lessonViewer(visitorOf(ctx), course, lesson)
    if (!viewer?.enrollment) throw new LessonLockedError()
    if (lesson.kind !== 'text') throw new NotMarkableError()
    const result = await progressService.complete(viewer.enrollment, lesson)
    session.flash(
      'success',
      i18n.t(result.justCompleted ? 'courses.course_done' : 'courses.lesson_done')
    )
    const next = await lessonPage.nextFor(course.id, viewer.enrollment.id, lesson.id)
    return next
      ? response.redirect().toRoute('courses.lessons.show', { courseId: course.id, lessonId: next })
      : response
          .redirect()
          .toRoute('courses.lessons.show', { courseId: course.id, lessonId: lesson.id })
  }
}
