import type { PageSection } from '#shared/http/page_sections'
import type { DashboardSubject } from '#identity/index'
import { courseAuthoring } from '#courses/services/course_authoring'

/** How many courses the dashboard lists before "all my courses". */
const SHOWN = 5

/** "My courses" on a master identity's dashboard (resources/views/courses/teach/_dashboard.edge). */
export const teachingDashboardSection: PageSection<DashboardSubject> = {
  name: 'courses.teaching',
  order: 10,
  component: 'courses/teach/_dashboard',
  async load({ identity }) {
    if (identity.role !== 'master') return null
    const courses = await courseAuthoring.forMaster(identity.id).limit(SHOWN + 1)
    return { courses: courses.slice(0, SHOWN), more: courses.length > SHOWN }
  },
}
