import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { chooseLocale, useLocale } from '#shared/middleware/detect_locale_middleware'
import { sessionRegistry } from '#identity/services/session_registry'

/**
 * Loads the signed-in user (if any) for the page: its language wins over the
 * cookie, and its session's "last seen" is kept fresh for the sessions page.
 */
export default class CurrentUserMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = (await ctx.auth.check()) ? ctx.auth.user! : null
    if (user) {
      if (user.locale !== ctx.i18n.locale) useLocale(ctx, chooseLocale(ctx, user.locale))
      // a comeback through the remember-me cookie starts a fresh session: record it
      if (!sessionRegistry.touch(ctx))
        await sessionRegistry.start(ctx, user.id, ctx.auth.use('web').viaRemember)
    }
    ctx.view.share({ currentUser: user })
    return next()
  }
}
