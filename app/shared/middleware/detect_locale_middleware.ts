import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'
import { LOCALE_COOKIE, isPageLocale, pickLocale } from '#shared/http/locale_choice'
import { LANG_PARAM } from '#shared/http/public_url'

export { LOCALE_COOKIE }

/**
 * The page language: the language named in the address (?lang=), then the
 * signed-in user's setting, then the language cookie
 * (set by the switcher, also for guests), then Accept-Language, then zh-CN.
 * The rule itself lives in #shared/http/locale_choice, shared with the
 * anonymous page cache.
 */
export function chooseLocale(ctx: HttpContext, userLocale?: string | null) {
  // a public page's address in a language (?lang=en, #shared/http/public_url) names it outright
  const named = ctx.request.qs()[LANG_PARAM]
  if (isPageLocale(named)) return named
  return pickLocale(
    userLocale,
    ctx.request.plainCookie(LOCALE_COOKIE, { encoded: false }),
    ctx.request.header('accept-language')
  )
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
