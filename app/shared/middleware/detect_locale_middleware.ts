import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'

export const LOCALE_COOKIE = 'mg_locale'

/**
 * The page language: the signed-in user's setting, then the language cookie
 * (set by the switcher, also for guests), then Accept-Language, then zh-CN.
 */
export function chooseLocale(ctx: HttpContext, userLocale?: string | null) {
  const wanted = [userLocale, ctx.request.plainCookie(LOCALE_COOKIE, { encoded: false })]
  for (const candidate of wanted) {
    if (candidate && i18nManager.supportedLocales().includes(candidate)) return candidate
  }
  return i18nManager.getSupportedLocaleFor(ctx.request.languages()) ?? i18nManager.defaultLocale
}

export function useLocale(ctx: HttpContext, locale: string) {
  ctx.i18n = i18nManager.locale(locale)
  ctx.containerResolver.bindValue(I18n, ctx.i18n)
  if ('view' in ctx) ctx.view.share({ i18n: ctx.i18n, locale })
}

export default class DetectLocaleMiddleware {
  static {
    RequestValidator.messagesProvider = (ctx) => ctx.i18n.createMessagesProvider()
  }

  async handle(ctx: HttpContext, next: NextFn) {
    useLocale(ctx, chooseLocale(ctx))
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
