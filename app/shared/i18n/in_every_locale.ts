import i18nManager from '@adonisjs/i18n/services/main'

/** A text rendered in every supported language, for pushes whose reader's page picks its own. */
export function inEveryLocale(render: (i18n: ReturnType<typeof i18nManager.locale>) => string) {
  const texts: Record<string, string> = {}
  for (const locale of i18nManager.supportedLocales()) {
    texts[locale] = render(i18nManager.locale(locale))
  }
  return texts
}
