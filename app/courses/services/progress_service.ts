import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Enrollment from '#courses/models/enrollment'
import type Lesson from '#courses/models/lesson'
import { certificates } from '#courses/services/certificates'
import { progressPercent, resumePosition, videoWatched } from '#courses/services/progress_maths'

export type CourseCompletion = { justCompleted: boolean; progressPercent: number }

/** The certificate's public id: 120 random bits, URL-safe. */
const certificateCode = () => randomBytes(15).toString('base64url')

/**
 * Learning tracking (学习跟踪), per enrollment, so per apprentice identity:
 * lessons opened, where a video was left, lessons done, and the course's
 * progress, completion date and certificate id kept on the enrollment.
 */
export const progressService = {
  /**
   * The learner opened a lesson: remembered as where to continue. One round
   * trip; the enrollment is written only when the place changed or the last
   * activity is older than a minute (a lesson page is opened far more often
   * than that is worth a write).
   */
  async open(enrollment: Enrollment, lesson: Lesson) {
    const now = new Date()
    // the same lesson again within the minute: its progress row exists (made with this place)
    const since = enrollment.lastActivityAt?.toMillis() ?? 0
    if (enrollment.lastLessonId === lesson.id && now.getTime() - since < 60_000) return
    await db.rawQuery(
      `WITH opened AS (
         INSERT INTO lesson_progress (enrollment_id, lesson_id, opened_at, updated_at)
         VALUES (?, ?, ?, ?) ON CONFLICT (enrollment_id, lesson_id) DO NOTHING
       )
       UPDATE enrollments SET last_lesson_id = ?, last_activity_at = ?
        WHERE id = ? AND (last_lesson_id IS DISTINCT FROM ? OR last_activity_at IS NULL
              OR last_activity_at < ?::timestamptz - interval '1 minute')`,
      [enrollment.id, lesson.id, now, now, lesson.id, now, enrollment.id, lesson.id, now]
    )
  },

  /**
   * Where the video is and how much of it has been seen (the player reports
   * it every few seconds and when the page is left). The share seen only
   * grows; at 90 % the lesson is done.
   */
  async savePosition(
    enrollment: Enrollment,
    lesson: Lesson,
    report: { positionSeconds: number; watchedPermille: number }
  ) {
    const now = new Date()
    const position = resumePosition(report.positionSeconds, lesson.durationSeconds)
    const watched = Math.min(Math.max(Math.round(report.watchedPermille), 0), 1000)
    await db.rawQuery(
      `INSERT INTO lesson_progress (enrollment_id, lesson_id, position_seconds, watched_permille, opened_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (enrollment_id, lesson_id) DO UPDATE SET
         position_seconds = EXCLUDED.position_seconds,
         watched_permille = GREATEST(lesson_progress.watched_permille, EXCLUDED.watched_permille),
         updated_at = EXCLUDED.updated_at`,
      [enrollment.id, lesson.id, position, watched, now, now]
    )
    await db.from('enrollments').where('id', enrollment.id).update({ last_activity_at: now })
    if (videoWatched(watched)) return this.complete(enrollment, lesson)
    return null
  },

  /**
   * A lesson is done (a text read, a video watched, a quiz passed). Doing it
   * again changes nothing; the course's progress is counted again, and the
   * last lesson done completes the course and issues its certificate id.
   */
  async complete(enrollment: Enrollment, lesson: Lesson): Promise<CourseCompletion> {
    return db.transaction(async (trx) => {
      const now = new Date()
      // the enrollment is locked first: the progress row's key-share lock on it, taken
      // before recount's row lock, would deadlock two lessons finished at once
      await trx.from('enrollments').where('id', enrollment.id).forUpdate().select('id')
      await trx.rawQuery(
        `INSERT INTO lesson_progress (enrollment_id, lesson_id, opened_at, completed_at, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (enrollment_id, lesson_id) DO UPDATE SET
           completed_at = COALESCE(lesson_progress.completed_at, EXCLUDED.completed_at),
           updated_at = EXCLUDED.updated_at`,
        [enrollment.id, lesson.id, now, now, now]
      )
      const result = await this.recount(enrollment.id, trx)
      if (result.justCompleted) await certificates.announce(enrollment.id, trx)
      return result
    })
  },

  /**
   * Counts an enrollment's progress again, under a lock on the enrollment so
   * two lessons finished at once both count and complete the course once.
   */
  async recount(enrollmentId: number, trx: TransactionClientContract): Promise<CourseCompletion> {
    const enrollment = await trx
      .from('enrollments')
      .where('id', enrollmentId)
      .forUpdate()
      .select('course_id', 'completed_at', 'certificate_code')
      .firstOrFail()
    const counts = await trx
      .from('lessons')
      .leftJoin('lesson_progress', (join) => {
        join
          .on('lesson_progress.lesson_id', 'lessons.id')
          .andOnVal('lesson_progress.enrollment_id', enrollmentId)
      })
      .where('lessons.course_id', enrollment.course_id)
      .select(
        db.raw('count(*)::int AS total'),
        db.raw('count(lesson_progress.completed_at)::int AS done')
      )
      .firstOrFail()
    const percent = progressPercent(counts.done, counts.total)
    const justCompleted =
      !enrollment.completed_at && counts.total > 0 && counts.done === counts.total
    await trx
      .from('enrollments')
      .where('id', enrollmentId)
      .update({
        completed_lessons: counts.done,
        progress_percent: percent,
        last_activity_at: new Date(),
        ...(justCompleted
          ? {
              completed_at: new Date(),
              certificate_code: enrollment.certificate_code ?? certificateCode(),
            }
          : {}),
      })
    return { justCompleted, progressPercent: percent }
  },

  /**
   * After lessons are added to or removed from a course: every enrollment's
   * counts again (the same rounding as progressPercent). A course once
   * completed stays completed, with its certificate; a learner whose only
   * lessons left were removed has completed it now (certificate, notice).
   */
  async recountCourse(courseId: number, trx?: TransactionClientContract): Promise<void> {
    if (!trx) return db.transaction((own) => this.recountCourse(courseId, own))
    await trx.rawQuery(
      `UPDATE enrollments e SET
         completed_lessons = c.done,
         progress_percent = CASE WHEN c.total = 0 THEN 0 ELSE (LEAST(c.done, c.total) * 100) / c.total END
       FROM (
         SELECT e2.id,
                (SELECT count(*) FROM lessons l WHERE l.course_id = e2.course_id)::int AS total,
                (SELECT count(*) FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id
                  WHERE lp.enrollment_id = e2.id AND lp.completed_at IS NOT NULL)::int AS done
         FROM enrollments e2 WHERE e2.course_id = ?
       ) c
       WHERE e.id = c.id`,
      [courseId]
    )
    const finished = await trx
      .from('enrollments')
      .where({ course_id: courseId, status: 'active', progress_percent: 100 })
      .whereNull('completed_at')
      .select('id')
    for (const { id } of finished) {
      const result = await this.recount(id, trx)
      if (result.justCompleted) await certificates.announce(id, trx)
    }
  },

  /** The lessons an enrollment has done, and where each video was left. */
  async of(enrollmentId: number) {
    const rows = await db
      .from('lesson_progress')
      .where('enrollment_id', enrollmentId)
      .select('lesson_id', 'position_seconds', 'watched_permille', 'completed_at')
    return new Map(
      rows.map((row) => [
        row.lesson_id as number,
        {
          positionSeconds: row.position_seconds as number,
          watchedPermille: row.watched_permille as number,
          done: row.completed_at !== null,
        },
      ])
    )
  },
}
