import type { PageSection } from '#shared/http/page_sections'
import type { DashboardSubject } from '#identity/index'
import { earningsBoth } from '#payments/services/earnings'

/** "收入" on a master identity's dashboard: what is available, the way to the income page. */
export const incomeDashboardSection: PageSection<DashboardSubject> = {
  name: 'payments.income',
  order: 20,
  component: 'payments/income/_dashboard',
  async load({ identity }) {
    if (identity.role !== 'master') return null
    return earningsBoth(identity.id)
  },
}
