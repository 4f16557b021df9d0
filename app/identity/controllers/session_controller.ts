import type { HttpContext } from '@adonisjs/core/http'
import { loginValidator } from '#identity/validators/account_validators'
import { accountService } from '#identity/services/account_service'
import { sessionRegistry } from '#identity/services/session_registry'
import { useLocale } from '#shared/middleware/detect_locale_middleware'

export default class SessionController {
  create({ view }: HttpContext) {
    return view.render('identity/login')
  }

  async store(ctx: HttpContext) {
    const { request, response, auth, session } = ctx
    const { email, password, remember } = await request.validateUsing(loginValidator)
    // throttled per address and IP, per IP and per account (limits.ts): 429 with Retry-After
    const user = await accountService.logIn(email, password, request.ip())

    await auth.use('web').login(user, Boolean(remember))
    await sessionRegistry.start(ctx, user.id, Boolean(remember))
    // the pages that follow speak the user's language, so does the welcome
    useLocale(ctx, user.locale)
    session.flash('success', ctx.i18n.t('auth.welcome_back', { name: user.displayName }))
    return response.redirect().toRoute('dashboard')
  }

  async destroy(ctx: HttpContext) {
    const { response, session, i18n } = ctx
    // the sockets and live streams this browser opened end with its session
    await sessionRegistry.logout(ctx)
    session.flash('success', i18n.t('auth.logged_out'))
    return response.redirect().toRoute('session.create')
  }
}
