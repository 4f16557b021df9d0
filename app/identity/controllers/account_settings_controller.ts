import type { HttpContext } from '@adonisjs/core/http'
import {
  changeEmailValidator,
  changePasswordValidator,
  deleteAccountValidator,
} from '#identity/validators/account_validators'
import { accountService } from '#identity/services/account_service'
import { sessionRegistry } from '#identity/services/session_registry'
import { FormError } from '#shared/errors/domain_error'

export default class AccountSettingsController {
  show({ view }: HttpContext) {
    return view.render('identity/settings/account')
  }

  /** A new password ends every other session: whoever else was in is out. */
  async updatePassword(ctx: HttpContext) {
    const { request, response, session, i18n, auth } = ctx
    const { currentPassword, password } = await request.validateUsing(changePasswordValidator)
    const user = auth.user!
    if (!(await accountService.checkPassword(user, currentPassword))) {
      throw new FormError('currentPassword', 'settings.account.wrong_password')
    }
    await accountService.changePassword(user, password, sessionRegistry.rememberTokenOf(ctx))
    await sessionRegistry.revokeOthers(ctx, user.id)
    await accountService.endApiTokensMadeMeanwhile(user.id)
    session.flash('success', i18n.t('settings.account.password_changed'))
    return response.redirect().toRoute('settings.account')
  }

  async updateEmail({ request, response, session, i18n, auth }: HttpContext) {
    const { email, currentPassword } = await request.validateUsing(changeEmailValidator)
    const user = auth.user!
    if (!(await accountService.checkPassword(user, currentPassword))) {
      throw new FormError('currentPassword', 'settings.account.wrong_password')
    }
    await accountService.requestEmailChange(user, email)
    session.flash('success', i18n.t('settings.account.email_link_sent', { email }))
    return response.redirect().toRoute('settings.account')
  }

  async destroy(ctx: HttpContext) {
    const { request, response, session, i18n, auth } = ctx
    const { currentPassword } = await request.validateUsing(deleteAccountValidator)
    const user = auth.user!
    if (!(await accountService.checkPassword(user, currentPassword))) {
      throw new FormError('currentPassword', 'settings.account.wrong_password')
    }
    // other devices are logged out here; this one by the logout below
    await sessionRegistry.revokeOthers(ctx, user.id)
    await sessionRegistry.logout(ctx)
    await accountService.deleteAccount(user)
    session.flash('success', i18n.t('settings.account.deleted'))
    return response.redirect().toRoute('home')
  }
}
