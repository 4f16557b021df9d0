import type { HttpContext } from '@adonisjs/core/http'
import { courseContent } from '#courses/services/course_content'
import { lessonViewer } from '#courses/services/lesson_access'
import { quizContent } from '#courses/services/quiz_content'
import { quizPhotoStore } from '#courses/services/quiz_photo_store'
import { answersFrom, quizTaking } from '#courses/services/quiz_taking'
import { answersValidator } from '#courses/validators/quiz_validators'
import { LessonLockedError } from '#courses/errors'
import { AnswerInvalidError, AttemptClosedError } from '#courses/quiz_errors'
import { wantsFragment } from '#shared/http/htmx'
import { notFound } from '#shared/errors/not_found'

const visitorOf = ({ auth, identity }: HttpContext) => ({
  userId: auth.user?.id ?? null,
  identity,
  saveData: false,
})

const toQuiz = ({ response }: HttpContext, courseId: number, lessonId: number) =>
  response.redirect().toPath(`/courses/${courseId}/lessons/${lessonId}#quiz`)

/** An apprentice taking a quiz: attempts, answers saved as they go, submission. */
export default class QuizAttemptsController {
  async start(ctx: HttpContext) {
    const { course, lesson } = await courseContent.lesson(ctx.params.courseId, ctx.params.lessonId)
    const viewer = await lessonViewer(visitorOf(ctx), course, lesson)
    if (!viewer?.enrollment || lesson.kind !== 'quiz') throw new LessonLockedError()
    await quizTaking.start(viewer.enrollment, lesson)
    return toQuiz(ctx, course.id, lesson.id)
  }

  /** One answer as the apprentice goes (htmx, on change): answered by a tiny "saved" fragment. */
  async answer(ctx: HttpContext) {
    const { attempt, lesson } = await quizTaking.attemptOf(ctx.auth.user!.id, ctx.params.id)
    try {
      // htmx would follow a redirect back and swap the whole page in: a malformed answer is a 422
      const form = await ctx.request.validateUsing(answersValidator).catch((error) => {
        throw wantsFragment(ctx.request) ? new AnswerInvalidError() : error
      })
      const answers = answersFrom(form)
      await quizTaking.save(attempt.id, lesson.id, answers)
      if (!wantsFragment(ctx.request)) return ctx.response.redirect().back()
      return ctx.view.render('courses/lessons/_quiz_saved', {
        questionIds: [...answers.keys()],
        refusal: null,
      })
    } catch (error) {
      // htmx 4 swaps an error answer in as well: the learner reads why beside the question
      const refused = error instanceof AnswerInvalidError || error instanceof AttemptClosedError
      if (!refused || !wantsFragment(ctx.request)) throw error
      ctx.response.status(error.status)
      return ctx.view.render('courses/lessons/_quiz_saved', {
        questionIds: [],
        refusal: ctx.i18n.t(error.messageKey),
      })
    }
  }

  /** The whole form: its answers saved, then the attempt submitted and graded (once). */
  async submit(ctx: HttpContext) {
    const context = await quizTaking.attemptOf(ctx.auth.user!.id, ctx.params.id)
    const form = await ctx.request.validateUsing(answersValidator)
    const finishedBefore = context.enrollment.completedAt !== null
    const attempt = await quizTaking.submit(context, answersFrom(form))
    // a pass of the course's last lesson finishes it: say so (and that the certificate is ready)
    if (attempt.passed && !finishedBefore) await context.enrollment.refresh()
    const finishedNow = !finishedBefore && context.enrollment.completedAt !== null
    ctx.session.flash(
      attempt.passed ? 'success' : 'error',
      ctx.i18n.t(
        finishedNow
          ? 'courses.course_done'
          : attempt.passed
            ? 'courses_quiz.passed_flash'
            : 'courses_quiz.failed_flash'
      )
    )
    return toQuiz(ctx, context.course.id, context.lesson.id)
  }

  /** A photo of a photo question: for those who may open the lesson. */
  async photo(ctx: HttpContext) {
    const { course, lesson } = await courseContent.lesson(ctx.params.courseId, ctx.params.lessonId)
    const viewer = await lessonViewer(visitorOf(ctx), course, lesson)
    if (!viewer) throw new LessonLockedError()
    if (!(await quizContent.hasPhoto(lesson.id, ctx.params.key))) notFound()
    const bytes = await quizPhotoStore.read(ctx.params.key)
    ctx.response.header('Content-Type', 'image/webp')
    ctx.response.header('Content-Disposition', 'inline')
    // keys are random and never reused; private: only those who may open the lesson see it
    ctx.response.header('Cache-Control', 'private, max-age=86400')
    return ctx.response.send(Buffer.from(bytes))
  }
}
