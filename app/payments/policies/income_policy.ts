import { BasePolicy } from '@adonisjs/bouncer'
import type { IdentitySummary } from '#identity/index'

type Viewer = { id: number }

/**
 * A master's money is seen and asked for only by that master identity, while
 * it is the active one: the same person acting as an apprentice elsewhere
 * sees nothing of it. Payouts need the identity to be certified.
 */
export default class IncomePolicy extends BasePolicy {
  view(_user: Viewer, identity: IdentitySummary | null) {
    return identity?.role === 'master'
  }

  requestPayout(user: Viewer, identity: IdentitySummary | null) {
    return this.view(user, identity) && identity!.status === 'certified'
  }
}
