import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { pagelessRoutes } from '#shared/http/pageless_routes'

/**
 * A pageless request (the live bell's subscribe or catch-up, racing a form's
 * redirect) must not consume the flash messages meant for the next page:
 * it passes them on untouched.
 */
export default class PagelessFlashMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    if (pagelessRoutes.has(ctx)) ctx.session.reflash()
    return next()
  }
}
