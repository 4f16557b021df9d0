import type { HttpContext } from '@adonisjs/core/http'
import { notFound } from '#shared/errors/not_found'
import { safeBackPath } from '#shared/http/safe_back_path'
import { notificationService } from '#realtime/services/notification_service'
import { notificationUrl, presentNotification } from '#realtime/services/notification_text'
import {
  markReadValidator,
  pageNumber,
  seenValidator,
} from '#realtime/validators/notification_validators'

export const NOTIFICATIONS_PER_PAGE = 20

export default class NotificationsController {
  /** The signed-in user's notifications, newest first; reading the list marks nothing. */
  async index(ctx: HttpContext) {
    const page = pageNumber(ctx.request.qs().page)
    const result = await notificationService.list(ctx.auth.user!.id, {
      page,
      perPage: NOTIFICATIONS_PER_PAGE,
    })
    // shown on this page: a digest mail will not repeat them
    await notificationService.markSeen(ctx.auth.user!.id, result.unseenIds)
    return ctx.view.render('realtime/notifications', {
      notifications: result.items.map((item) => presentNotification(ctx.i18n, item)),
      anyUnread: result.unread > 0,
      page: result.page,
      lastPage: result.lastPage,
      here: page > 1 ? `/notifications?page=${page}` : '/notifications',
    })
  }

  /**
   * Marks one of the user's own notifications read, then opens its link (a
   * path on this site) when its text was clicked (`open`), else returns to
   * the list. Anyone else's id → 404.
   */
  async read(ctx: HttpContext) {
    const id = /^\d{1,15}$/.test(ctx.params.id) ? Number(ctx.params.id) : 0
    if (!id) notFound()
    const { back, open } = await ctx.request.validateUsing(markReadValidator)
    const record = await notificationService.markRead(ctx.auth.user!.id, id)
    if (!record) notFound()
    const link = open ? notificationUrl(record.payload) : undefined
    const target = link ?? safeBackPath(back, '/notifications')
    return ctx.response.redirect().toPath(target)
  }

  async readAll(ctx: HttpContext) {
    const { back } = await ctx.request.validateUsing(markReadValidator)
    await notificationService.markAllRead(ctx.auth.user!.id)
    ctx.session.flash('success', ctx.i18n.t('notifications.all_marked_read'))
    return ctx.response.redirect().toPath(safeBackPath(back, '/notifications'))
  }

  /** The live bell showed everything up to `upTo` (a toast, the badge): seen, so never in a digest. */
  async seen(ctx: HttpContext) {
    const { upTo } = await ctx.request.validateUsing(seenValidator)
    await notificationService.markSeen(ctx.auth.user!.id, { upTo })
    return ctx.response.noContent()
  }
}
