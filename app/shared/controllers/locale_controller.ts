import type { HttpContext } from '@adonisjs/core/http'
import { localeValidator } from '#shared/validators/locale_validator'
import { safeBackPath } from '#shared/http/safe_back_path'
import { LOCALE_COOKIE } from '#shared/middleware/detect_locale_middleware'
import { LANG_PARAM } from '#shared/http/public_url'

/** The page without `?lang=`, which would otherwise outvote the language just chosen. */
function withoutLanguageParam(path: string) {
  const url = new URL(path, 'http://localhost')
  if (!url.searchParams.has(LANG_PARAM)) return path
  url.searchParams.delete(LANG_PARAM)
  return url.pathname + url.search + url.hash
}

export default class LocaleController {
  /** The language switch: remembered in a cookie (and on the account, if signed in). */
  async update({ request, response, auth }: HttpContext) {
    const { locale, back } = await request.validateUsing(localeValidator)
    response.plainCookie(LOCALE_COOKIE, locale, {
      encode: false,
      maxAge: '1y',
      httpOnly: true,
      sameSite: 'lax',
    })
    if (auth.user && auth.user.locale !== locale) {
      auth.user.locale = locale
      await auth.user.save()
    }
    // a path on this site only: not `//host`, nor `/\\host` or a tab/newline trick browsers read as one
    const target = withoutLanguageParam(safeBackPath(back))
    return response.redirect(target)
  }
}
