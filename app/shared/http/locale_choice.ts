/*
| The page-language rule, as a pure function of request data. Used by the
| locale middleware (which adds the signed-in user's setting in front) and by
| the anonymous page cache, which runs before AdonisJS and must pick exactly
| the language the app would render. No framework imports here: the page cache
| loads this file before the app has booted.
|
| The list must match `locales` / `defaultLocale` in config/i18n.ts (a unit test
| checks it).
*/

export const LOCALES = ['zh-CN', 'en'] as const
export type PageLocale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: PageLocale = 'zh-CN'

/** The language switch's cookie (plain, not encoded). */
export const LOCALE_COOKIE = 'mg_locale'

export function isPageLocale(value: unknown): value is PageLocale {
  return value === 'zh-CN' || value === 'en'
}

/** The supported locale a language tag stands for: any Chinese → zh-CN, any English → en. */
function localeOfTag(tag: string): PageLocale | '*' | undefined {
  const dash = tag.indexOf('-')
  const primary = (dash === -1 ? tag : tag.slice(0, dash)).toLowerCase()
  if (primary === 'zh') return 'zh-CN'
  if (primary === 'en') return 'en'
  if (primary === '*') return '*'
  return undefined
}

/**
 * Accept-Language → the supported locale the visitor prefers most: the entry
 * with the highest q (the first one on a tie) that is Chinese, English or `*`.
 * English therefore wins only when it is preferred over Chinese; `*`, no
 * header or no match give the default (zh-CN).
 */
export function localeFromAcceptLanguage(header: string | undefined | null): PageLocale {
  if (!header) return DEFAULT_LOCALE
  let best: PageLocale | '*' | undefined
  let bestQ = 0
  for (const part of header.split(',')) {
    const semi = part.indexOf(';')
    const locale = localeOfTag((semi === -1 ? part : part.slice(0, semi)).trim())
    if (!locale) continue
    let q = 1
    if (semi !== -1) {
      const match = /;\s*q\s*=([^;]*)/i.exec(part.slice(semi))
      // an unreadable quality counts as "not acceptable", as in the negotiator package
      if (match) q = Number(match[1].trim() || Number.NaN)
      if (!(q >= 0 && q <= 1)) q = 0
    }
    if (q > bestQ) {
      best = locale
      bestQ = q
    }
  }
  return !best || best === '*' ? DEFAULT_LOCALE : best
}

/**
 * The page language: the signed-in user's setting, then the language cookie
 * (set by the switcher, also for guests), then Accept-Language, then zh-CN.
 */
export function pickLocale(
  userLocale: string | null | undefined,
  cookieLocale: string | null | undefined,
  acceptLanguage: string | null | undefined
): PageLocale {
  if (isPageLocale(userLocale)) return userLocale
  if (isPageLocale(cookieLocale)) return cookieLocale
  return localeFromAcceptLanguage(acceptLanguage)
}
