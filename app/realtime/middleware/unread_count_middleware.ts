import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { notificationService } from '#realtime/services/notification_service'

/**
 * The header bell's badge: for a signed-in user, one COUNT of unread
 * notifications (on their partial index) shared with every page as
 * `unreadNotifications`. Guests cost nothing. Runs after the current-user
 * middleware, which has already checked the session (`ctx.auth.user`).
 */
export default class UnreadCountMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.user
    if (user) {
      ctx.view.share({ unreadNotifications: await notificationService.unreadCount(user.id) })
    }
    return next()
  }
}
