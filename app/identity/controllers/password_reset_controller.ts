import type { HttpContext } from '@adonisjs/core/http'
import {
  forgotPasswordValidator,
  resetPasswordValidator,
} from '#identity/validators/account_validators'
import { accountService } from '#identity/services/account_service'
import { emailTokens } from '#identity/services/email_tokens'
import { sessionRegistry } from '#identity/services/session_registry'

export default class PasswordResetController {
  forgot({ view }: HttpContext) {
    return view.render('identity/forgot_password')
  }

  /** Same answer for every address, registered or not. */
  async send({ request, response, session, i18n }: HttpContext) {
    const { email } = await request.validateUsing(forgotPasswordValidator)
    await accountService.requestPasswordReset(email)
    session.flash('success', i18n.t('auth.reset.sent'))
    return response.redirect().toRoute('password.forgot')
  }

  async reset({ params, view, response, session, i18n }: HttpContext) {
    if (!(await emailTokens.isValid(params.token, 'reset_password'))) {
      session.flash('error', i18n.t('auth.reset.invalid'))
      return response.redirect().toRoute('password.forgot')
    }
    return view.render('identity/reset_password', { token: params.token })
  }

  async update(ctx: HttpContext) {
    const { params, request, response, session, i18n } = ctx
    const { password } = await request.validateUsing(resetPasswordValidator)
    const user = await accountService.resetPassword(params.token, password)
    if (!user) {
      session.flash('error', i18n.t('auth.reset.invalid'))
      return response.redirect().toRoute('password.forgot')
    }
    // someone else may have known the old password: every signed-in device is signed out
    await sessionRegistry.revokeAll(ctx, user.id)
    await accountService.endApiTokensMadeMeanwhile(user.id)
    session.flash('success', i18n.t('auth.reset.done'))
    return response.redirect().toRoute('session.create')
  }
}
