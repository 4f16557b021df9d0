import type { HttpContext } from '@adonisjs/core/http'
import type Course from '#courses/models/course'
import { courseContent } from '#courses/services/course_content'
import { syllabusEditor } from '#courses/services/syllabus_editor'
import { ownCourse, ownLesson, ownSection } from '#courses/controllers/teach_access'
import { wantsFragment, varyOnHtmx } from '#shared/http/htmx'
import {
  moveValidator,
  newLessonValidator,
  orderValidator,
  sectionValidator,
} from '#courses/validators/teach_validators'
import { LESSON_KINDS } from '#courses/models/lesson'
import { SyllabusOrderError } from '#courses/errors_teach'

/** The syllabus editor: sections and lessons in order. Every form works without JavaScript. */
export default class TeachSyllabusController {
  async show(ctx: HttpContext) {
    const course = await ownCourse(ctx)
    return ctx.view.render('courses/teach/syllabus', await this.#state(course))
  }

  async #state(course: Course) {
    return { course, syllabus: await courseContent.syllabus(course.id), kinds: LESSON_KINDS }
  }

  #back({ response }: HttpContext, course: Course, anchor = '') {
    return response.redirect(`/teach/courses/${course.id}/syllabus${anchor}`)
  }

  async addSection(ctx: HttpContext) {
    const course = await ownCourse(ctx)
    const { title } = await ctx.request.validateUsing(sectionValidator)
    const section = await syllabusEditor.addSection(course, title)
    return this.#back(ctx, course, `#section-${section.id}`)
  }

  async renameSection(ctx: HttpContext) {
    const { course, section } = await ownSection(ctx)
    const { title } = await ctx.request.validateUsing(sectionValidator)
    await syllabusEditor.renameSection(section, title)
    return this.#back(ctx, course, `#section-${section.id}`)
  }

  async deleteSection(ctx: HttpContext) {
    const { course, section } = await ownSection(ctx)
    await syllabusEditor.deleteSection(section)
    ctx.session.flash('success', ctx.i18n.t('courses_teach.section_deleted'))
    return this.#back(ctx, course)
  }

  async moveSection(ctx: HttpContext) {
    const { course, section } = await ownSection(ctx)
    const { direction } = await ctx.request.validateUsing(moveValidator)
    await syllabusEditor.moveSection(section, direction)
    return this.#back(ctx, course, `#section-${section.id}`)
  }

  async addLesson(ctx: HttpContext) {
    const course = await ownCourse(ctx)
    const input = await ctx.request.validateUsing(newLessonValidator)
    const lesson = await syllabusEditor.addLesson(course, input)
    return ctx.response.redirect().toRoute('teach.lessons.edit', { id: lesson.id })
  }

  async moveLesson(ctx: HttpContext) {
    const { course, lesson } = await ownLesson(ctx)
    const { direction } = await ctx.request.validateUsing(moveValidator)
    await syllabusEditor.moveLesson(lesson, direction)
    return this.#back(ctx, course, `#lesson-${lesson.id}`)
  }

  async deleteLesson(ctx: HttpContext) {
    const { course, lesson } = await ownLesson(ctx)
    await syllabusEditor.deleteLesson(lesson)
    ctx.session.flash('success', ctx.i18n.t('courses_teach.lesson_deleted'))
    return this.#back(ctx, course)
  }

  /** The whole order at once (drag and drop); htmx gets the syllabus list back. */
  async order(ctx: HttpContext) {
    const course = await ownCourse(ctx)
    const { order } = await ctx.request.validateUsing(orderValidator)
    varyOnHtmx(ctx.response)
    try {
      await syllabusEditor.reorder(course, order)
    } catch (error) {
      // htmx 4 swaps an error answer into the list: it gets the syllabus as it stands (another
      // tab changed it meanwhile), with why the order was refused, never a stale list or JSON
      if (!(error instanceof SyllabusOrderError) || !wantsFragment(ctx.request)) throw error
      ctx.response.status(error.status)
      return ctx.view.render('courses/teach/syllabus_fragment', {
        ...(await this.#state(course)),
        error: ctx.i18n.t(error.messageKey),
      })
    }
    if (!wantsFragment(ctx.request)) return this.#back(ctx, course)
    return ctx.view.render('courses/teach/syllabus_fragment', {
      ...(await this.#state(course)),
      saved: true,
    })
  }
}
