import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Registers courses with the lower modules at boot, and its own lesson
 * kinds and template helpers (app/courses/setup.ts); the catalogue's
 * sections of the field page and the public profile, its pages in the
 * sitemap, and the model hooks that keep search and the page cache up to
 * date with every change of a course, a section or a lesson.
 */
export default class CoursesProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { setUpCourses } = await import('#courses/setup')
    await setUpCourses()
    const { setUpCatalogue } = await import('#courses/services/course_sections')
    await setUpCatalogue()
  }
}
