import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { pagelessRoutes } from '#shared/http/pageless_routes'
import { headerCounts } from '#realtime/services/header_counts'

/**
 * The header's counts for a signed-in page (one query): shared as
 * `unreadNotifications`, `lastNotificationId` (where the live bell resumes)
 * and `unreadMessages`. Guests and pageless routes cost nothing. Runs after
 * the current-user middleware, which has already checked the session.
 */
export default class HeaderCountsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.user
    if (user && !pagelessRoutes.has(ctx)) ctx.view.share(await headerCounts(user.id))
    return next()
  }
}
