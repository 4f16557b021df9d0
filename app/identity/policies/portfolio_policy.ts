import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#identity/models/user'
import type PortfolioItem from '#identity/models/portfolio_item'
import type { IdentitySummary } from '#identity/services/identity_service'

/**
 * A work is managed under the identity it was made under: the same user,
 * acting as another identity, neither lists nor edits it.
 */
export default class PortfolioPolicy extends BasePolicy {
  manage(_user: User, identity: IdentitySummary | null, item: PortfolioItem) {
    return identity !== null && item.identityId === identity.id
  }
}
