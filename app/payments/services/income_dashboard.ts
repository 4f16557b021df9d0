import type { PageSection } from '#shared/http/page_sections'
import type { DashboardSubject } from '#identity/index'
import { ledger } from '#payments/services/ledger'

/** "收入" on a master identity's dashboard: what is available, the way to the income page. */
export const incomeDashboardSection: PageSection<DashboardSubject> = {
  name: 'payments.income',
  order: 20,
  component: 'payments/income/_dashboard',
  async load({ identity }) {
    if (identity.role !== 'master') return null
    const [pending, available] = await Promise.all([
      ledger.balance({ kind: 'master_pending', ownerIdentityId: identity.id }),
      ledger.balance({ kind: 'master_available', ownerIdentityId: identity.id }),
    ])
    return { pending: -pending, available: -available }
  },
}
