import type { HttpContext } from '@adonisjs/core/http'
import { courseContent } from '#courses/services/course_content'
import { lessonViewer, lessonVisitor } from '#courses/services/lesson_access'
import { videoService } from '#courses/services/video_service'
import { videoStore } from '#courses/services/video_store'
import { progressService } from '#courses/services/progress_service'
import { progressReportValidator } from '#courses/validators/video_validators'
import { LessonLockedError } from '#courses/errors'
import { notFound } from '#shared/errors/not_found'
import { sendStoredFile } from '#shared/http/stored_file'

/** The lesson's video row, for someone who may open the lesson (else login / 403 / 404). */
async function videoFor(ctx: HttpContext) {
  const { course, lesson } = await courseContent.lesson(ctx.params.courseId, ctx.params.lessonId)
  const viewer = await lessonViewer(lessonVisitor(ctx), course, lesson)
  if (!viewer) {
    if (!ctx.auth.user) return null
    throw new LessonLockedError()
  }
  const video = lesson.kind === 'video' ? await videoService.of(lesson.id) : null
  return video ?? notFound()
}

/**
 * Streams a stored file of the lesson: range requests answered from the
 * disk (a <video> seeking), private to those who may open the lesson,
 * shown inline with our own type (never HTML). URLs carry a version, so the
 * browser may keep what it fetched.
 */
async function stream(ctx: HttpContext, key: string | null, type: string, name: string) {
  if (!key) notFound()
  ctx.response.header('Content-Type', type)
  ctx.response.header('Content-Disposition', `inline; filename="${name}"`)
  ctx.response.header('Cache-Control', 'private, max-age=86400')
  ctx.response.header('X-Content-Type-Options', 'nosniff')
  return sendStoredFile(ctx, videoStore.stored(key))
}

/** A video lesson's media for its learners, and what their player reports. */
export default class VideoMediaController {
  /** The original, or `?r=light` the 360p rendition. */
  async video(ctx: HttpContext) {
    const video = await videoFor(ctx)
    if (!video) return ctx.response.redirect().toRoute('session.create')
    const name = `lesson-${video.lessonId}`
    if (ctx.request.qs().r === 'light') {
      return stream(ctx, video.lightKey, 'video/mp4', `${name}-360p.mp4`)
    }
    const ext = video.originalKey.split('.').pop()
    return stream(ctx, video.originalKey, video.originalType, `${name}.${ext}`)
  }

  async poster(ctx: HttpContext) {
    const video = await videoFor(ctx)
    if (!video) return ctx.response.redirect().toRoute('session.create')
    return stream(ctx, video.posterKey, 'image/webp', `lesson-${video.lessonId}.webp`)
  }

  async captions(ctx: HttpContext) {
    const video = await videoFor(ctx)
    if (!video) return ctx.response.redirect().toRoute('session.create')
    return stream(ctx, video.captionsKey, 'text/vtt; charset=utf-8', `lesson-${video.lessonId}.vtt`)
  }

  /**
   * The player's report (every ~15 s, and a beacon when the page is left):
   * enrolled learners only; at 90 % watched the lesson is done. No page and
   * no session write: 204, or 422 for a report that makes no sense.
   */
  async progress(ctx: HttpContext) {
    const { params, request, response } = ctx
    const { course, lesson } = await courseContent.lesson(params.courseId, params.lessonId)
    const viewer = await lessonViewer(lessonVisitor(ctx), course, lesson)
    if (!viewer?.enrollment) throw new LessonLockedError()
    const [error, report] = await progressReportValidator.tryValidate(request.all())
    if (error || lesson.kind !== 'video') {
      return response.unprocessableEntity({
        error: error ? 'invalid report' : 'not a video lesson',
      })
    }
    await progressService.savePosition(viewer.enrollment, lesson, report)
    return response.noContent()
  }
}
