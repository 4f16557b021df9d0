import type { HttpContext } from '@adonisjs/core/http'
import { accountService } from '#identity/services/account_service'

export default class VerifyEmailController {
  async show({ params, response, session, i18n, auth }: HttpContext) {
    const user = await accountService.verifyEmail(params.token)
    if (!user) {
      session.flash('error', i18n.t('auth.verify.invalid'))
      return response.redirect().toRoute(auth.user ? 'settings.account' : 'session.create')
    }
    session.flash('success', i18n.t('auth.verify.done'))
    return response.redirect().toRoute(auth.user ? 'settings.account' : 'session.create')
  }

  async resend({ auth, response, session, i18n }: HttpContext) {
    const sent = await accountService.resendVerification(auth.user!)
    session.flash('success', i18n.t(sent ? 'auth.verify.resent' : 'auth.verify.done'))
    return response.redirect().back()
  }
}
