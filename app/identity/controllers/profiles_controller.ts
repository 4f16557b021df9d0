import type { HttpContext } from '@adonisjs/core/http'
import User from '#identity/models/user'
import { identityService } from '#identity/services/identity_service'
import { portfolioService } from '#identity/services/portfolio_service'

/** Public identities: apprentices, and masters once certified (an application in review is private). */
const isPublic = (identity: { role: string; status: string }) =>
  identity.role === 'apprentice' ? identity.status === 'active' : identity.status === 'certified'

export default class ProfilesController {
  async show({ params, view }: HttpContext) {
    const user = await User.findOrFail(params.id)
    const identities = await identityService.forUser(user.id)
    const publicIdentities = identities.filter(isPublic)
    const portfolios = await portfolioService.byIdentity(publicIdentities.map(({ id }) => id))
    return view.render('identity/profile', { profile: user, publicIdentities, portfolios })
  }
}
