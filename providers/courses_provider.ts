import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Registers courses with the lower modules at boot, and its own lesson
 * kinds and template helpers (app/courses/setup.ts).
 */
export default class CoursesProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { setUpCourses } = await import('#courses/setup')
    await setUpCourses()
  }
}
