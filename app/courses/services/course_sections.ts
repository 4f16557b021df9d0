import db from '@adonisjs/lucid/services/db'
import type { PageSection } from '#shared/http/page_sections'
import { sitemap, type SitemapSource } from '#shared/http/sitemap'
import {
  fieldPageSections,
  profileSections,
  type FieldSubject,
  type ProfileSubject,
} from '#identity/index'
import { catalogue } from '#courses/services/catalogue'
import { coursePath } from '#courses/services/course_pages'
import { watchCourseChanges } from '#courses/services/course_changes'

/*
| The courses module's parts of identity's pages (registered by
| providers/courses_provider.ts). They show published courses only, the same
| to every viewer (the pages are cached for anonymous visitors), and the
| Course/CourseSection/Lesson hooks purge those pages when a course changes.
*/

/** How many courses a field page or a profile shows before "all courses". */
export const COURSES_ON_PAGES = 6

/** The field's newest published courses, with a link to its whole catalogue. */
export const fieldCoursesSection: PageSection<FieldSubject> = {
  name: 'courses',
  order: 20,
  component: 'courses/catalogue/sections/_field_courses',
  async load({ field }) {
    const courses = await catalogue.newest({ fieldId: field.id }, COURSES_ON_PAGES)
    return { courses, fieldSlug: field.slug }
  },
}

/** The published courses of the person's public master identities. */
export const profileCoursesSection: PageSection<ProfileSubject> = {
  name: 'courses',
  order: 20,
  component: 'courses/catalogue/sections/_profile_courses',
  async load({ identities }) {
    const masters = identities.filter((identity) => identity.role === 'master')
    if (!masters.length) return null
    const courses = await catalogue.newest(
      { masterIdentityIds: masters.map(({ id }) => id) },
      COURSES_ON_PAGES * 2
    )
    return courses.length ? { courses } : null
  },
}

/** The catalogue and every published course page, for /sitemap.xml. */
export const coursePagesSitemap: SitemapSource = {
  name: 'courses',
  order: 30,
  async entries() {
    const rows = await db
      .from('courses')
      .where('status', 'published')
      .orderBy('id')
      .select('id', 'updated_at')
    return [
      { path: '/courses' },
      ...rows.map((row) => ({ path: coursePath(row.id), lastModified: row.updated_at })),
    ]
  },
}

let registered = false

/**
 * The catalogue's parts of other modules, registered once at boot (a second
 * app booted in the same process, in tests, reuses them): the sections, the
 * sitemap source and the Course/CourseSection/Lesson hooks.
 */
export async function setUpCatalogue() {
  if (registered) return
  registered = true
  fieldPageSections.register(fieldCoursesSection)
  profileSections.register(profileCoursesSection)
  sitemap.register(coursePagesSitemap)
  watchCourseChanges()
}
