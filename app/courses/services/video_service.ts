import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { identityDirectory } from '#identity/index'
import { notificationService } from '#realtime/index'
import { jobs } from '#shared/jobs/jobs'
import Course from '#courses/models/course'
import Lesson from '#courses/models/lesson'
import LessonVideo from '#courses/models/lesson_video'
import { videoStore, type UploadedFile } from '#courses/services/video_store'
import { MediaToolError, poster, probe, transcodeLight } from '#courses/services/media_tools'
import { FormError } from '#shared/errors/domain_error'

export const PROCESS_VIDEO = 'courses.video.process'
export const REMOVE_VIDEO_FILES = 'courses.video.remove_files'

/** Longer videos are refused when processed: a lesson is not a film. */
export const MAX_DURATION_SECONDS = 4 * 3600

export type ProcessVideoData = { lessonId: number; originalKey: string }
/** Which attempt of the job this is, and how many retries its queue allows. */
export type Attempt = { retryCount: number; retryLimit: number }

/** Processing can not succeed, retried or not (not a video, too long). */
class UnusableVideo extends Error {
  constructor(
    readonly code: 'unreadable' | 'too_long',
    readonly detail: string
  ) {
    super(detail)
  }
}

const lessonEditorUrl = (lessonId: number) => `/teach/lessons/${lessonId}/video`

/** Takes the lesson's row lock: uploads to one lesson happen one after the other. */
async function lockLesson(lessonId: number, trx: TransactionClientContract) {
  await trx.from('lessons').where('id', lessonId).forUpdate().select('id').firstOrFail()
  return LessonVideo.query({ client: trx }).where('lessonId', lessonId).first()
}

/** Once the change that made them obsolete commits, files are removed by a job (retried). */
function removeLater(keys: (string | null)[], trx: TransactionClientContract) {
  const present = keys.filter((key): key is string => Boolean(key))
  if (!present.length) return
  return jobs.send(REMOVE_VIDEO_FILES, { keys: present }, { client: trx })
}

async function notifyMaster(
  lesson: Lesson,
  kind: 'courses.video_ready' | 'courses.video_failed',
  trx: TransactionClientContract
) {
  const course = await Course.findOrFail(lesson.courseId, { client: trx })
  const master = await identityDirectory.card(course.masterIdentityId)
  if (!master) return
  await notificationService.notify(
    master.userId,
    kind,
    { url: lessonEditorUrl(lesson.id), lesson: lesson.title },
    trx
  )
}

/**
 * Video lessons: the master uploads a video (and captions); a job makes its
 * light 360p rendition and poster and measures its duration; learners
 * stream it (controllers/video_media_controller.ts).
 */
export const videoService = {
  async of(lessonId: number) {
    return LessonVideo.find(lessonId)
  },

  /**
   * A new video for the lesson (the first, or one replacing the last): kept
   * under a new key, processed by a job queued in the same transaction; the
   * files of the video it replaces are removed once that commits.
   */
  async upload(lesson: Lesson, file: UploadedFile) {
    const checked = await videoStore.checkVideo(file)
    const key = await videoStore.put(checked.tmpPath, checked.ext)
    try {
      await db.transaction(async (trx) => {
        const previous = await lockLesson(lesson.id, trx)
        const now = new Date()
        await trx.rawQuery(
          `INSERT INTO lesson_videos (lesson_id, original_key, original_size, original_type, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'uploaded', ?, ?)
           ON CONFLICT (lesson_id) DO UPDATE SET
             original_key = EXCLUDED.original_key, original_size = EXCLUDED.original_size,
             original_type = EXCLUDED.original_type, state = 'uploaded',
             error_code = NULL, error_detail = NULL, duration_seconds = NULL,
             width = NULL, height = NULL, light_key = NULL, poster_key = NULL,
             updated_at = EXCLUDED.updated_at`,
          [lesson.id, key, checked.size, checked.type, now, now]
        )
        await jobs.send(
          PROCESS_VIDEO,
          { lessonId: lesson.id, originalKey: key } satisfies ProcessVideoData,
          { client: trx }
        )
        if (previous) {
          await removeLater([previous.originalKey, previous.lightKey, previous.posterKey], trx)
        }
      })
    } catch (error) {
      await videoStore.remove([key])
      throw error
    }
  },

  /** Captions (WebVTT) for the lesson's video, replacing any it had. */
  async uploadCaptions(lesson: Lesson, file: UploadedFile) {
    const checked = await videoStore.checkCaptions(file)
    const key = await videoStore.put(checked.tmpPath, 'vtt')
    try {
      await db.transaction(async (trx) => {
        const video = await lockLesson(lesson.id, trx)
        if (!video) throw new FormError('captions', 'courses_video.captions.video_first')
        await trx
          .from('lesson_videos')
          .where('lesson_id', lesson.id)
          .update({ captions_key: key, updated_at: new Date() })
        await removeLater([video.captionsKey], trx)
      })
    } catch (error) {
      await videoStore.remove([key])
      throw error
    }
  },

  async removeCaptions(lesson: Lesson) {
    await db.transaction(async (trx) => {
      const video = await lockLesson(lesson.id, trx)
      if (!video?.captionsKey) return
      await trx
        .from('lesson_videos')
        .where('lesson_id', lesson.id)
        .update({ captions_key: null, updated_at: new Date() })
      await removeLater([video.captionsKey], trx)
    })
  },

  /**
   * The job: the light rendition, the poster and the duration of one
   * uploaded original. A video replaced meanwhile is left alone (its job
   * finds another key, or writes nothing and removes what it made). A video
   * that cannot be used fails at once; anything else is retried by the
   * queue, and the last attempt records the failure. Either way the master
   * is told.
   */
  async process({ lessonId, originalKey }: ProcessVideoData, attempt: Attempt) {
    const started = await db.rawQuery(
      `UPDATE lesson_videos SET state = 'processing', updated_at = now()
        WHERE lesson_id = ? AND original_key = ? AND state IN ('uploaded', 'processing')`,
      [lessonId, originalKey]
    )
    if (!started.rowCount) return
    const workdir = await mkdtemp(join(tmpdir(), 'mg-video-'))
    try {
      const original = join(workdir, 'original')
      await videoStore.download(originalKey, original)
      const probed = await probe(original).catch((error) => {
        // ffprobe read the file and found no video in it (a timeout is retried instead)
        if (error instanceof MediaToolError && !error.timedOut) {
          throw new UnusableVideo('unreadable', error.detail)
        }
        throw error
      })
      if (probed.durationSeconds > MAX_DURATION_SECONDS) {
        throw new UnusableVideo('too_long', `${Math.round(probed.durationSeconds)} s`)
      }
      const light = join(workdir, 'light.mp4')
      const still = join(workdir, 'poster.webp')
      await transcodeLight(original, light, probed)
      await poster(original, still, probed)
      const lightKey = await videoStore.put(light, 'mp4')
      const posterKey = await videoStore.put(still, 'webp')
      const kept = await this.finish(lessonId, originalKey, {
        lightKey,
        posterKey,
        durationSeconds: Math.round(probed.durationSeconds),
        width: probed.width,
        height: probed.height,
      })
      if (!kept) await videoStore.remove([lightKey, posterKey])
    } catch (error) {
      const unusable = error instanceof UnusableVideo
      const toolRefused = error instanceof MediaToolError && !error.timedOut
      if (unusable || toolRefused || attempt.retryCount >= attempt.retryLimit) {
        logger.warn({ err: error, lessonId }, 'video processing failed')
        const code = unusable ? error.code : toolRefused ? 'unreadable' : 'failed'
        const detail = error instanceof MediaToolError ? error.detail : String(error).slice(0, 500)
        await this.fail(lessonId, originalKey, code, detail)
        return
      }
      throw error
    } finally {
      await rm(workdir, { recursive: true, force: true })
    }
  },

  /** The processed video is ready: the lesson's and the course's durations follow. */
  async finish(
    lessonId: number,
    originalKey: string,
    result: {
      lightKey: string
      posterKey: string
      durationSeconds: number
      width: number
      height: number
    }
  ) {
    return db.transaction(async (trx) => {
      const updated = await trx.rawQuery(
        `UPDATE lesson_videos SET state = 'ready', light_key = ?, poster_key = ?,
           duration_seconds = ?, width = ?, height = ?, error_code = NULL, error_detail = NULL,
           updated_at = now()
         WHERE lesson_id = ? AND original_key = ?`,
        [
          result.lightKey,
          result.posterKey,
          result.durationSeconds,
          result.width,
          result.height,
          lessonId,
          originalKey,
        ]
      )
      if (!updated.rowCount) return false
      const lesson = await Lesson.query({ client: trx }).where('id', lessonId).firstOrFail()
      lesson.durationSeconds = result.durationSeconds
      await lesson.save()
      await this.recountDuration(lesson.courseId, trx)
      await notifyMaster(lesson, 'courses.video_ready', trx)
      return true
    })
  },

  async fail(lessonId: number, originalKey: string, code: string, detail: string) {
    await db.transaction(async (trx) => {
      const updated = await trx.rawQuery(
        `UPDATE lesson_videos SET state = 'failed', error_code = ?, error_detail = ?, updated_at = now()
          WHERE lesson_id = ? AND original_key = ?`,
        [code, detail, lessonId, originalKey]
      )
      if (!updated.rowCount) return
      const lesson = await Lesson.query({ client: trx }).where('id', lessonId).firstOrFail()
      await notifyMaster(lesson, 'courses.video_failed', trx)
    })
  },

  /** The course's length: the sum of its lessons' (saved through the model, whose hooks see it). */
  async recountDuration(courseId: number, trx: TransactionClientContract) {
    const course = await Course.query({ client: trx })
      .where('id', courseId)
      .forUpdate()
      .firstOrFail()
    const row = await trx
      .from('lessons')
      .where('course_id', courseId)
      .sum('duration_seconds as total')
      .first()
    course.durationSeconds = Number(row?.total ?? 0)
    await course.save()
  },
}
