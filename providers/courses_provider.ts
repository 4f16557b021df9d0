import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Registers courses with the lower modules at boot: its sections of the
 * field page and the public profile, its pages in the sitemap, and the model
 * hooks that keep search and the page cache up to date with every change of a
 * course, a section or a lesson.
 */
export default class CoursesProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { fieldPageSections, profileSections } = await import('#identity/index')
    const { fieldCoursesSection, profileCoursesSection, coursePagesSitemap } =
      await import('#courses/services/course_sections')
    fieldPageSections.register(fieldCoursesSection)
    profileSections.register(profileCoursesSection)
    const { sitemap } = await import('#shared/http/sitemap')
    sitemap.register(coursePagesSitemap)

    const { watchCourseChanges } = await import('#courses/services/course_changes')
    watchCourseChanges()
  }
}
