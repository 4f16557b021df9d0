import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Course from '#courses/models/course'
import CourseSection from '#courses/models/course_section'
import Lesson from '#courses/models/lesson'
import { SEARCHED_COLUMNS, courseSearch } from '#courses/services/course_search'
import { coursePages } from '#courses/services/course_pages'

/** What a course's save must do once written, decided before (after it, nothing is dirty). */
const pending = new WeakMap<Course, { reindex: boolean; shown: boolean }>()

/** A draft is on no public page, and never was: its saves purge nothing. */
function wasOrIsShown(course: Course) {
  return course.status !== 'draft' || (course.$isPersisted && course.$original.status !== 'draft')
}

async function lessonOrSectionChanged(courseId: number, trx?: TransactionClientContract) {
  const course = await (trx ?? db)
    .from('courses')
    .where('id', courseId)
    .select('id', 'field_id', 'master_identity_id', 'status')
    .first()
  if (!course || course.status === 'draft') return
  await coursePages.changed(
    { id: course.id, fieldId: course.field_id, masterIdentityId: course.master_identity_id },
    trx
  )
}

/**
 * Every save or delete of a course, a section or a lesson, whoever makes it
 * (the editor, a seeder, a job), reaches search and the page cache: a course
 * whose searchable text changed is reindexed in the same transaction, and the
 * pages that show a published or archived course are purged once it commits.
 * Registered at boot by the courses provider, in every environment.
 */
export function watchCourseChanges() {
  for (const Model of [Course, CourseSection, Lesson]) Model.boot()

  Course.before('save', (course) => {
    pending.set(course, {
      reindex: !course.$isPersisted || SEARCHED_COLUMNS.some((column) => column in course.$dirty),
      shown: wasOrIsShown(course),
    })
  })
  Course.after('save', async (course) => {
    const todo = pending.get(course)
    pending.delete(course)
    if (todo?.reindex) await courseSearch.reindex(course.id, course.$trx ?? db)
    if (todo?.shown) await coursePages.changed(course, course.$trx)
  })
  Course.after('delete', async (course) => {
    if (course.status !== 'draft') await coursePages.changed(course, course.$trx)
  })

  for (const Model of [CourseSection, Lesson]) {
    for (const event of ['save', 'delete'] as const) {
      Model.after(event, (row: CourseSection | Lesson) =>
        lessonOrSectionChanged(row.courseId, row.$trx)
      )
    }
  }
}
