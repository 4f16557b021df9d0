import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { pagelessRoutes, sessionReadOnlyRoutes } from '#shared/http/pageless_routes'

/**
 * A pageless request (the live bell's stream, subscribe or catch-up) reads
 * the session to know who is signed in, but never writes it back. Racing a
 * form's POST → redirect, a write would either consume the flash messages
 * meant for the next page or overwrite what the POST just stored with this
 * request's older copy of the session.
 */
export default class PagelessSessionMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    if (pagelessRoutes.has(ctx) || sessionReadOnlyRoutes.has(ctx)) {
      ctx.session.commit = async () => {}
    }
    return next()
  }
}
