import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { pagelessRoutes } from '#shared/http/pageless_routes'
import { notificationService } from '#realtime/services/notification_service'

/**
 * The header bell: for a signed-in user, the unread count and the newest
 * notification id (one round trip), shared with every page as
 * `unreadNotifications` and `lastNotificationId` (where live updates resume). Guests cost nothing. Runs after the current-user
 * middleware, which has already checked the session (`ctx.auth.user`).
 */
export default class UnreadCountMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.user
    if (user && !pagelessRoutes.has(ctx)) {
      const bell = await notificationService.bell(user.id)
      ctx.view.share({ unreadNotifications: bell.unread, lastNotificationId: bell.lastId })
    }
    return next()
  }
}
