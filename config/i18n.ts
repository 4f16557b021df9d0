import app from '@adonisjs/core/services/app'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'

export const locales = ['zh-CN', 'en'] as const
export type Locale = (typeof locales)[number]

const i18nConfig = defineConfig({
  defaultLocale: 'zh-CN',
  supportedLocales: [...locales],
  fallbackLocales: { en: 'zh-CN' },
  formatter: formatters.icu(),
  loaders: [loaders.fs({ location: app.languageFilesPath() })],
})

export default i18nConfig
