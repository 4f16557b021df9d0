import app from '@adonisjs/core/services/app'
import { defineConfig, loaders } from '@adonisjs/i18n'
import { CachedIcuFormatter } from '#shared/i18n/cached_icu_formatter'

export const locales = ['zh-CN', 'en'] as const
export type Locale = (typeof locales)[number]

const i18nConfig = defineConfig({
  defaultLocale: 'zh-CN',
  supportedLocales: [...locales],
  fallbackLocales: { en: 'zh-CN' },
  formatter: () => new CachedIcuFormatter(),
  loaders: [loaders.fs({ location: app.languageFilesPath() })],
})

export default i18nConfig
