import type { LayoutSlot } from '#shared/http/layout_data'
import type { PageSection } from '#shared/http/page_sections'
import type { DashboardSubject } from '#identity/index'
import { myLearning } from '#courses/services/my_learning'

/** The header's "my learning" link, for every signed-in user (no per-user values: nothing to load). */
export const learningLayout: LayoutSlot = {
  name: 'learning',
  order: 15,
  headerComponent: 'courses/learning/_nav',
  async load() {
    return {}
  },
}

/** How many courses the apprentice dashboard offers to continue. */
const ON_DASHBOARD = 3

/** "Continue learning" on the dashboard of an apprentice identity: its latest courses. */
export const continueLearningSection: PageSection<DashboardSubject> = {
  name: 'continue-learning',
  order: 10,
  component: 'courses/learning/_dashboard',
  async load({ userId, identity }) {
    if (identity.role !== 'apprentice') return null
    const groups = await myLearning.of(userId, identity.id)
    const own = groups.find((group) => group.identity.id === identity.id)
    return { items: own ? own.items.slice(0, ON_DASHBOARD) : [] }
  },
}
