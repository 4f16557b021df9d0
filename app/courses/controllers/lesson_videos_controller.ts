import type { HttpContext } from '@adonisjs/core/http'
import CoursePolicy from '#courses/policies/course_policy'
import Course from '#courses/models/course'
import Lesson from '#courses/models/lesson'
import { videoService } from '#courses/services/video_service'
import { videoCard } from '#courses/services/video_lesson'
import { videoLimits } from '#courses/services/video_store'
import { captionsUploadValidator, videoUploadValidator } from '#courses/validators/video_validators'
import { notFound } from '#shared/errors/not_found'
import { varyOnHtmx } from '#shared/http/htmx'

/** A video lesson its course's master may edit (else 403), or the 404 page. */
async function editableVideoLesson({ params, bouncer, identity }: HttpContext) {
  const lesson = (await Lesson.find(params.id)) ?? notFound()
  const course = await Course.findOrFail(lesson.courseId)
  await bouncer.with(CoursePolicy).authorize('edit', identity, course)
  if (lesson.kind !== 'video') notFound()
  return { lesson, course }
}

/** The master's video of a lesson: upload or replace it, its captions, its processing. */
export default class LessonVideosController {
  async show(ctx: HttpContext) {
    const { lesson, course } = await editableVideoLesson(ctx)
    const video = await videoService.of(lesson.id)
    return ctx.view.render('courses/teach/lessons/video', {
      lesson,
      course,
      card: videoCard(lesson, course, video),
      limitMb: Math.round(videoLimits.videoBytes / 1024 / 1024),
      captionsLimitKb: Math.round(videoLimits.captionsBytes / 1024),
    })
  }

  /** The card alone: polled by htmx while the video is processed (no session write). */
  async card(ctx: HttpContext) {
    const { lesson, course } = await editableVideoLesson(ctx)
    varyOnHtmx(ctx.response)
    ctx.response.header('Cache-Control', 'private, no-store')
    const card = videoCard(lesson, course, await videoService.of(lesson.id))
    const onEditPage = ctx.request.qs().on === 'edit'
    return ctx.view.render('courses/teach/lessons/_edit_video', {
      ...card,
      lesson,
      course,
      onEditPage,
    })
  }

  async store(ctx: HttpContext) {
    const { lesson } = await editableVideoLesson(ctx)
    const { video } = await ctx.request.validateUsing(videoUploadValidator)
    await videoService.upload(lesson, video)
    ctx.session.flash('success', ctx.i18n.t('courses_video.upload.done'))
    return ctx.response.redirect().toRoute('courses.video.edit', { id: lesson.id })
  }

  async storeCaptions(ctx: HttpContext) {
    const { lesson } = await editableVideoLesson(ctx)
    const { captions } = await ctx.request.validateUsing(captionsUploadValidator)
    await videoService.uploadCaptions(lesson, captions)
    ctx.session.flash('success', ctx.i18n.t('courses_video.captions.done'))
    return ctx.response.redirect().toRoute('courses.video.edit', { id: lesson.id })
  }

  async destroyCaptions(ctx: HttpContext) {
    const { lesson } = await editableVideoLesson(ctx)
    await videoService.removeCaptions(lesson)
    ctx.session.flash('success', ctx.i18n.t('courses_video.captions.removed'))
    return ctx.response.redirect().toRoute('courses.video.edit', { id: lesson.id })
  }
}
