import { IntlMessageFormat } from 'intl-messageformat'
import type { TranslationsFormatterContract } from '@adonisjs/i18n/types'

/**
 * The ICU formatter of @adonisjs/i18n parses the message again on every t()
 * call (~6 % of a page's CPU). Messages are a fixed set, so keep one parsed
 * formatter per (locale, message).
 */
export class CachedIcuFormatter implements TranslationsFormatterContract {
  name = 'icu'
  #formatters = new Map<string, IntlMessageFormat>()

  format(message: string, locale: string, data?: Record<string, any>) {
    const key = `${locale}\u0000${message}`
    let formatter = this.#formatters.get(key)
    if (!formatter) {
      formatter = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true })
      this.#formatters.set(key, formatter)
    }
    return String(formatter.format(data ?? {}))
  }
}
