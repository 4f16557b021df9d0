import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { pagelessRoutes } from '#shared/http/pageless_routes'
import { chatService } from '#realtime/services/chat_service'

/**
 * The header's messages link: for a signed-in user, the total of unread chat
 * messages (one query on the members' primary key and the messages index),
 * shared with every page as `unreadMessages`. Guests cost nothing.
 */
export default class ChatUnreadMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.user
    if (user && !pagelessRoutes.has(ctx)) {
      ctx.view.share({ unreadMessages: await chatService.unreadTotal(user.id) })
    }
    return next()
  }
}
