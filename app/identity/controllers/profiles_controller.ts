import type { HttpContext } from '@adonisjs/core/http'
import User from '#identity/models/user'
import { profileActions, profileSections } from '#identity/page_sections'
import { identityService } from '#identity/services/identity_service'
import { userDirectory } from '#identity/services/user_directory'

/** Public identities: apprentices, and masters once certified (an application in review is private). */
const isPublic = (identity: { role: string; status: string }) =>
  identity.role === 'apprentice' ? identity.status === 'active' : identity.status === 'certified'

export default class ProfilesController {
  /** The shared profile, public identities, then each module's sections (page_sections.ts). */
  async show({ params, view, auth }: HttpContext) {
    const user = await User.findOrFail(params.id)
    const identities = await identityService.forUser(user.id)
    const subject = {
      profile: userDirectory.toCard(user),
      identities: identities.filter(isPublic),
      viewerId: auth.user?.id ?? null,
    }
    const [actions, sections] = await Promise.all([
      profileActions.render(subject),
      profileSections.render(subject),
    ])
    return view.render('identity/profile', {
      profile: user,
      publicIdentities: subject.identities,
      actions,
      sections,
    })
  }
}
