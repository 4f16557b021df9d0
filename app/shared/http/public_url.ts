import { appUrl } from '#config/app'
import { DEFAULT_LOCALE, type PageLocale } from '#shared/http/locale_choice'

/**
 * The query parameter that names a public page's language in its address
 * (`/fields/ceramics?lang=en`): the default language has the bare path.
 * It wins over the cookie and the account's setting for that request
 * (#shared/middleware/detect_locale_middleware). Addresses with a query are
 * never answered from the page cache, so they always show the current page.
 */
export const LANG_PARAM = 'lang'

/** The absolute address of a public page in a language: canonical links, Open Graph, sitemap. */
export function publicUrl(path: string, locale: PageLocale | string = DEFAULT_LOCALE) {
  const url = new URL(path, appUrl)
  if (locale !== DEFAULT_LOCALE) url.searchParams.set(LANG_PARAM, locale)
  return url.href
}

/** A page's description for search results and link previews: one line, at most `max` characters. */
export function metaDescription(text: string | null | undefined, max = 160) {
  const line = (text ?? '').replace(/\s+/g, ' ').trim()
  const chars = [...line]
  return chars.length <= max
    ? line
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
}
