import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Course from '#courses/models/course'

/**
 * What every change to a course's content does first: takes the course's
 * row lock, so two edits of one syllabus (two tabs, a double click) run one
 * after the other and positions never collide.
 */
export function lockCourse(courseId: number, trx: TransactionClientContract) {
  return Course.query({ client: trx }).where('id', courseId).forUpdate().firstOrFail()
}

/**
 * Counts the course's lessons and adds up their durations, in the
 * transaction that changed them (the course is saved as a model, so search
 * and the page cache hear of it).
 */
export async function refreshCourseStats(course: Course, trx: TransactionClientContract) {
  const [row] = await trx
    .from('lessons')
    .where('course_id', course.id)
    .count('* as lessons')
    .sum('duration_seconds as seconds')
  course.useTransaction(trx)
  course.merge({ lessonCount: Number(row.lessons), durationSeconds: Number(row.seconds ?? 0) })
  await course.save()
}
