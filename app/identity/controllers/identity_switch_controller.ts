import type { HttpContext } from '@adonisjs/core/http'
import { switchIdentityValidator } from '#identity/validators/identity_validators'
import { identityService } from '#identity/services/identity_service'
import { ACTIVE_IDENTITY_KEY } from '#identity/middleware/current_user_middleware'
import { safeBackPath } from '#shared/http/safe_back_path'

export default class IdentitySwitchController {
  /** One click in the header; someone else's identity → 403 and nothing changes. */
  async store({ request, response, session, auth }: HttpContext) {
    const { identityId, back } = await request.validateUsing(switchIdentityValidator)
    const identity = await identityService.switchTo(auth.user!, identityId)
    session.put(ACTIVE_IDENTITY_KEY, identity.id)
    return response.redirect().toPath(safeBackPath(back, '/dashboard'))
  }
}
