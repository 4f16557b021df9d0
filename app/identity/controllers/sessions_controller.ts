import type { HttpContext } from '@adonisjs/core/http'
import { notFound } from '#shared/errors/not_found'
import { sessionRegistry } from '#identity/services/session_registry'

export default class SessionsController {
  async index(ctx: HttpContext) {
    const sessions = await sessionRegistry.list(ctx, ctx.auth.user!.id)
    return ctx.view.render('identity/settings/sessions', { sessions })
  }

  /** Only the user's own sessions can be named here; any other id is a 404. */
  async revoke(ctx: HttpContext) {
    const revoked = await sessionRegistry.revoke(ctx, ctx.auth.user!.id, ctx.params.session)
    if (!revoked) notFound()
    ctx.session.flash('success', ctx.i18n.t('settings.sessions.revoked'))
    return ctx.response.redirect().toRoute('settings.sessions')
  }

  async revokeOthers(ctx: HttpContext) {
    const count = await sessionRegistry.revokeOthers(ctx, ctx.auth.user!.id)
    ctx.session.flash('success', ctx.i18n.t('settings.sessions.revoked_others', { count }))
    return ctx.response.redirect().toRoute('settings.sessions')
  }
}
