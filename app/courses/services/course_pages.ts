import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { fieldCatalogue, identityDirectory, publicPages } from '#identity/index'
import { pagePurge } from '#shared/http/page_purge'

/** What a purge needs to know of a course (a Course model will do). */
export type CourseRef = { id: number; fieldId: number; masterIdentityId: number }

export const CATALOGUE_PATH = '/courses'
export const coursePath = (courseId: number) => `/courses/${courseId}`

/**
 * The anonymous page cache's copies of the pages that show a course: its own
 * page, the catalogue (only its unfiltered address is cached: a query string
 * is never), its field's page and its master's profile (our sections there).
 * Called by the Course, CourseSection and Lesson hooks (course_changes.ts) and
 * by the services that change what a course page shows without saving those
 * models (reviews, counts); the purge happens once `trx` commits.
 */
export const coursePages = {
  async changed(course: CourseRef, trx?: TransactionClientContract | null) {
    const [fields, master] = await Promise.all([
      fieldCatalogue.byId(),
      identityDirectory.card(course.masterIdentityId),
    ])
    const slug = fields.get(course.fieldId)?.slug
    await Promise.all([
      pagePurge.purgeAfterCommit([coursePath(course.id), CATALOGUE_PATH], trx),
      slug ? publicPages.field(slug, trx) : undefined,
      master ? publicPages.profile(master.userId, trx) : undefined,
    ])
  },
}
