import type { HttpContext } from '@adonisjs/core/http'
import { lessonKinds } from '#courses/services/lesson_kinds'
import { lessonEditor } from '#courses/services/lesson_editor'
import { ownLesson } from '#courses/controllers/teach_access'
import { lessonValidator, textLessonValidator } from '#courses/validators/teach_validators'
import { notFound } from '#shared/errors/not_found'

/** A lesson's editor: its title and preview flag, then its kind's own editor part. */
export default class TeachLessonsController {
  async edit(ctx: HttpContext) {
    const { course, lesson } = await ownLesson(ctx)
    const parts = lessonKinds.of(lesson.kind)
    const editorProps = await parts.loadEditor(lesson, course)
    return ctx.view.render('courses/teach/lessons/edit', {
      course,
      lesson,
      editor: { component: parts.editor, props: { ...editorProps, course, lesson } },
    })
  }

  async update(ctx: HttpContext) {
    const { lesson } = await ownLesson(ctx)
    const input = await ctx.request.validateUsing(lessonValidator)
    await lessonEditor.update(lesson, input)
    ctx.session.flash('success', ctx.i18n.t('courses_teach.lesson_saved'))
    return ctx.response.redirect().toRoute('teach.lessons.edit', { id: lesson.id })
  }

  /** A text lesson's Markdown (and an image to add to it). */
  async text(ctx: HttpContext) {
    const { lesson } = await ownLesson(ctx)
    // only a text lesson has Markdown: for the others this address names nothing
    if (lesson.kind !== 'text') notFound()
    const { markdown, image } = await ctx.request.validateUsing(textLessonValidator)
    await lessonEditor.saveText(lesson, markdown ?? '', image?.tmpPath)
    ctx.session.flash(
      'success',
      ctx.i18n.t(image ? 'courses_teach.image_added' : 'courses_teach.text_saved')
    )
    return ctx.response.redirect().toRoute('teach.lessons.edit', { id: lesson.id })
  }
}
