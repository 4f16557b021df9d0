import type { HttpContext } from '@adonisjs/core/http'
import { notFound } from '#shared/errors/not_found'
import { sessionRegistry } from '#identity/services/session_registry'
import { realtimeSessions } from '#realtime/index'

/**
 * Ends the user's other sessions, and their sockets and live streams:
 * "log out everywhere else", and after a password change. Returns how many.
 */
export async function revokeOthersWithRealtime(ctx: HttpContext) {
  const userId = ctx.auth.user!.id
  const listed = await sessionRegistry.list(ctx, userId)
  const others = listed.filter((session) => !session.current)
  const count = await sessionRegistry.revokeOthers(ctx, userId)
  await realtimeSessions.end(others.map((session) => session.id))
  return count
}

export default class SessionsController {
  async index(ctx: HttpContext) {
    const sessions = await sessionRegistry.list(ctx, ctx.auth.user!.id)
    return ctx.view.render('identity/settings/sessions', { sessions })
  }

  /** Only the user's own sessions can be named here; any other id is a 404. */
  async revoke(ctx: HttpContext) {
    const revoked = await sessionRegistry.revoke(ctx, ctx.auth.user!.id, ctx.params.id)
    if (!revoked) notFound()
    await realtimeSessions.end([ctx.params.id])
    ctx.session.flash('success', ctx.i18n.t('settings.sessions.revoked'))
    return ctx.response.redirect().toRoute('settings.sessions')
  }

  async revokeOthers(ctx: HttpContext) {
    const count = await revokeOthersWithRealtime(ctx)
    ctx.session.flash('success', ctx.i18n.t('settings.sessions.revoked_others', { count }))
    return ctx.response.redirect().toRoute('settings.sessions')
  }
}
