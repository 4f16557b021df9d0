import type { HttpContext } from '@adonisjs/core/http'
import Lesson from '#courses/models/lesson'
import QuizQuestion from '#courses/models/quiz_question'
import CoursePolicy from '#courses/policies/course_policy'
import { courseContent } from '#courses/services/course_content'
import { quizAuthoring } from '#courses/services/quiz_authoring'
import {
  moveValidator,
  newQuestionValidator,
  photoOptionValidator,
  questionUpdateValidator,
  quizSettingsValidator,
} from '#courses/validators/quiz_validators'
import { notFound } from '#shared/errors/not_found'

/** A quiz lesson the active identity may edit (its course's master identity), or 403/404. */
async function editableQuiz({ bouncer, identity }: HttpContext, lessonId: number) {
  const lesson = await Lesson.find(lessonId)
  if (!lesson || lesson.kind !== 'quiz') notFound()
  const course = await courseContent.course(lesson.courseId)
  await bouncer.with(CoursePolicy).authorize('edit', identity, course)
  return { lesson, course }
}

async function editableQuestion(ctx: HttpContext) {
  const question = (await QuizQuestion.find(ctx.params.id)) ?? notFound()
  const { lesson } = await editableQuiz(ctx, question.lessonId)
  return { question, lesson }
}

const backToEditor = ({ response }: HttpContext, lessonId: number, anchor = '') =>
  response.redirect().toPath(`/teach/lessons/${lessonId}/quiz${anchor}`)

/**
 * The quiz editor (测验编辑): settings, questions in order, their options and
 * photos. Authorized before validating: another master learns nothing from
 * the form's errors.
 */
export default class QuizEditorController {
  async show(ctx: HttpContext) {
    const { lesson, course } = await editableQuiz(ctx, ctx.params.id)
    ctx.response.header('Cache-Control', 'private, no-store')
    return ctx.view.render('courses/teach/quiz/edit', {
      lesson,
      course,
      ...(await quizAuthoring.editor(lesson)),
    })
  }

  async settings(ctx: HttpContext) {
    const { lesson } = await editableQuiz(ctx, ctx.params.id)
    const data = await ctx.request.validateUsing(quizSettingsValidator)
    await quizAuthoring.saveSettings(lesson, data)
    ctx.session.flash('success', ctx.i18n.t('courses_quiz.editor.settings_saved'))
    return backToEditor(ctx, lesson.id)
  }

  async storeQuestion(ctx: HttpContext) {
    const { lesson } = await editableQuiz(ctx, ctx.params.id)
    const data = await ctx.request.validateUsing(newQuestionValidator)
    const question = await quizAuthoring.addQuestion(lesson, data)
    ctx.session.flash('success', ctx.i18n.t('courses_quiz.editor.question_added'))
    return backToEditor(ctx, lesson.id, `#question-${question.id}`)
  }

  async updateQuestion(ctx: HttpContext) {
    const { question, lesson } = await editableQuestion(ctx)
    const data = await ctx.request.validateUsing(questionUpdateValidator)
    await quizAuthoring.updateQuestion(question, data)
    ctx.session.flash('success', ctx.i18n.t('courses_quiz.editor.question_saved'))
    return backToEditor(ctx, lesson.id, `#question-${question.id}`)
  }

  async destroyQuestion(ctx: HttpContext) {
    const { question, lesson } = await editableQuestion(ctx)
    await quizAuthoring.removeQuestion(question)
    ctx.session.flash('success', ctx.i18n.t('courses_quiz.editor.question_removed'))
    return backToEditor(ctx, lesson.id)
  }

  async moveQuestion(ctx: HttpContext) {
    const { question, lesson } = await editableQuestion(ctx)
    const { direction } = await ctx.request.validateUsing(moveValidator)
    await quizAuthoring.moveQuestion(question, direction)
    return backToEditor(ctx, lesson.id, `#question-${question.id}`)
  }

  async storePhoto(ctx: HttpContext) {
    const { question, lesson } = await editableQuestion(ctx)
    const { image, ...data } = await ctx.request.validateUsing(photoOptionValidator)
    await quizAuthoring.addPhoto(question, image.tmpPath!, data)
    ctx.session.flash('success', ctx.i18n.t('courses_quiz.editor.photo_added'))
    return backToEditor(ctx, lesson.id, `#question-${question.id}`)
  }
}
