import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { pagelessRoutes } from '#shared/http/pageless_routes'
import { chooseLocale, useLocale } from '#shared/middleware/detect_locale_middleware'
import { sessionRegistry } from '#identity/services/session_registry'
import { identityService, type IdentitySummary } from '#identity/services/identity_service'

export const ACTIVE_IDENTITY_KEY = 'identity_id'

/**
 * Loads the signed-in user (if any) for the page: its language wins over the
 * cookie, its identities feed the header switcher, and the active one is
 * `ctx.identity` for controllers and policies.
 */
export default class CurrentUserMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = (await ctx.auth.check()) ? ctx.auth.user! : null
    ctx.identity = null
    let identities: IdentitySummary[] = []
    if (user) {
      if (user.locale !== ctx.i18n.locale) useLocale(ctx, chooseLocale(ctx, user.locale))
      // a comeback through the remember-me cookie starts a fresh session: record it
      if (!sessionRegistry.touch(ctx)) {
        await sessionRegistry.start(ctx, user.id, ctx.auth.use('web').viaRemember)
      }
      // pageless routes (SSE, the page's own JSON) need the user, not the header's identities
      if (!pagelessRoutes.has(ctx)) identities = await identityService.forUser(user)
      const chosen = ctx.session.get(ACTIVE_IDENTITY_KEY) as number | undefined
      ctx.identity =
        identities.find((identity) => identity.id === chosen) ??
        identities.find((identity) => identity.id === user.defaultIdentityId) ??
        identities[0] ??
        null
    }
    ctx.view.share({ currentUser: user, identities, activeIdentity: ctx.identity })
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** The signed-in user's active identity (field + role), null for guests and users with none. */
    identity: IdentitySummary | null
  }
}
