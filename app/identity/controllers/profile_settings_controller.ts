import type { HttpContext } from '@adonisjs/core/http'
import { profileValidator } from '#identity/validators/account_validators'
import { accountService } from '#identity/services/account_service'
import { useLocale } from '#shared/middleware/detect_locale_middleware'
import { timeZoneOptions } from '#identity/services/time_zone_options'

export default class ProfileSettingsController {
  show({ view }: HttpContext) {
    return view.render('identity/settings/profile', { timeZoneOptions })
  }

  async update(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const { avatar, removeAvatar, ...data } = await request.validateUsing(profileValidator)
    await accountService.updateProfile(auth.user!, data, avatar, removeAvatar)
    useLocale(ctx, auth.user!.locale)
    session.flash('success', ctx.i18n.t('settings.profile.saved'))
    return response.redirect().toRoute('settings.profile')
  }
}
